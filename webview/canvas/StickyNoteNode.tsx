/**
 * A sticky note on the canvas: free text stored in the file (`stickyNotes`), not part of the
 * graph. Double-click (or Enter / F2 when focused) edits the text; Ctrl+Enter or leaving the
 * field commits it, Escape cancels. Resizing commits once, at the end of the resize.
 */
import { memo, useContext, useEffect, useRef, useState } from 'react';
import { NodeResizer, type NodeProps, type ResizeDragEvent, type ResizeParams } from 'reactflow';
import { STICKY_COLORS } from '../../src/shared/stickyColors';
import { CanvasActionsContext } from './canvasActions';
import type { StickyNodeData } from '../flowMapping';

const MIN_WIDTH = 120;
const MIN_HEIGHT = 60;

function StickyNoteNodeImpl({ id, data, selected, xPos, yPos }: NodeProps<StickyNodeData>) {
  const { sticky } = data;
  const actions = useContext(CanvasActionsContext);
  const editing = actions.editingStickyId === id;
  const [draft, setDraft] = useState(sticky.text);
  const field = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (!editing) return;
    setDraft(sticky.text);
    // React Flow keeps a new note hidden until it has measured it, and a hidden field cannot
    // take focus: try again for a few frames. The caret goes to the end.
    let frame = 0;
    let tries = 0;
    const focus = (): void => {
      const element = field.current;
      if (!element) return;
      element.focus();
      if (document.activeElement === element) element.setSelectionRange(element.value.length, element.value.length);
      else if (tries++ < 20) frame = requestAnimationFrame(focus);
    };
    focus();
    return () => cancelAnimationFrame(frame);
    // Only when editing starts: a text arriving meanwhile must not reset what is being typed.
  }, [editing]);

  const finish = (commit: boolean): void => {
    if (commit && draft !== sticky.text) actions.updateSticky({ id, text: draft });
    actions.setEditingStickyId(undefined);
  };

  const onResizeEnd = (_event: ResizeDragEvent, params: ResizeParams): void => {
    const change = { id, width: Math.round(params.width), height: Math.round(params.height) };
    const moved = Math.round(params.x) !== Math.round(xPos) || Math.round(params.y) !== Math.round(yPos);
    actions.updateSticky(moved ? { ...change, position: { x: Math.round(params.x), y: Math.round(params.y) } } : change);
  };

  const color = sticky.color ?? 'yellow';
  return (
    <>
      {/* Outside the note's box, which clips its text: the handles sit half outside it. */}
      <NodeResizer isVisible={selected && !editing} minWidth={MIN_WIDTH} minHeight={MIN_HEIGHT} onResizeEnd={onResizeEnd} handleClassName="sticky-resize-handle" lineClassName="sticky-resize-line" />
      <div className={`sticky-note sticky-${color}${selected ? ' selected' : ''}`} onDoubleClick={() => actions.setEditingStickyId(id)}>
        {editing ? (
          <textarea
            ref={field}
            className="sticky-editor nodrag nowheel"
            aria-label="Sticky note text"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => finish(true)}
            onKeyDown={(e) => {
              e.stopPropagation();
              if (e.key === 'Escape') finish(false);
              else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) finish(true);
            }}
          />
        ) : (
          <div className={`sticky-text${sticky.text ? '' : ' sticky-empty'}`}>{sticky.text || 'Double-click to write a note'}</div>
        )}
        {selected && !editing ? (
          <div className="sticky-colors nodrag" role="group" aria-label="Note colour">
            {STICKY_COLORS.map((name) => (
              <button
                key={name}
                type="button"
                className={`sticky-swatch sticky-${name}`}
                aria-label={name}
                title={name}
                aria-pressed={name === color}
                onClick={() => actions.updateSticky({ id, color: name === 'yellow' ? null : name })}
              />
            ))}
          </div>
        ) : null}
      </div>
    </>
  );
}

/** The canvas component of sticky notes. */
export const StickyNoteNode = memo(StickyNoteNodeImpl);
