/**
 * Edit intents applied to a workflow: pure functions (no vscode, no DOM) so the host's edits
 * are unit-tested in plain Node. The host serializes the result and replaces the document.
 *
 * Each function returns a new workflow and leaves its argument untouched; keys the functions
 * do not manage (unknown keys included) are carried over as they are. Nodes and sticky notes
 * share one id space (both are items of the canvas), so new ids avoid both.
 *
 * What is checked here is what the intent itself must get right (the node exists, the pasted
 * JSON has the file's shapes); whether the resulting graph is sound (no cycle, handles that
 * exist) is decided by the host's validator afterwards (see planEdit.ts).
 */
import type { z } from 'zod';
import {
  EdgeSchema,
  NodeSchema,
  StickyNoteSchema,
  type OnError,
  type RetryPolicy,
  type StickyColor,
  type StickyNote,
  type Workflow,
  type WorkflowEdge,
  type WorkflowNode,
} from '../core/model/workflow';
import { findingsOfIssues, issueText } from '../core/validation/issues';
import type { EditIntent, Fragment, NodeChanges, NodePosition } from './messages';
import type { NodeTypeView } from './view';

/** Outcome of applying an intent: a new workflow and the ids it added, or why it cannot apply. */
export type EditResult = { ok: true; workflow: Workflow; created?: string[] } | { ok: false; error: string };

/** What intents need besides the workflow: the node types (for `addNode`). */
export interface EditContext {
  catalog: readonly NodeTypeView[];
}

const NO_CONTEXT: EditContext = { catalog: [] };

/** Applies one edit intent to `workflow`. */
export function applyEditIntent(workflow: Workflow, intent: EditIntent, context: EditContext = NO_CONTEXT): EditResult {
  switch (intent.type) {
    case 'moveNodes':
      return moveNodes(workflow, intent.positions);
    case 'removeElements':
      return removeElements(workflow, intent.nodeIds, intent.edgeIds);
    case 'connect':
      return connect(workflow, intent);
    case 'updateNode':
      return updateNode(workflow, intent.id, intent.changes);
    case 'addNode':
      return addNode(workflow, intent, context.catalog);
    case 'insertFragment':
      return insertFragment(workflow, intent.fragment, intent.offset);
    case 'setDisabled':
      return setDisabled(workflow, intent.nodeIds, intent.disabled);
    case 'addSticky':
      return addSticky(workflow, intent.position, intent.text);
    case 'updateSticky':
      return updateSticky(workflow, intent);
  }
}

function refuse(error: string): EditResult {
  return { ok: false, error };
}

function stickiesOf(workflow: Workflow): StickyNote[] {
  return workflow.stickyNotes ?? [];
}

/** The workflow with these sticky notes; no `stickyNotes` key at all when there are none. */
function withStickies(workflow: Workflow, stickies: StickyNote[]): Workflow {
  const next: Workflow = { ...workflow, stickyNotes: stickies };
  if (stickies.length === 0) delete next.stickyNotes;
  return next;
}

/** Every id of a canvas item (nodes and sticky notes). */
function itemIds(workflow: Workflow): Set<string> {
  return new Set([...workflow.nodes.map((n) => n.id), ...stickiesOf(workflow).map((s) => s.id)]);
}

function missingNodes(workflow: Workflow, ids: readonly string[]): string[] {
  const known = new Set(workflow.nodes.map((n) => n.id));
  return ids.filter((id) => !known.has(id));
}

function noNode(id: string): EditResult {
  return refuse(`no node with id "${id}" in the document`);
}

/** `base-1`, `base-2`, … : the first not in `used` (the caller adds it to `used`). */
export function uniqueId(used: ReadonlySet<string>, base: string): string {
  for (let i = 1; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** `name`, else `name 2`, `name 3`, … : the first not in `used`. */
export function uniqueName(used: ReadonlySet<string>, name: string): string {
  if (!used.has(name)) return name;
  const stem = name.replace(/ \d+$/, '');
  for (let i = 2; ; i++) if (!used.has(`${stem} ${i}`)) return `${stem} ${i}`;
}

/** The id stem of a node type: its last segment in kebab case (`http.request` → `request`). */
export function typeIdStem(type: string): string {
  const last = type.split('.').pop() ?? type;
  const stem = last
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return stem === '' ? 'node' : stem;
}

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

/** A readable edge id not used yet: `<source>-<target>`, then `-2`, `-3`… */
export function newEdgeId(workflow: Pick<Workflow, 'edges'>, source: string, target: string, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set(workflow.edges.map((e) => e.id));
  const free = (id: string): boolean => !used.has(id) && !taken.has(id);
  const base = `${source}-${target}`;
  if (free(base)) return base;
  for (let i = 2; ; i++) if (free(`${base}-${i}`)) return `${base}-${i}`;
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
