/**
 * A JSON value as a collapsible tree (WAI-ARIA tree pattern): arrows move and open / close,
 * Home / End jump, Enter / Space toggle. Children are drawn only when their parent is open, and
 * long arrays and objects a page at a time, so a big output costs only what is looked at.
 */
import { useCallback, useState, type KeyboardEvent } from 'react';

/** Children drawn per page of a big array or object. */
export const JSON_PAGE = 100;

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function entriesOf(value: Record<string, unknown> | unknown[]): [string, unknown][] {
  return Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
}

/** One line summary of a container: `[3 items]`, `{2 keys}`. */
function summary(value: Record<string, unknown> | unknown[]): string {
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  const n = Object.keys(value).length;
  return `{${n} key${n === 1 ? '' : 's'}}`;
}

function Scalar({ value }: { value: unknown }) {
  if (typeof value === 'string') return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-boolean">{String(value)}</span>;
  if (value === null) return <span className="json-null">null</span>;
  return <span className="json-null">undefined</span>;
}

/** The treeitems of the tree, in the order they are drawn (only open branches draw children). */
function visibleItems(tree: HTMLElement): HTMLElement[] {
  return [...tree.querySelectorAll<HTMLElement>('[role="treeitem"]')];
}

function JsonNode({ name, value, level, defaultOpen }: { name: string; value: unknown; level: number; defaultOpen: boolean }) {
  const container = isContainer(value);
  const [open, setOpen] = useState(defaultOpen && container);
  const [shown, setShown] = useState(JSON_PAGE);
  const entries = open && container ? entriesOf(value) : [];
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLLIElement>) => {
      // Only the focused item handles its own keys, not its ancestors.
      if (event.target !== event.currentTarget) return;
      if (event.key === 'ArrowRight' && container) {
        event.preventDefault();
        event.stopPropagation();
        if (!open) setOpen(true);
        else event.currentTarget.querySelector<HTMLElement>('[role="treeitem"]')?.focus();
      } else if (event.key === 'ArrowLeft') {
        event.preventDefault();
        event.stopPropagation();
        if (open) setOpen(false);
        else event.currentTarget.parentElement?.closest<HTMLElement>('[role="treeitem"]')?.focus();
      } else if ((event.key === 'Enter' || event.key === ' ') && container) {
        event.preventDefault();
        event.stopPropagation();
        setOpen(!open);
      }
    },
    [container, open],
  );
  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={container ? open : undefined}
      tabIndex={level === 1 ? 0 : -1}
      className="json-item"
      onKeyDown={onKeyDown}
      onClick={(event) => {
        event.stopPropagation();
        event.currentTarget.focus();
        if (container) setOpen(!open);
      }}
    >
      <div className="json-row">
        <span className="json-toggle" aria-hidden="true">
          {container ? (open ? '▾' : '▸') : ''}
        </span>
        <span className="json-key">{name}</span>
        <span className="json-colon">: </span>
        {container ? <span className="json-summary">{summary(value)}</span> : <Scalar value={value} />}
      </div>
      {open && entries.length > 0 ? (
        <ul role="group">
          {entries.slice(0, shown).map(([key, child]) => (
            <JsonNode key={key} name={key} value={child} level={level + 1} defaultOpen={false} />
          ))}
          {entries.length > shown ? (
            <li
              role="treeitem"
              aria-level={level + 1}
              tabIndex={-1}
              className="json-item json-more"
              onClick={(event) => {
                event.stopPropagation();
                setShown(shown + JSON_PAGE);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  event.stopPropagation();
                  setShown(shown + JSON_PAGE);
                }
              }}
            >
              {`Show ${Math.min(JSON_PAGE, entries.length - shown)} more of ${entries.length}…`}
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

/** A JSON value as a tree; the root is open. */
export function JsonTree({ value, label, rootName = 'value' }: { value: unknown; label: string; rootName?: string }) {
  const onKeyDown = useCallback((event: KeyboardEvent<HTMLUListElement>) => {
    const items = visibleItems(event.currentTarget);
    const index = items.indexOf(document.activeElement as HTMLElement);
    let next: HTMLElement | undefined;
    if (event.key === 'ArrowDown') next = items[Math.min(items.length - 1, index + 1)];
    else if (event.key === 'ArrowUp') next = items[Math.max(0, index - 1)];
    else if (event.key === 'Home') next = items[0];
    else if (event.key === 'End') next = items[items.length - 1];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  }, []);
  return (
    <ul role="tree" aria-label={label} className="json-tree" onKeyDown={onKeyDown}>
      <JsonNode name={rootName} value={value} level={1} defaultOpen />
    </ul>
  );
}
