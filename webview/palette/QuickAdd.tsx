/**
 * The quick-add popup: a searchable list of node types opened where a connection was dropped on
 * empty canvas (or from the menus). Type to filter, arrows to choose, Enter to add, Escape to
 * close. The combobox pattern: focus stays in the field, the active option is announced.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { NodeTypeView } from '../../src/protocol/view';
import { Codicon } from '../icons';
import { useKeepInside } from '../canvas/useKeepInside';
import { searchCatalog } from './catalogSearch';

/** Props of the popup. */
export interface QuickAddProps {
  catalog: readonly NodeTypeView[];
  /** Where to open, in pixels inside the canvas element. */
  left: number;
  top: number;
  /** What the new node will be attached to, for the heading. */
  title: string;
  onChoose(nodeType: string): void;
  onClose(): void;
}

/** The popup. */
export function QuickAdd({ catalog, left, top, title, onChoose, onClose }: QuickAddProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const field = useRef<HTMLInputElement>(null);
  const popup = useRef<HTMLDivElement>(null);
  // Opened near the canvas' bottom or right edge, it moves up or left rather than run off it.
  const position = useKeepInside(popup, left, top);
  const found = useMemo(() => searchCatalog(catalog, query), [catalog, query]);
  useEffect(() => field.current?.focus(), []);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    document.getElementById(`quick-add-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    event.stopPropagation();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (found.length === 0 ? 0 : (i + step + found.length) % found.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const type = found[active];
      if (type) onChoose(type.type);
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <div id="quick-add" ref={popup} role="dialog" aria-label={title} style={position} onBlur={(e) => !e.currentTarget.contains(e.relatedTarget) && onClose()}>
      <div className="quick-add-title">{title}</div>
      <input
        ref={field}
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls="quick-add-list"
        aria-activedescendant={found[active] ? `quick-add-option-${active}` : undefined}
        aria-label="Search node types"
        placeholder="Search node types"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <ul id="quick-add-list" role="listbox" aria-label="Node types">
        {found.map((type, index) => (
          <li
            key={type.type}
            id={`quick-add-option-${index}`}
            role="option"
            aria-selected={index === active}
            className={`quick-add-option category-${type.category}${index === active ? ' active' : ''}`}
            data-node-type={type.type}
            title={type.description}
            // mousedown, not click: the field's blur would close the popup first
            onMouseDown={(e) => {
              e.preventDefault();
              onChoose(type.type);
            }}
            onMouseEnter={() => setActive(index)}
          >
            <span className="palette-icon">
              <Codicon name={type.icon} />
            </span>
            <span className="palette-title">{type.title}</span>
          </li>
        ))}
        {found.length === 0 ? <li className="palette-empty">No match</li> : null}
      </ul>
    </div>
  );
}
