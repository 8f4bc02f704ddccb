/**
 * Paste and duplicate: clipboard JSON (which may hold anything) checked against the file format
 * and inserted with fresh ids and names where they collide.
 */
import type { z } from 'zod';
import { EdgeSchema, NodeSchema, StickyNoteSchema, type StickyNote, type Workflow, type WorkflowEdge, type WorkflowNode } from '../../../core/model/workflow';
import { findingsOfIssues, issueText } from '../../../core/validation/issues';
import type { Fragment } from '../../../protocol/messages';
import { itemIds, refuse, stickiesOf, withStickies, type EditResult } from './editResult';
import { newEdgeId, uniqueId, uniqueName } from './freshNames';

/** `node "Name" (id)`, or its position in the pasted list when it has no usable id. */
function pastedLabel(kind: 'node' | 'edge' | 'sticky note', raw: Record<string, unknown>, index: number): string {
  const id = typeof raw.id === 'string' ? raw.id : undefined;
  const name = typeof raw.name === 'string' ? raw.name : undefined;
  if (id === undefined) return `${kind} #${index + 1}`;
  return name && name !== id ? `${kind} "${name}" (${id})` : `${kind} "${id}"`;
}

/** Parses each pasted item with the file format's schema; the first problem names item and field. */
function parseItems<T>(schema: z.ZodType<T>, items: readonly Record<string, unknown>[], kind: 'node' | 'edge' | 'sticky note'): { ok: true; items: T[] } | { ok: false; error: string } {
  const out: T[] = [];
  for (const [index, raw] of items.entries()) {
    const result = schema.safeParse(raw, { error: issueText });
    if (result.success) {
      out.push(result.data);
      continue;
    }
    const [finding] = findingsOfIssues(raw, [], result.error.issues);
    const where = finding?.message.replace(/^the workflow /, '') ?? 'has an unexpected shape';
    return { ok: false, error: `Cannot paste: ${pastedLabel(kind, raw, index)}: ${where}` };
  }
  return { ok: true, items: out };
}

/** A new id for a pasted item: its own when free, else its stem numbered (`log-1` → `log-2`). */
function freshId(used: Set<string>, id: string): string {
  const fresh = used.has(id) ? uniqueId(used, id.replace(/-\d+$/, '')) : id;
  used.add(fresh);
  return fresh;
}

/**
 * Inserts pasted or duplicated nodes, edges and sticky notes, shifted by `offset`. Each item is
 * checked against the file format first (the clipboard may hold anything). Ids and names that
 * are taken get fresh ones; only edges between pasted nodes are kept.
 */
export function insertFragment(workflow: Workflow, fragment: Fragment, offset: { x: number; y: number }): EditResult {
  const nodes = parseItems(NodeSchema, fragment.nodes, 'node');
  if (!nodes.ok) return nodes;
  const stickies = parseItems(StickyNoteSchema, fragment.stickyNotes, 'sticky note');
  if (!stickies.ok) return stickies;
  if (nodes.items.length === 0 && stickies.items.length === 0) return refuse('Nothing to paste: the clipboard holds no workflow nodes or sticky notes.');
  const edges = parseItems(EdgeSchema, fragment.edges, 'edge');
  if (!edges.ok) return edges;

  const usedIds = itemIds(workflow);
  const usedNames = new Set(workflow.nodes.map((n) => n.name));
  const idMap = new Map<string, string>();
  const shift = (p: { x: number; y: number }) => ({ ...p, x: p.x + offset.x, y: p.y + offset.y });
  const newNodes = nodes.items.map((node): WorkflowNode => {
    const id = freshId(usedIds, node.id);
    // With duplicate ids in the fragment, edges attach to the first node of that id.
    if (!idMap.has(node.id)) idMap.set(node.id, id);
    const name = uniqueName(usedNames, node.name);
    usedNames.add(name);
    return { ...node, id, name, position: shift(node.position) };
  });
  const newStickies = stickies.items.map((note): StickyNote => ({ ...note, id: freshId(usedIds, note.id), position: shift(note.position) }));

  const usedEdgeIds = new Set(workflow.edges.map((e) => e.id));
  const newEdges: WorkflowEdge[] = [];
  for (const edge of edges.items) {
    const source = idMap.get(edge.source);
    const target = idMap.get(edge.target);
    if (source === undefined || target === undefined) continue;
    const id = usedEdgeIds.has(edge.id) ? newEdgeId(workflow, source, target, usedEdgeIds) : edge.id;
    usedEdgeIds.add(id);
    newEdges.push({ ...edge, id, source, target });
  }
  const next = withStickies({ ...workflow, nodes: [...workflow.nodes, ...newNodes], edges: [...workflow.edges, ...newEdges] }, [...stickiesOf(workflow), ...newStickies]);
  return { ok: true, workflow: next, created: [...newNodes.map((n) => n.id), ...newStickies.map((s) => s.id), ...newEdges.map((e) => e.id)] };
}
