/**
 * An index over a workflow's nodes and edges, built once and shared by the validator, the
 * planner and the engine: lookups by id, incoming/outgoing edges, cycles, reachability.
 */
import { edgeSourceHandle, edgeTargetHandle } from '../model/workflow';
import type { Workflow, WorkflowEdge, WorkflowNode } from '../model/workflow';

export interface WorkflowGraph {
  readonly nodes: readonly WorkflowNode[];
  readonly edges: readonly WorkflowEdge[];
  readonly byId: ReadonlyMap<string, WorkflowNode>;
  /** Edges entering each node id (only edges whose both ends exist). */
  readonly incoming: ReadonlyMap<string, readonly WorkflowEdge[]>;
  /** Edges leaving each node id (only edges whose both ends exist). */
  readonly outgoing: ReadonlyMap<string, readonly WorkflowEdge[]>;
}

/** Builds the index. Edges to unknown nodes are left out (the validator reports them). */
export function buildGraph(workflow: Pick<Workflow, 'nodes' | 'edges'>): WorkflowGraph {
  const byId = new Map<string, WorkflowNode>();
  for (const node of workflow.nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  const incoming = new Map<string, WorkflowEdge[]>();
  const outgoing = new Map<string, WorkflowEdge[]>();
  for (const id of byId.keys()) {
    incoming.set(id, []);
    outgoing.set(id, []);
  }
  for (const edge of workflow.edges) {
    if (!byId.has(edge.source) || !byId.has(edge.target)) continue;
    outgoing.get(edge.source)!.push(edge);
    incoming.get(edge.target)!.push(edge);
  }
  return { nodes: workflow.nodes, edges: workflow.edges, byId, incoming, outgoing };
}

/**
 * Every cycle's nodes, as lists of node ids in edge order (one list per strongly connected
 * component that has a cycle). Empty when the graph is acyclic. Iterative Tarjan, so a
 * 10,000-node chain does not overflow the stack.
 */
export function findCycles(graph: WorkflowGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const start of graph.byId.keys()) {
    if (index.has(start)) continue;
    const work: { id: string; next: number }[] = [{ id: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const out = graph.outgoing.get(frame.id)!;
      if (frame.next < out.length) {
        const target = out[frame.next++].target;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop()!;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        const selfLoop = graph.outgoing.get(frame.id)!.some((e) => e.target === frame.id);
        if (component.length > 1 || selfLoop) cycles.push(orderCycle(graph, component));
      }
    }
  }
  return cycles;
}

/** Orders a strongly connected component along its edges, starting at its first node in file order. */
function orderCycle(graph: WorkflowGraph, component: string[]): string[] {
  const members = new Set(component);
  const start = graph.nodes.find((n) => members.has(n.id))!.id;
  const ordered = [start];
  const seen = new Set([start]);
  let current = start;
  for (;;) {
    const next = graph.outgoing.get(current)!.map((e) => e.target).find((t) => members.has(t) && !seen.has(t));
    if (!next) break;
    ordered.push(next);
    seen.add(next);
    current = next;
  }
  for (const id of component) if (!seen.has(id)) ordered.push(id);
  return ordered;
}

/**
 * Ids of the nodes reachable from `starts` (included) following edges; when `throughHandles`
 * is given, only edges leaving a start node by one of those handles are followed at the start.
 */
export function reachableFrom(graph: WorkflowGraph, starts: readonly string[], throughHandles?: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const id of starts) {
    if (!graph.byId.has(id)) continue;
    if (throughHandles) {
      for (const edge of graph.outgoing.get(id)!) {
        if (throughHandles.has(edgeSourceHandle(edge)) && !seen.has(edge.target)) {
          seen.add(edge.target);
          queue.push(edge.target);
        }
      }
    } else if (!seen.has(id)) {
      seen.add(id);
      queue.push(id);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const edge of graph.outgoing.get(queue[i])!) {
      if (!seen.has(edge.target)) {
        seen.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  return seen;
}

export { edgeSourceHandle, edgeTargetHandle };
