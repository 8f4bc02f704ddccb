/**
 * Planning: turns a workflow into scopes the scheduler can run without further lookups.
 *
 * The main scope holds every node outside loop bodies. Each `flow.forEach`-like node (a type
 * with `bodyHandle`) owns a body scope: the nodes reachable from that handle, minus the bodies
 * of loops nested inside it. A plan is computed once per workflow object and cached.
 */
import { buildGraph, reachableFrom, type WorkflowGraph } from '../graph/graph';
import { edgeSourceHandle, edgeTargetHandle, type Workflow, type WorkflowEdge, type WorkflowNode } from '../model/workflow';
import { getNodeDefinition } from '../nodes/registry';
import { outputsOf, type NodeDefinition } from '../nodes/definition';

/** An edge inside a scope, with everything delivery needs. */
export interface PlannedEdge {
  edge: WorkflowEdge;
  sourceHandle: string;
  targetHandle: string;
  source: PlannedNode;
  target: PlannedNode;
}

/** A node ready to schedule. */
export interface PlannedNode {
  /** Position in its scope's `nodes` array. */
  index: number;
  /** Position among all nodes of the workflow (for per-execution flags). */
  globalIndex: number;
  /** The parsed config when it holds no templates; computed on first run. */
  staticConfig?: { value: unknown };
  node: WorkflowNode;
  definition: NodeDefinition<unknown>;
  rawConfigKeys: ReadonlySet<string> | undefined;
  /** Edges from nodes of the same scope. */
  incoming: PlannedEdge[];
  /** Edges to nodes of the same scope. */
  outgoing: PlannedEdge[];
  /** Body of a loop node, run by `context.runBody`. */
  body?: Scope;
  /** Handle that passes a disabled node's input through (its first output). */
  passThroughHandle: string | undefined;
}

/** A set of nodes scheduled together: the main graph, or one loop body. */
export interface Scope {
  nodes: PlannedNode[];
  /** Nodes with no outgoing edge inside the scope: their outputs form the scope's result. */
  sinks: PlannedNode[];
  /** For a loop body: the nodes fed by the loop's body handle. */
  entries: PlannedNode[];
  /** For a loop body: the id of the edge from the loop's body handle to each entry. */
  entryEdgeIds: Map<PlannedNode, string>;
}

export interface Plan {
  graph: WorkflowGraph;
  main: Scope;
  /** Planned nodes by id, across all scopes. */
  byId: Map<string, PlannedNode>;
}

