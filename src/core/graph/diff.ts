/**
 * Semantic diff of two workflows: what a person would say changed ("added 2 nodes, changed url
 * of "Fetch prices""), not which lines moved. Nodes are matched by id, connections by their
 * endpoints (an edge's own id carries no meaning), and key order inside `config` is ignored.
 *
 * `diffWorkflows` gives the structured result (nodes added, removed and changed — renamed,
 * retyped, reconfigured, moved —, connections added and removed, top-level fields changed);
 * `summarizeChanges` turns it into the one-line summary the history stores with each version
 * (store/registration.ts).
 */
import { edgeSourceHandle, edgeTargetHandle } from '../model/workflow';
import type { Position, StickyNote, Workflow, WorkflowEdge, WorkflowNode } from '../model/workflow';
import { formatFieldPath } from './fieldPath';

/** A node as the diff reports it. */
export interface DiffNodeRef {
  id: string;
  name: string;
  type: string;
}

/** A connection as the diff reports it (names resolved for messages). */
export interface DiffEdgeRef {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
  sourceName: string;
  targetName: string;
}

/**
 * One changed value: `path` names it (`config.url`, `config.headers.Accept`, `retry`,
 * `settings.timeoutMs`; see `fieldPath.ts`); `before` / `after` are absent when the field was
 * added / removed. Plain objects are compared key by key, other values (arrays) as a whole.
 */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** What changed on a node present in both versions. */
export interface NodeChange {
  id: string;
  /** Name in the newer version. */
  name: string;
  /** Set when the node was renamed. */
  previousName?: string;
  /** Set when the node type changed. */
  type?: { from: string; to: string };
  /** Keys of `config` that were added, removed or changed, in the newer version's order. */
  configKeys: string[];
  /** Other node properties that changed: `notes`, `retry`, `timeoutMs`, `onError`. */
  properties: string[];
  /** Set when `disabled` changed: true means the node is now disabled. */
  disabled?: boolean;
  /** The canvas position changed. */
  moved: boolean;
  /** Every changed value with its old and new value, position excluded: config fields (nested objects key by key), `name`, `type`, `disabled` and the properties. */
  fields: FieldChange[];
  /** Set when the node moved. */
  position?: { from: Position; to: Position };
}

/** Sticky notes (ids) that differ; a note whose only change is its position is `moved`. */
export interface StickyNotesDiff {
  added: string[];
  removed: string[];
  changed: string[];
  moved: string[];
}

/** Everything that differs between two versions of a workflow. */
export interface WorkflowDiff {
  addedNodes: DiffNodeRef[];
  removedNodes: DiffNodeRef[];
  changedNodes: NodeChange[];
  addedEdges: DiffEdgeRef[];
  removedEdges: DiffEdgeRef[];
  /** Top-level fields that changed: `name`, `description`, `tags`, `variables.<key>`, `settings.<key>`. */
  workflowFields: string[];
  /** The same fields with their old and new values (`variables.<key>` and `settings.<key>` one by one). */
  workflowChanges: FieldChange[];
  stickyNotes: StickyNotesDiff;
  /** True when nothing at all differs, moves included. */
  empty: boolean;
}

