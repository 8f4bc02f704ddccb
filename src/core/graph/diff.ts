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
import type { Workflow, WorkflowEdge, WorkflowNode } from '../model/workflow';

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
  /** True when nothing at all differs. */
  empty: boolean;
}

/** JSON with object keys sorted, so that equal values compare equal whatever their key order. */
function stable(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stable(record[k])}`).join(',')}}`;
}

function same(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

/** Keys whose values differ between two records; the newer record's order first, then removed keys. */
function changedKeys(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string[] {
  const a = before ?? {};
  const b = after ?? {};
  const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
  return keys.filter((k) => !same(a[k], b[k]));
}

function nodeRef(node: WorkflowNode): DiffNodeRef {
  return { id: node.id, name: node.name, type: node.type };
}

function edgeKey(edge: WorkflowEdge): string {
  return [edge.source, edgeSourceHandle(edge), edge.target, edgeTargetHandle(edge)].join('\u0000');
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

function compareNode(before: WorkflowNode, after: WorkflowNode): NodeChange | undefined {
  const change: NodeChange = {
    id: after.id,
    name: after.name,
    configKeys: changedKeys(before.config, after.config),
    properties: NODE_PROPERTIES.filter((p) => !same(before[p], after[p])),
    moved: Math.round(before.position?.x ?? 0) !== Math.round(after.position?.x ?? 0) || Math.round(before.position?.y ?? 0) !== Math.round(after.position?.y ?? 0),
  };
  if (before.name !== after.name) change.previousName = before.name;
  if (before.type !== after.type) change.type = { from: before.type, to: after.type };
  if (Boolean(before.disabled) !== Boolean(after.disabled)) change.disabled = Boolean(after.disabled);
  const changed = change.previousName !== undefined || change.type || change.configKeys.length > 0 || change.properties.length > 0 || change.disabled !== undefined || change.moved;
  return changed ? change : undefined;
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
  for (const key of changedKeys(before.variables, after.variables)) workflowFields.push(`variables.${key}`);
  for (const key of changedKeys(before.settings, after.settings)) workflowFields.push(`settings.${key}`);

  const empty = addedNodes.length + removedNodes.length + changedNodes.length + addedEdges.length + removedEdges.length + workflowFields.length === 0;
  return { addedNodes, removedNodes, changedNodes, addedEdges, removedEdges, workflowFields, empty };
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
  const variables = fields.filter((f) => f.startsWith('variables.')).map((f) => f.slice('variables.'.length));
  if (variables.length > 0) clauses.push(variables.length <= 3 ? `changed ${variables.length === 1 ? 'variable' : 'variables'} ${listWords(variables)}` : `changed ${variables.length} variables`);
  const settings = fields.filter((f) => f.startsWith('settings.')).map((f) => f.slice('settings.'.length));
  if (settings.length > 0) clauses.push(`changed settings ${listWords(settings)}`);
  return clauses;
}

function nodeClauses(change: NodeChange): string[] {
  const clauses: string[] = [];
  if (change.previousName !== undefined) clauses.push(`renamed ${quote(change.previousName)} to ${quote(change.name)}`);
  if (change.type) clauses.push(`changed the type of ${quote(change.name)} to ${change.type.to}`);
  if (change.disabled !== undefined) clauses.push(`${change.disabled ? 'disabled' : 'enabled'} ${quote(change.name)}`);
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
  const diff = diffWorkflows(before, after);
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
