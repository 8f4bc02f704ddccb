/**
 * The canvas' right-click menu, keyboard accessible (the WAI-ARIA menu pattern): it takes focus
 * on its first item, arrows / Home / End move, Enter or Space runs, Escape or Tab closes and
 * gives focus back to the canvas. Also opened with Shift+F10 or the context-menu key.
 */
import { Fragment, useEffect, useRef, type KeyboardEvent } from 'react';
import type { MenuItem } from './canvasMenu';
import { useKeepInside } from './useKeepInside';

/** Props of the menu. */
export interface ContextMenuProps {
  /** Where it opens, in pixels inside the canvas element. */
  x: number;
  y: number;
  label: string;
  items: readonly MenuItem[];
  onClose(): void;
}

/** The menu. */
export function ContextMenu({ x, y, label, items, onClose }: ContextMenuProps) {
  const menu = useRef<HTMLDivElement>(null);
  const position = useKeepInside(menu, x, y);

  const enabledItems = (): HTMLElement[] => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [])];
  useEffect(() => enabledItems()[0]?.focus(), []);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent): void => {
      if (!menu.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    event.stopPropagation();
    const list = enabledItems();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const focus = (i: number): void => list[(i + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        focus(index + 1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        focus(index < 0 ? -1 : index - 1);
        break;
      case 'Home':
        event.preventDefault();
        focus(0);
        break;
      case 'End':
        event.preventDefault();
        focus(-1);
        break;
      case 'Escape':
      case 'Tab':
        event.preventDefault();
        onClose();
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        (document.activeElement as HTMLElement | null)?.click();
        break;
    }
  };

  return (
    <div id="context-menu" ref={menu} role="menu" aria-label={label} style={position} onKeyDown={onKeyDown} onContextMenu={(e) => e.preventDefault()}>
      {items.map((item) => (
        <Fragment key={item.id}>
          {item.separatorBefore ? <div className="menu-separator" role="separator" /> : null}
          <div
            role="menuitem"
            tabIndex={-1}
            data-action={item.id}
            aria-disabled={item.disabled ? 'true' : undefined}
            className={`menu-item${item.disabled ? ' disabled' : ''}`}
            onClick={() => {
              if (item.disabled) return;
              onClose();
              item.run();
            }}
          >
            <span className="menu-label">{item.label}</span>
            {item.shortcut ? <span className="menu-shortcut">{item.shortcut}</span> : null}
          </div>
        </Fragment>
      ))}
    </div>
  );
}
