/**
 * What every edit returns, and the lookups the edits share. Nodes and sticky notes share one id
 * space (both are items of the canvas), so new ids avoid both.
 */
import type { StickyNote, Workflow } from '../../../core/model/workflow';

/** Outcome of applying an intent: a new workflow and the ids it added, or why it cannot apply. */
export type EditResult = { ok: true; workflow: Workflow; created?: string[] } | { ok: false; error: string };

/** The refusal `error`. */
export function refuse(error: string): EditResult {
  return { ok: false, error };
}

/** The sticky notes, none when the key is absent. */
export function stickiesOf(workflow: Workflow): StickyNote[] {
  return workflow.stickyNotes ?? [];
}

/** The workflow with these sticky notes; no `stickyNotes` key at all when there are none. */
export function withStickies(workflow: Workflow, stickies: StickyNote[]): Workflow {
  const next: Workflow = { ...workflow, stickyNotes: stickies };
  if (stickies.length === 0) delete next.stickyNotes;
  return next;
}

/** Every id of a canvas item (nodes and sticky notes). */
export function itemIds(workflow: Workflow): Set<string> {
  return new Set([...workflow.nodes.map((n) => n.id), ...stickiesOf(workflow).map((s) => s.id)]);
}

/** Ids in `ids` that name no node. */
export function missingNodes(workflow: Workflow, ids: readonly string[]): string[] {
  const known = new Set(workflow.nodes.map((n) => n.id));
  return ids.filter((id) => !known.has(id));
}

/** Refusal for an id that names no node (the canvas is stale). */
export function noNode(id: string): EditResult {
  return refuse(`no node with id "${id}" in the document`);
}