/**
 * Equality of JSON values, object key order ignored and undefined properties treated as absent
 * (as JSON has them). Compares in place, without building strings: diffs of large workflows
 * call it for every node.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const key in ra) {
    if (ra[key] === undefined) continue;
    count++;
    if (!sameJson(ra[key], rb[key])) return false;
  }
  for (const key in rb) if (rb[key] !== undefined) count--;
  return count === 0;
}

const same = sameJson;

/** Keys whose values differ between two records; the newer record's order first, then removed keys. */
function changedKeys(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string[] {
  const a = before ?? {};
  const b = after ?? {};
  const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
  return keys.filter((k) => !same(a[k], b[k]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Appends the changes between two values at `path`: plain objects key by key, anything else whole. */
function collectFieldChanges(path: string[], before: unknown, after: unknown, out: FieldChange[]): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of changedKeys(before, after)) collectFieldChanges([...path, key], before[key], after[key], out);
    return;
  }
  if (same(before, after)) return;
  const change: FieldChange = { path: formatFieldPath(path) };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  out.push(change);
}

function nodeRef(node: WorkflowNode): DiffNodeRef {
  return { id: node.id, name: node.name, type: node.type };
}

function edgeKey(edge: WorkflowEdge): string {
  return `${edge.source}\u0000${edgeSourceHandle(edge)}\u0000${edge.target}\u0000${edgeTargetHandle(edge)}`;
}

function edgeRef(edge: WorkflowEdge, names: ReadonlyMap<string, string>): DiffEdgeRef {
  return {
    source: edge.source,
    sourceHandle: edgeSourceHandle(edge),
    target: edge.target,
    targetHandle: edgeTargetHandle(edge),
    sourceName: names.get(edge.source) ?? edge.source,
    targetName: names.get(edge.target) ?? edge.target,
  };
}

const NODE_PROPERTIES = ['notes', 'retry', 'timeoutMs', 'onError'] as const;

function roundedPosition(position: Position | undefined): Position {
  return { x: Math.round(position?.x ?? 0) + 0, y: Math.round(position?.y ?? 0) + 0 };
}

/** True when two canvas positions differ once rounded as the serializer rounds them. */
export function positionsDiffer(a: Position | undefined, b: Position | undefined): boolean {
  const ra = roundedPosition(a);
  const rb = roundedPosition(b);
  return ra.x !== rb.x || ra.y !== rb.y;
}

function compareNode(before: WorkflowNode, after: WorkflowNode): NodeChange | undefined {
  const configKeys = changedKeys(before.config, after.config);
  const properties = NODE_PROPERTIES.filter((p) => !same(before[p], after[p]));
  const fields: FieldChange[] = [];
  if (before.name !== after.name) fields.push({ path: 'name', before: before.name, after: after.name });
  if (before.type !== after.type) fields.push({ path: 'type', before: before.type, after: after.type });
  if (Boolean(before.disabled) !== Boolean(after.disabled)) fields.push({ path: 'disabled', before: Boolean(before.disabled), after: Boolean(after.disabled) });
  for (const key of configKeys) collectFieldChanges(['config', key], before.config[key], after.config[key], fields);
  for (const key of properties) collectFieldChanges([key], before[key], after[key], fields);
  // unresolved merge conflicts are content too: resolving one is a change
  collectFieldChanges(['$conflict'], before.$conflict, after.$conflict, fields);
  const moved = positionsDiffer(before.position, after.position);
  const change: NodeChange = { id: after.id, name: after.name, configKeys, properties, moved, fields };
  if (moved) change.position = { from: roundedPosition(before.position), to: roundedPosition(after.position) };
  if (before.name !== after.name) change.previousName = before.name;
  if (before.type !== after.type) change.type = { from: before.type, to: after.type };
  if (Boolean(before.disabled) !== Boolean(after.disabled)) change.disabled = Boolean(after.disabled);
  return fields.length > 0 || moved ? change : undefined;
}

function compareStickyNotes(before: readonly StickyNote[], after: readonly StickyNote[]): StickyNotesDiff {
  const old = new Map(before.map((n) => [n.id, n]));
  const ids = new Set(after.map((n) => n.id));
  const result: StickyNotesDiff = { added: [], removed: before.filter((n) => !ids.has(n.id)).map((n) => n.id), changed: [], moved: [] };
  for (const note of after) {
    const previous = old.get(note.id);
    if (!previous) result.added.push(note.id);
    else if (!same({ ...previous, position: undefined }, { ...note, position: undefined })) result.changed.push(note.id);
    else if (positionsDiffer(previous.position, note.position)) result.moved.push(note.id);
  }
  return result;
}

/** Workflow-level changes: name, description, tags, each variable and each setting. */
function workflowChangesOf(before: Workflow, after: Workflow): FieldChange[] {
  const changes: FieldChange[] = [];
  collectFieldChanges(['name'], before.name, after.name, changes);
  collectFieldChanges(['description'], before.description ?? '', after.description ?? '', changes);
  collectFieldChanges(['tags'], before.tags ?? [], after.tags ?? [], changes);
  collectFieldChanges(['$conflict'], before.$conflict, after.$conflict, changes);
  for (const key of changedKeys(before.variables, after.variables)) {
    const change: FieldChange = { path: formatFieldPath(['variables', key]) };
    if (before.variables?.[key] !== undefined) change.before = before.variables[key];
    if (after.variables?.[key] !== undefined) change.after = after.variables[key];
    changes.push(change);
  }
  for (const key of changedKeys(before.settings, after.settings)) {
    const change: FieldChange = { path: formatFieldPath(['settings', key]) };
    const b = (before.settings as Record<string, unknown> | undefined)?.[key];
    const a = (after.settings as Record<string, unknown> | undefined)?.[key];
    if (b !== undefined) change.before = b;
    if (a !== undefined) change.after = a;
    changes.push(change);
  }
  return changes;
}

/**
 * True when two versions differ in what they do or say; moves (of nodes and sticky notes)
 * count only with `moves: true`. `workflow diff` exits 0 exactly when this is false.
 */
export function hasChanges(diff: WorkflowDiff, options: { moves?: boolean } = {}): boolean {
  if (options.moves) return !diff.empty;
  const { addedNodes, removedNodes, changedNodes, addedEdges, removedEdges, workflowChanges, stickyNotes } = diff;
  return (
    addedNodes.length + removedNodes.length + addedEdges.length + removedEdges.length + workflowChanges.length > 0 ||
    stickyNotes.added.length + stickyNotes.removed.length + stickyNotes.changed.length > 0 ||
    changedNodes.some((c) => c.fields.length > 0)
  );
}

/** Compares two versions of a workflow. */
export function diffWorkflows(before: Workflow, after: Workflow): WorkflowDiff {
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const addedNodes = after.nodes.filter((n) => !beforeNodes.has(n.id)).map(nodeRef);
  const removedNodes = before.nodes.filter((n) => !afterNodes.has(n.id)).map(nodeRef);
  const changedNodes: NodeChange[] = [];
  for (const node of after.nodes) {
    const previous = beforeNodes.get(node.id);
    const change = previous && compareNode(previous, node);
    if (change) changedNodes.push(change);
  }

  const names = new Map<string, string>([...before.nodes, ...after.nodes].map((n) => [n.id, n.name]));
  const beforeEdges = new Set(before.edges.map(edgeKey));
  const afterEdges = new Set(after.edges.map(edgeKey));
  const addedEdges = after.edges.filter((e) => !beforeEdges.has(edgeKey(e))).map((e) => edgeRef(e, names));
  const removedEdges = before.edges.filter((e) => !afterEdges.has(edgeKey(e))).map((e) => edgeRef(e, names));

  const workflowFields: string[] = [];
  if (before.name !== after.name) workflowFields.push('name');
  if ((before.description ?? '') !== (after.description ?? '')) workflowFields.push('description');
  if (!same(before.tags ?? [], after.tags ?? [])) workflowFields.push('tags');
  if (!same(before.$conflict, after.$conflict)) workflowFields.push('$conflict');
  for (const key of changedKeys(before.variables, after.variables)) workflowFields.push(`variables.${key}`);
  for (const key of changedKeys(before.settings, after.settings)) workflowFields.push(`settings.${key}`);

  const workflowChanges = workflowChangesOf(before, after);
  const stickyNotes = compareStickyNotes(before.stickyNotes ?? [], after.stickyNotes ?? []);
  const stickyCount = stickyNotes.added.length + stickyNotes.removed.length + stickyNotes.changed.length + stickyNotes.moved.length;
  const empty = addedNodes.length + removedNodes.length + changedNodes.length + addedEdges.length + removedEdges.length + workflowFields.length + stickyCount === 0;
  return { addedNodes, removedNodes, changedNodes, addedEdges, removedEdges, workflowFields, workflowChanges, stickyNotes, empty };
}

function quote(name: string): string {
  return JSON.stringify(name);
}

/** "a", "a and b", "a, b and c". */
function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function workflowClauses(diff: WorkflowDiff, after: Workflow): string[] {
  const clauses: string[] = [];
  const fields = diff.workflowFields;
  if (fields.includes('name')) clauses.push(`renamed the workflow to ${quote(after.name)}`);
  if (fields.includes('description')) clauses.push('changed the description');
  if (fields.includes('tags')) clauses.push('changed the tags');
  if (fields.includes('$conflict')) clauses.push(after.$conflict ? 'changed merge conflicts' : 'resolved merge conflicts');
  const variables = fields.filter((f) => f.startsWith('variables.')).map((f) => f.slice('variables.'.length));
  if (variables.length > 0) clauses.push(variables.length <= 3 ? `changed ${variables.length === 1 ? 'variable' : 'variables'} ${listWords(variables)}` : `changed ${variables.length} variables`);
  const settings = fields.filter((f) => f.startsWith('settings.')).map((f) => f.slice('settings.'.length));
  if (settings.length > 0) clauses.push(`changed settings ${listWords(settings)}`);
  const notes = diff.stickyNotes;
  if (notes.added.length + notes.removed.length + notes.changed.length > 0) clauses.push('changed sticky notes');
  else if (notes.moved.length > 0) clauses.push('moved sticky notes');
  return clauses;
}

function nodeClauses(change: NodeChange): string[] {
  const clauses: string[] = [];
  if (change.previousName !== undefined) clauses.push(`renamed ${quote(change.previousName)} to ${quote(change.name)}`);
  if (change.type) clauses.push(`changed the type of ${quote(change.name)} to ${change.type.to}`);
  if (change.disabled !== undefined) clauses.push(`${change.disabled ? 'disabled' : 'enabled'} ${quote(change.name)}`);
  const conflict = change.fields.find((f) => f.path === '$conflict');
  if (conflict) clauses.push(`${conflict.after === undefined ? 'resolved' : 'changed'} merge conflicts of ${quote(change.name)}`);
  const fields = [...change.configKeys, ...change.properties];
  if (fields.length > 0) clauses.push(fields.length <= 3 ? `changed ${listWords(fields)} of ${quote(change.name)}` : `changed ${fields.length} settings of ${quote(change.name)}`);
  return clauses;
}

/** At most this many clauses; the rest are counted ("and 4 more changes"). */
const MAX_CLAUSES = 6;

/**
 * One line saying what changed, e.g. `added 2 nodes, changed url of "Fetch prices"`. Without
 * `before` (a first version): `created with 3 nodes`.
 */
export function summarizeChanges(before: Workflow | undefined, after: Workflow): string {
  if (!before) return `created with ${plural(after.nodes.length, 'node')}`;
  return describeDiff(diffWorkflows(before, after), after);
}

/** The one-line summary of a diff already computed (`after` is its newer side). */
export function describeDiff(diff: WorkflowDiff, after: Workflow): string {
  if (diff.empty) return 'no changes';
  const clauses = [...workflowClauses(diff, after)];
  if (diff.addedNodes.length === 1) clauses.push(`added node ${quote(diff.addedNodes[0].name)}`);
  else if (diff.addedNodes.length > 1) clauses.push(`added ${diff.addedNodes.length} nodes`);
  if (diff.removedNodes.length === 1) clauses.push(`removed node ${quote(diff.removedNodes[0].name)}`);
  else if (diff.removedNodes.length > 1) clauses.push(`removed ${diff.removedNodes.length} nodes`);
  for (const change of diff.changedNodes) clauses.push(...nodeClauses(change));
  const moved = diff.changedNodes.filter((c) => c.moved);
  if (moved.length === 1) clauses.push(`moved ${quote(moved[0].name)}`);
  else if (moved.length > 1) clauses.push(`moved ${moved.length} nodes`);
  // connections of added or removed nodes go without saying
  const touched = new Set([...diff.addedNodes, ...diff.removedNodes].map((n) => n.id));
  const rewired = (edges: DiffEdgeRef[]) => edges.filter((e) => !touched.has(e.source) && !touched.has(e.target));
  const added = rewired(diff.addedEdges);
  const removed = rewired(diff.removedEdges);
  if (added.length === 1) clauses.push(`connected ${quote(added[0].sourceName)} to ${quote(added[0].targetName)}`);
  else if (added.length > 1) clauses.push(`added ${added.length} connections`);
  if (removed.length === 1) clauses.push(`disconnected ${quote(removed[0].sourceName)} from ${quote(removed[0].targetName)}`);
  else if (removed.length > 1) clauses.push(`removed ${removed.length} connections`);
  if (clauses.length <= MAX_CLAUSES) return clauses.join(', ');
  const rest = clauses.length - (MAX_CLAUSES - 1);
  return `${clauses.slice(0, MAX_CLAUSES - 1).join(', ')} and ${plural(rest, 'more change')}`;
}
