/**
 * The node palette beside the canvas: node types by category with icon and one line of docs,
 * searchable. A click (or Enter) adds the type at the centre of the view; dragging an item onto
 * the canvas adds it where it is dropped.
 */
import { memo, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { NodeTypeView } from '../../src/protocol/view';
import { Codicon } from '../icons';
import { groupByCategory, NODE_TYPE_MIME, searchCatalog } from './catalogSearch';

/** Props of the palette. */
export interface NodePaletteProps {
  catalog: readonly NodeTypeView[];
  onAdd(nodeType: string): void;
  onClose(): void;
}

/** Moves focus among the palette's items with the arrow keys. */
function moveFocus(list: HTMLElement | null, from: Element | null, step: number): void {
  const items = [...(list?.querySelectorAll<HTMLButtonElement>('.palette-item') ?? [])];
  if (items.length === 0) return;
  const index = items.indexOf(from as HTMLButtonElement);
  const next = index < 0 ? (step > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, index + step));
  items[next]!.focus();
}

function NodePaletteImpl({ catalog, onAdd, onClose }: NodePaletteProps) {
  const [query, setQuery] = useState('');
  const list = useRef<HTMLDivElement>(null);
  const found = useMemo(() => searchCatalog(catalog, query), [catalog, query]);
  const groups = useMemo(() => (query ? [{ category: 'results', title: `${found.length} found`, types: found }] : groupByCategory(found)), [found, query]);

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      moveFocus(list.current, null, 1);
    } else if (event.key === 'Enter' && found[0]) {
      event.preventDefault();
      onAdd(found[0].type);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (query) setQuery('');
      else onClose();
    }
  };
  const onListKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      moveFocus(list.current, document.activeElement, event.key === 'ArrowDown' ? 1 : -1);
    }
  };

  return (
    <aside id="node-palette" aria-label="Node palette">
      <div className="palette-header">
        <input
          id="palette-search"
          type="search"
          placeholder="Search nodes"
          aria-label="Search nodes"
          aria-controls="palette-list"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
        />
        <button type="button" className="icon-button" aria-label="Close node palette" title="Close node palette" onClick={onClose}>
          <Codicon name="close" />
        </button>
      </div>
      <div id="palette-list" ref={list} onKeyDown={onListKey}>
        {groups.map((group) => (
          <section key={group.category} className="palette-group" aria-label={group.title}>
            <h3 className="palette-group-title">{group.title}</h3>
            <ul role="list">
              {group.types.map((type) => (
                <li key={type.type}>
                  <button
                    type="button"
                    className={`palette-item category-${type.category}`}
                    data-node-type={type.type}
                    draggable
                    aria-label={`Add ${type.title}: ${type.description}`}
                    title={`${type.type}: ${type.description} (click to add, or drag onto the canvas)`}
                    onClick={() => onAdd(type.type)}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(NODE_TYPE_MIME, type.type);
                      event.dataTransfer.effectAllowed = 'copy';
                    }}
                  >
                    <span className="palette-icon">
                      <Codicon name={type.icon} />
                    </span>
                    <span className="palette-text">
                      <span className="palette-title">{type.title}</span>
                      <span className="palette-description">{type.description}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {found.length === 0 ? <p className="palette-empty">No node type matches “{query}”.</p> : null}
      </div>
    </aside>
  );
}

/** The palette (memoized: the canvas re-renders far more often than the catalog changes). */
export const NodePalette = memo(NodePaletteImpl);
