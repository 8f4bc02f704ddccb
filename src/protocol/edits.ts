/**
 * Edit intents applied to a workflow: pure functions (no vscode, no DOM) so the host's edits
 * are unit-tested in plain Node. The host serializes the result and replaces the document.
 *
 * Each function returns a new workflow and leaves its argument untouched; keys the functions
 * do not manage (notes, retry, unknown keys) are carried over as they are.
 */
import type { Workflow, WorkflowEdge, WorkflowNode } from '../core/model/workflow';
import type { EditIntent, NodeChanges, NodePosition } from './messages';

/** Outcome of applying an intent: a new workflow, or why the intent cannot apply. */
export type EditResult = { ok: true; workflow: Workflow } | { ok: false; error: string };

/** Applies one edit intent to `workflow`. */
export function applyEditIntent(workflow: Workflow, intent: EditIntent): EditResult {
  switch (intent.type) {
    case 'moveNodes':
      return moveNodes(workflow, intent.positions);
    case 'removeElements':
      return removeElements(workflow, intent.nodeIds, intent.edgeIds);
    case 'connect':
      return connect(workflow, intent);
    case 'updateNode':
      return updateNode(workflow, intent.id, intent.changes);
  }
}

function missingNodes(workflow: Workflow, ids: readonly string[]): string[] {
  const known = new Set(workflow.nodes.map((n) => n.id));
  return ids.filter((id) => !known.has(id));
}

/** Moves nodes; an unknown id means the canvas is stale, so nothing is moved. */
export function moveNodes(workflow: Workflow, positions: readonly NodePosition[]): EditResult {
  const missing = missingNodes(workflow, positions.map((p) => p.id));
  if (missing.length > 0) return { ok: false, error: `no node with id "${missing[0]}" in the document` };
  const byId = new Map(positions.map((p) => [p.id, p]));
  const nodes = workflow.nodes.map((node): WorkflowNode => {
    const p = byId.get(node.id);
    return p ? { ...node, position: { ...node.position, x: p.x, y: p.y } } : node;
  });
  return { ok: true, workflow: { ...workflow, nodes } };
}

/**
 * Removes nodes, every edge touching them, and edges. Ids already gone are ignored: a delete
 * that raced with another editor's delete has the effect the user wanted.
 */
export function removeElements(workflow: Workflow, nodeIds: readonly string[], edgeIds: readonly string[]): EditResult {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  return {
    ok: true,
    workflow: {
      ...workflow,
      nodes: workflow.nodes.filter((n) => !nodes.has(n.id)),
      edges: workflow.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
    },
  };
}

/** Handles written in full so that an edge added on the canvas reads the same as any other. */
interface Connection {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

/** A readable edge id not used yet: `<source>-<target>`, then `-2`, `-3`… */
export function newEdgeId(workflow: Workflow, source: string, target: string): string {
  const used = new Set(workflow.edges.map((e) => e.id));
  const base = `${source}-${target}`;
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Adds an edge; connecting what is already connected changes nothing. */
export function connect(workflow: Workflow, c: Connection): EditResult {
  const missing = missingNodes(workflow, [c.source, c.target]);
  if (missing.length > 0) return { ok: false, error: `no node with id "${missing[0]}" in the document` };
  if (c.source === c.target) return { ok: false, error: 'a node cannot be connected to itself' };
  const exists = workflow.edges.some(
    (e) =>
      e.source === c.source &&
      e.target === c.target &&
      (e.sourceHandle ?? 'out') === c.sourceHandle &&
      (e.targetHandle ?? 'in') === c.targetHandle,
  );
  if (exists) return { ok: true, workflow };
  // Fields listed one by one: `c` may be the whole intent, whose `type` must not reach the file.
  const edge: WorkflowEdge = {
    id: newEdgeId(workflow, c.source, c.target),
    source: c.source,
    sourceHandle: c.sourceHandle,
    target: c.target,
    targetHandle: c.targetHandle,
  };
  return { ok: true, workflow: { ...workflow, edges: [...workflow.edges, edge] } };
}

/**
 * Changes a node's name, config or disabled flag. `disabled: false` removes the key rather
 * than writing `false`, so enabling a node gives back the file it had before disabling it.
 */
export function updateNode(workflow: Workflow, id: string, changes: NodeChanges): EditResult {
  if (missingNodes(workflow, [id]).length > 0) return { ok: false, error: `no node with id "${id}" in the document` };
  if (changes.name !== undefined && workflow.nodes.some((n) => n.id !== id && n.name === changes.name)) {
    return { ok: false, error: `another node is already named "${changes.name}"` };
  }
  const nodes = workflow.nodes.map((node): WorkflowNode => {
    if (node.id !== id) return node;
    const next: WorkflowNode = { ...node };
    if (changes.name !== undefined) next.name = changes.name;
    if (changes.config !== undefined) next.config = changes.config;
    if (changes.disabled === true) next.disabled = true;
    else if (changes.disabled === false) delete next.disabled;
    return next;
  });
  return { ok: true, workflow: { ...workflow, nodes } };
}
