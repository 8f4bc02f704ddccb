/** Edits of sticky notes: free text on the canvas, not part of the graph. */
import type { StickyNote, Workflow } from '../../../core/model/workflow';
import type { StickyColor } from '../../../shared/stickyColors';
import { itemIds, refuse, stickiesOf, withStickies, type EditResult } from './editResult';
import { uniqueId } from './freshNames';

/** Adds a sticky note (`note-1`, `note-2`, …) of the default size and colour. */
export function addSticky(workflow: Workflow, position: { x: number; y: number }, text: string): EditResult {
  const id = uniqueId(itemIds(workflow), 'note');
  const note: StickyNote = { id, text, position: { x: position.x, y: position.y } };
  return { ok: true, workflow: withStickies(workflow, [...stickiesOf(workflow), note]), created: [id] };
}

/** Changes a sticky note's text, size, colour (`null`: the default) or position (a resize from the left or top moves it). */
export function updateSticky(
  workflow: Workflow,
  change: { id: string; text?: string; width?: number; height?: number; color?: string | null; position?: { x: number; y: number } },
): EditResult {
  const stickies = stickiesOf(workflow);
  if (!stickies.some((s) => s.id === change.id)) return refuse(`no sticky note with id "${change.id}" in the document`);
  const next = stickies.map((note): StickyNote => {
    if (note.id !== change.id) return note;
    const out: StickyNote = { ...note };
    if (change.text !== undefined) out.text = change.text;
    if (change.width !== undefined) out.width = change.width;
    if (change.height !== undefined) out.height = change.height;
    if (change.position !== undefined) out.position = { ...note.position, x: change.position.x, y: change.position.y };
    // An unknown colour is written as given and refused by the file format check (planEdit).
    if (change.color === null) delete out.color;
    else if (change.color !== undefined) out.color = change.color as StickyColor;
    return out;
  });
  return { ok: true, workflow: withStickies(workflow, next) };
}