/** Thrown when a workflow cannot be planned (unknown type, cycle); the validator reports these first. */
export class PlanError extends Error {
  constructor(message: string, readonly nodeId?: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** Finds the definition of a node type (the built-in registry, or one extended with user components). */
export type NodeTypeResolver = (type: string) => NodeDefinition<unknown> | undefined;

const cache = new WeakMap<NodeTypeResolver, WeakMap<Workflow, Plan>>();

/** The plan of a workflow (cached by object identity: do not mutate a workflow after running it). */
export function planWorkflow(workflow: Workflow, resolveType: NodeTypeResolver = getNodeDefinition): Plan {
  let plans = cache.get(resolveType);
  if (!plans) cache.set(resolveType, (plans = new WeakMap()));
  let plan = plans.get(workflow);
  if (!plan) {
    plan = buildPlan(workflow, resolveType);
    plans.set(workflow, plan);
  }
  return plan;
}

function buildPlan(workflow: Workflow, resolveType: NodeTypeResolver): Plan {
  const graph = buildGraph(workflow);
  const byId = new Map<string, PlannedNode>();
  for (const node of graph.byId.values()) {
    const definition = resolveType(node.type);
    if (!definition) throw new PlanError(`node "${node.name}" (${node.id}): unknown node type "${node.type}"`, node.id);
    const outputs = outputsOf(definition, node.config);
    byId.set(node.id, {
      index: -1,
      globalIndex: byId.size,
      node,
      definition,
      rawConfigKeys: definition.rawConfigKeys ? new Set(definition.rawConfigKeys) : undefined,
      incoming: [],
      outgoing: [],
      passThroughHandle: outputs[0]?.name,
    });
  }

  // Which loop body each node belongs to: the smallest body that contains it (bodies nest).
  const bodies = new Map<string, Set<string>>();
  for (const planned of byId.values()) {
    const handle = planned.definition.bodyHandle;
    if (handle) bodies.set(planned.node.id, reachableFrom(graph, [planned.node.id], new Set([handle])));
  }
  const owner = new Map<string, string | undefined>();
  for (const id of byId.keys()) {
    let best: string | undefined;
    for (const [loopId, members] of bodies) {
      if (members.has(id) && loopId !== id && (best === undefined || members.size < bodies.get(best)!.size)) best = loopId;
    }
    owner.set(id, best);
  }
  for (const [loopId, members] of bodies) {
    if (members.has(loopId)) throw new PlanError(`node "${byId.get(loopId)!.node.name}": its loop body leads back to it`, loopId);
  }

  const scopes = new Map<string | undefined, PlannedNode[]>();
  for (const planned of byId.values()) {
    const key = owner.get(planned.node.id);
    let list = scopes.get(key);
    if (!list) scopes.set(key, (list = []));
    planned.index = list.length;
    list.push(planned);
  }

  for (const edge of graph.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) continue;
    if (owner.get(edge.source) !== owner.get(edge.target)) continue; // loop entry edges, or edges crossing scopes
    const planned: PlannedEdge = { edge, sourceHandle: edgeSourceHandle(edge), targetHandle: edgeTargetHandle(edge), source, target };
    source.outgoing.push(planned);
    target.incoming.push(planned);
  }

  const makeScope = (nodes: PlannedNode[], loop?: PlannedNode): Scope => {
    const entryEdgeIds = new Map<PlannedNode, string>();
    if (loop) {
      for (const n of nodes) {
        const e = graph.incoming.get(n.node.id)!.find((e) => e.source === loop.node.id && edgeSourceHandle(e) === loop.definition.bodyHandle);
        if (e) entryEdgeIds.set(n, e.id);
      }
    }
    return { nodes, sinks: nodes.filter((n) => n.outgoing.length === 0), entries: [...entryEdgeIds.keys()], entryEdgeIds };
  };
  for (const [loopId] of bodies) {
    const loop = byId.get(loopId)!;
    loop.body = makeScope(scopes.get(loopId) ?? [], loop);
  }
  const main = makeScope(scopes.get(undefined) ?? []);
  assertAcyclic(byId);
  return { graph, main, byId };
}

/** Kahn's algorithm over all planned edges; names the nodes left in a cycle. */
function assertAcyclic(byId: Map<string, PlannedNode>): void {
  const remaining = new Map<PlannedNode, number>();
  for (const n of byId.values()) remaining.set(n, n.incoming.length);
  const queue = [...byId.values()].filter((n) => n.incoming.length === 0);
  let seen = 0;
  for (let i = 0; i < queue.length; i++) {
    seen++;
    for (const e of queue[i].outgoing) {
      const left = remaining.get(e.target)! - 1;
      remaining.set(e.target, left);
      if (left === 0) queue.push(e.target);
    }
  }
  if (seen !== byId.size) {
    const stuck = [...remaining].filter(([, c]) => c > 0).map(([n]) => `"${n.node.name}"`);
    throw new PlanError(`the graph has a cycle through ${stuck.slice(0, 10).join(', ')}`);
  }
}

/** Every node of a scope reachable from `starts` (ids), within the scope. */
export function reachableInScope(starts: readonly PlannedNode[]): Set<PlannedNode> {
  const seen = new Set<PlannedNode>(starts);
  const queue = [...starts];
  for (let i = 0; i < queue.length; i++) {
    for (const e of queue[i].outgoing) {
      if (!seen.has(e.target)) {
        seen.add(e.target);
        queue.push(e.target);
      }
    }
  }
  return seen;
}
