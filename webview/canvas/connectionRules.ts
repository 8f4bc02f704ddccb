/**
 * Which connections the canvas accepts, and why not: checked while the user drags (React
 * Flow's `isValidConnection`) so a refused drop says why at once. The host checks again with
 * the validator when the edit arrives; these rules only spare the round trip.
 */
import type { EdgeView, NodeView } from '../../src/protocol/view';

/** A connection attempt, as React Flow reports it (handle ids may be missing). */
export interface ConnectionAttempt {
  source: string | null;
  sourceHandle: string | null;
  target: string | null;
  targetHandle: string | null;
}

/** The graph the rules look at, indexed once per document view. */
export interface ConnectionGraph {
  nodes: ReadonlyMap<string, NodeView>;
  edges: readonly EdgeView[];
  /** Targets of each node's outgoing edges. */
  outgoing: ReadonlyMap<string, readonly string[]>;
}

/** Indexes a view's nodes and edges for the rules. */
export function connectionGraph(nodes: readonly NodeView[], edges: readonly EdgeView[]): ConnectionGraph {
  const outgoing = new Map<string, string[]>();
  for (const edge of edges) {
    const list = outgoing.get(edge.source) ?? [];
    list.push(edge.target);
    outgoing.set(edge.source, list);
  }
  return { nodes: new Map(nodes.map((n) => [n.id, n])), edges, outgoing };
}

/** True when `to` can be reached from `from` along edges. */
function reaches(graph: ConnectionGraph, from: string, to: string): boolean {
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === to) return true;
    for (const next of graph.outgoing.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}

/** Why a connection is refused, or undefined when it is fine. */
export function connectionRefusal(graph: ConnectionGraph, c: ConnectionAttempt): string | undefined {
  if (!c.source || !c.target) return 'Connect an output (right side of a node) to an input (left side).';
  const source = graph.nodes.get(c.source);
  const target = graph.nodes.get(c.target);
  if (!source || !target) return 'Connections join workflow nodes (not sticky notes).';
  if (c.source === c.target) return `A node cannot be connected to itself ("${source.name}").`;
  const sourceHandle = c.sourceHandle ?? 'out';
  const targetHandle = c.targetHandle ?? 'in';
  if (!source.outputs.some((p) => p.name === sourceHandle)) return `"${source.name}" has no output "${sourceHandle}".`;
  if (target.inputs.length === 0) return `"${target.name}" is a trigger: it starts runs and takes no input.`;
  if (!target.inputs.some((p) => p.name === targetHandle)) return `"${target.name}" has no input "${targetHandle}".`;
  const duplicate = graph.edges.some((e) => e.source === c.source && e.sourceHandle === sourceHandle && e.target === c.target && e.targetHandle === targetHandle);
  if (duplicate) return `"${source.name}" is already connected to "${target.name}" there.`;
  if (reaches(graph, c.target, c.source)) return `Connecting "${source.name}" to "${target.name}" would create a cycle.`;
  return undefined;
}

/** The reason given when two inputs or two outputs are dragged onto each other. */
export function sameSideRefusal(side: 'source' | 'target'): string {
  return side === 'target'
    ? 'An input cannot be connected to another input: connect an output (right side of a node) to an input (left side).'
    : 'An output cannot be connected to another output: connect an output (right side of a node) to an input (left side).';
}
