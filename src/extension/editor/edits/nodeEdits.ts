/**
 * Edits of nodes and edges: move, remove, connect, change, add, disable. Each returns a new
 * workflow and leaves its argument untouched; keys it does not manage are carried over.
 */
import type { OnError, RetryPolicy, StickyNote, Workflow, WorkflowEdge, WorkflowNode } from '../../../core/model/workflow';
import type { NodeChanges, NodePosition } from '../../../protocol/messages';
import type { NodeTypeView } from '../../../protocol/view';
import { itemIds, missingNodes, noNode, refuse, stickiesOf, withStickies, type EditResult } from './editResult';
import { newEdgeId, typeIdStem, uniqueId, uniqueName } from './freshNames';

/**
 * Moves nodes and sticky notes; an unknown id means the canvas is stale, so nothing is moved.
 */
export function moveNodes(workflow: Workflow, positions: readonly NodePosition[]): EditResult {
  const known = itemIds(workflow);
  const missing = positions.find((p) => !known.has(p.id));
  if (missing) return noNode(missing.id);
  const byId = new Map(positions.map((p) => [p.id, p]));
  const nodes = workflow.nodes.map((node): WorkflowNode => {
    const p = byId.get(node.id);
    return p ? { ...node, position: { ...node.position, x: p.x, y: p.y } } : node;
  });
  const stickies = stickiesOf(workflow).map((note): StickyNote => {
    const p = byId.get(note.id);
    return p ? { ...note, position: { ...note.position, x: p.x, y: p.y } } : note;
  });
  return { ok: true, workflow: withStickies({ ...workflow, nodes }, stickies) };
}

/**
 * Removes nodes (and every edge touching them), sticky notes (their ids come with the nodes')
 * and edges. Ids already gone are ignored: a delete that raced with another editor's delete
 * has the effect the user wanted.
 */
export function removeElements(workflow: Workflow, nodeIds: readonly string[], edgeIds: readonly string[]): EditResult {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  const next: Workflow = {
    ...workflow,
    nodes: workflow.nodes.filter((n) => !nodes.has(n.id)),
    edges: workflow.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
  return {
    ok: true,
    workflow: workflow.stickyNotes ? withStickies(next, workflow.stickyNotes.filter((s) => !nodes.has(s.id))) : next,
  };
}

/** Handles written in full so that an edge added on the canvas reads the same as any other. */
interface Connection {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

/** Adds an edge; connecting what is already connected changes nothing. */
export function connect(workflow: Workflow, c: Connection): EditResult {
  const missing = missingNodes(workflow, [c.source, c.target]);
  if (missing.length > 0) return noNode(missing[0]);
  if (c.source === c.target) return refuse('a node cannot be connected to itself');
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
  return { ok: true, workflow: { ...workflow, edges: [...workflow.edges, edge] }, created: [edge.id] };
}

/** Sets (a value) or removes (`null`) an optional key of a node. */
function setOptional<K extends 'notes' | 'retry' | 'onError' | 'timeoutMs'>(node: WorkflowNode, key: K, value: WorkflowNode[K] | null | undefined): void {
  if (value === undefined) return;
  if (value === null) delete node[key];
  else node[key] = value;
}

/**
 * Changes a node's name, config, disabled flag, notes, retry, onError or timeout. `null` removes
 * an optional key; `disabled: false` removes the key rather than writing `false`, so enabling a
 * node gives back the file it had before disabling it. Values are checked by the validator
 * afterwards (a bad retry policy is refused there, a bad config value is written and shown).
 */
export function updateNode(workflow: Workflow, id: string, changes: NodeChanges): EditResult {
  if (missingNodes(workflow, [id]).length > 0) return noNode(id);
  if (changes.name !== undefined && workflow.nodes.some((n) => n.id !== id && n.name === changes.name)) {
    return refuse(`another node is already named "${changes.name}"`);
  }
  const nodes = workflow.nodes.map((node): WorkflowNode => {
    if (node.id !== id) return node;
    const next: WorkflowNode = { ...node };
    if (changes.name !== undefined) next.name = changes.name;
    if (changes.config !== undefined) next.config = changes.config;
    if (changes.disabled === true) next.disabled = true;
    else if (changes.disabled === false) delete next.disabled;
    setOptional(next, 'notes', changes.notes);
    setOptional(next, 'retry', changes.retry as RetryPolicy | null | undefined);
    setOptional(next, 'onError', changes.onError as OnError | null | undefined);
    setOptional(next, 'timeoutMs', changes.timeoutMs);
    return next;
  });
  return { ok: true, workflow: { ...workflow, nodes } };
}

/** Where a new node attaches: a handle of an existing node and which side it is on. */
interface ConnectFrom {
  nodeId: string;
  handle: string;
  side: 'source' | 'target';
}

/**
 * Adds a node of a catalog type with a fresh id (`request-1`), a free name ("HTTP Request 2")
 * and the type's default config. With `connectFrom`, an edge joins it to that handle: from an
 * output to the new node's first input, or from the new node's first output to an input.
 */
export function addNode(
  workflow: Workflow,
  intent: { nodeType: string; position: { x: number; y: number }; connectFrom?: ConnectFrom },
  catalog: readonly NodeTypeView[],
): EditResult {
  const type = catalog.find((t) => t.type === intent.nodeType);
  if (!type) return refuse(`unknown node type "${intent.nodeType}"`);
  const id = uniqueId(itemIds(workflow), typeIdStem(type.type));
  const name = uniqueName(new Set(workflow.nodes.map((n) => n.name)), type.title);
  const node: WorkflowNode = { id, type: type.type, name, position: { x: intent.position.x, y: intent.position.y }, config: structuredClone(type.defaults) };
  const added: Workflow = { ...workflow, nodes: [...workflow.nodes, node] };
  const from = intent.connectFrom;
  if (!from) return { ok: true, workflow: added, created: [id] };
  if (missingNodes(workflow, [from.nodeId]).length > 0) return noNode(from.nodeId);
  let connection: Connection;
  if (from.side === 'source') {
    const input = type.inputs[0];
    if (!input) return refuse(`${type.title} has no input to connect to${type.isTrigger ? ' (a trigger starts runs)' : ''}`);
    connection = { source: from.nodeId, sourceHandle: from.handle, target: id, targetHandle: input.name };
  } else {
    const output = type.outputs[0];
    if (!output) return refuse(`${type.title} has no output to connect from`);
    connection = { source: id, sourceHandle: output.name, target: from.nodeId, targetHandle: from.handle };
  }
  const wired = connect(added, connection);
  if (!wired.ok) return wired;
  return { ok: true, workflow: wired.workflow, created: [id, ...(wired.created ?? [])] };
}

/** Disables or enables several nodes in one edit (enabling removes the key). */
export function setDisabled(workflow: Workflow, nodeIds: readonly string[], disabled: boolean): EditResult {
  const missing = missingNodes(workflow, nodeIds);
  if (missing.length > 0) return noNode(missing[0]);
  const ids = new Set(nodeIds);
  const nodes = workflow.nodes.map((node): WorkflowNode => {
    if (!ids.has(node.id)) return node;
    const next: WorkflowNode = { ...node };
    if (disabled) next.disabled = true;
    else delete next.disabled;
    return next;
  });
  return { ok: true, workflow: { ...workflow, nodes } };
}
