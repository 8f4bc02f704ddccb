/**
 * A forgiving view of the parsed file for the graph and config checks. The schema check
 * reports every structural problem; the other checks still run on whatever nodes and edges
 * can be understood, so that one missing `position` does not hide a cycle elsewhere.
 */
import type { NodeDefinition } from '../nodes/definition';
import { getNodeDefinition } from '../nodes/registry';
import { DEFAULT_SOURCE_HANDLE, DEFAULT_TARGET_HANDLE } from '../model/workflow';
import type { WorkflowEdge, WorkflowNode } from '../model/workflow';

/** A node whose `id` is a string; other fields are taken only when they have the right type. */
export interface NodeEntry {
  /** Index in the file's `nodes` array. */
  index: number;
  id: string;
  type?: string;
  /** Absent when the type is not registered (or missing). */
  definition?: NodeDefinition<unknown>;
  /** Absent when `config` is not an object (the schema check reports that). */
  config?: Record<string, unknown>;
  errorOutput: boolean;
  /** How messages name the node, e.g. `node "Fetch prices" (fetch)`. */
  label: string;
  /** The node as the graph index expects it. */
  node: WorkflowNode;
}

/** An edge whose `source` and `target` are strings. */
export interface EdgeEntry {
  index: number;
  id?: string;
  /** How messages name the edge, e.g. `edge "e1"`. */
  label: string;
  edge: WorkflowEdge;
}

/** The forgiving view: entries in file order. */
export interface WorkflowEntries {
  nodes: NodeEntry[];
  edges: EdgeEntry[];
  /** Every edge with a string id, even one without usable ends (for the duplicate check). */
  edgeIds: { index: number; id: string }[];
  /** Every sticky note with a string id: they share the id space of nodes on the canvas. */
  stickyIds: { index: number; id: string }[];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function labelOfNode(id: string, name: unknown): string {
  return typeof name === 'string' && name !== '' && name !== id ? `node "${name}" (${id})` : `node "${id}"`;
}

/** Collects the nodes and edges that the graph checks can use. */
export function collectEntries(root: unknown): WorkflowEntries {
  const nodes: NodeEntry[] = [];
  const edges: EdgeEntry[] = [];
  const edgeIds: { index: number; id: string }[] = [];
  const stickyIds: { index: number; id: string }[] = [];
  if (!isPlainObject(root)) return { nodes, edges, edgeIds, stickyIds };
  const rawNodes = Object.hasOwn(root, 'nodes') && Array.isArray(root.nodes) ? root.nodes : [];
  rawNodes.forEach((raw: unknown, index) => {
    if (!isPlainObject(raw) || typeof raw.id !== 'string') return;
    const type = typeof raw.type === 'string' ? raw.type : undefined;
    const config = isPlainObject(raw.config) ? raw.config : undefined;
    const name = typeof raw.name === 'string' ? raw.name : raw.id;
    nodes.push({
      index,
      id: raw.id,
      type,
      definition: type !== undefined ? getNodeDefinition(type) : undefined,
      config,
      errorOutput: raw.onError === 'errorOutput',
      label: labelOfNode(raw.id, raw.name),
      node: { id: raw.id, type: type ?? '', name, position: { x: 0, y: 0 }, config: config ?? {} },
    });
  });
  const rawEdges = Object.hasOwn(root, 'edges') && Array.isArray(root.edges) ? root.edges : [];
  rawEdges.forEach((raw: unknown, index) => {
    if (!isPlainObject(raw)) return;
    const id = typeof raw.id === 'string' ? raw.id : undefined;
    if (id !== undefined) edgeIds.push({ index, id });
    if (typeof raw.source !== 'string' || typeof raw.target !== 'string') return;
    edges.push({
      index,
      id,
      label: id !== undefined ? `edge "${id}"` : `edge #${index + 1}`,
      edge: {
        id: id ?? `#${index}`,
        source: raw.source,
        target: raw.target,
        sourceHandle: typeof raw.sourceHandle === 'string' ? raw.sourceHandle : DEFAULT_SOURCE_HANDLE,
        targetHandle: typeof raw.targetHandle === 'string' ? raw.targetHandle : DEFAULT_TARGET_HANDLE,
      },
    });
  });
  const rawStickies = Object.hasOwn(root, 'stickyNotes') && Array.isArray(root.stickyNotes) ? root.stickyNotes : [];
  rawStickies.forEach((raw: unknown, index) => {
    if (isPlainObject(raw) && typeof raw.id === 'string') stickyIds.push({ index, id: raw.id });
  });
  return { nodes, edges, edgeIds, stickyIds };
}
