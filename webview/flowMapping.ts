/**
 * From the host's document view to React Flow's nodes and edges. Node data is serializable
 * (STYLE 8): the `NodeView` itself and its problems, no callbacks or class instances.
 *
 * Every edit brings a whole new view, so the mapping keeps the previous data object of a node
 * whose view and problems did not change: React Flow then skips re-rendering it, and an edit
 * of one node among a thousand re-renders one node.
 */
import type { Edge, Node } from 'reactflow';
import type { NodeView, ProblemView, StickyView, WorkflowDocumentView } from '../src/protocol/view';

/** The React Flow type of workflow nodes (see `nodeTypes` in Canvas.tsx). */
export const WORKFLOW_NODE_TYPE = 'workflow';
/** The React Flow type of sticky notes. */
export const STICKY_NODE_TYPE = 'sticky';
/** The React Flow type of every edge (the run overlay's edge, see `edgeTypes`). */
export const WORKFLOW_EDGE_TYPE = 'workflow';

/** A problem of one node, as its badge lists it. */
export interface NodeProblem {
  severity: ProblemView['severity'];
  message: string;
}

/** Data of a canvas node. */
export interface WorkflowNodeData {
  view: NodeView;
  /** Errors and warnings the validator reported for this node. */
  problems: readonly NodeProblem[];
}

/** Data of a sticky note. */
export interface StickyNodeData {
  sticky: StickyView;
}

/** Any canvas item's data. */
export type CanvasNodeData = WorkflowNodeData | StickyNodeData;

/** A canvas item (workflow node or sticky note). */
export type CanvasNode = Node<CanvasNodeData>;

/** True for a sticky note's canvas item. */
export function isStickyNode(node: CanvasNode): node is Node<StickyNodeData> {
  return node.type === STICKY_NODE_TYPE;
}

/** The problems of each node id (only those that name a node). */
export function problemsByNode(problems: readonly ProblemView[]): Map<string, NodeProblem[]> {
  const out = new Map<string, NodeProblem[]>();
  for (const p of problems) {
    if (p.nodeId === undefined || p.severity === 'info') continue;
    const list = out.get(p.nodeId) ?? [];
    list.push({ severity: p.severity, message: p.message });
    out.set(p.nodeId, list);
  }
  return out;
}

/** Reuses data objects across views (see the file comment). */
export class NodeDataCache {
  private entries = new Map<string, { key: string; data: CanvasNodeData }>();

  /** The data of each item of `view`; unchanged items keep their previous object. */
  update(view: WorkflowDocumentView): Map<string, CanvasNodeData> {
    const problems = problemsByNode(view.problems);
    const next = new Map<string, { key: string; data: CanvasNodeData }>();
    const reuse = (id: string, key: string, make: () => CanvasNodeData): void => {
      const previous = this.entries.get(id);
      next.set(id, previous && previous.key === key ? previous : { key, data: make() });
    };
    for (const node of view.nodes) {
      const nodeProblems = problems.get(node.id) ?? [];
      // Position is not part of the data (React Flow takes it from the node), so a move
      // re-renders nothing but the moved node's wrapper.
      const { position: _position, ...rest } = node;
      reuse(node.id, JSON.stringify([rest, nodeProblems]), () => ({ view: node, problems: nodeProblems }));
    }
    for (const sticky of view.stickies) {
      const { position: _position, ...rest } = sticky;
      reuse(sticky.id, JSON.stringify(rest), () => ({ sticky }));
    }
    this.entries = next;
    return new Map([...next].map(([id, entry]) => [id, entry.data]));
  }
}

/** Accessible name of a node: "<name>, <type>", then its state. */
export function nodeAriaLabel(view: NodeView, problems: readonly NodeProblem[]): string {
  const parts = [view.name, view.title];
  if (view.disabled) parts.push('disabled');
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (errors > 0) parts.push(errors === 1 ? '1 error' : `${errors} errors`);
  return parts.join(', ');
}

/**
 * Canvas items of a view: sticky notes first (drawn below the nodes), then nodes. `selected`
 * keeps the user's selection across re-renders.
 */
export function toFlowNodes(view: WorkflowDocumentView, selected: ReadonlySet<string>, cache: NodeDataCache = new NodeDataCache()): CanvasNode[] {
  const data = cache.update(view);
  const stickies: CanvasNode[] = view.stickies.map((sticky) => ({
    id: sticky.id,
    type: STICKY_NODE_TYPE,
    position: { x: sticky.position.x, y: sticky.position.y },
    style: { width: sticky.width, height: sticky.height },
    data: data.get(sticky.id)!,
    selected: selected.has(sticky.id),
    zIndex: -1,
    ariaLabel: `Sticky note: ${sticky.text.split('\n')[0] || 'empty'}`,
  }));
  const nodes: CanvasNode[] = view.nodes.map((node) => {
    const nodeData = data.get(node.id) as WorkflowNodeData;
    return {
      id: node.id,
      type: WORKFLOW_NODE_TYPE,
      position: { x: node.position.x, y: node.position.y },
      data: nodeData,
      selected: selected.has(node.id),
      ariaLabel: nodeAriaLabel(node, nodeData.problems),
    };
  });
  return [...stickies, ...nodes];
}

/** Canvas edges of a view. */
export function toFlowEdges(view: WorkflowDocumentView, selected: ReadonlySet<string>): Edge[] {
  const names = new Map(view.nodes.map((n) => [n.id, n.name]));
  return view.edges.map((edge) => ({
    id: edge.id,
    type: WORKFLOW_EDGE_TYPE,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    targetHandle: edge.targetHandle,
    selected: selected.has(edge.id),
    ariaLabel: `Connection from ${names.get(edge.source) ?? edge.source} (${edge.sourceHandle}) to ${names.get(edge.target) ?? edge.target} (${edge.targetHandle})`,
  }));
}

/**
 * Carries React Flow's measured size over to the nodes of a new view whose data did not change.
 * React Flow hides a node without a size and measures it again (its box and every handle); a
 * view without sizes, as every edit brings, would hide and re-measure every node: a flicker and
 * a full layout per edit (900 ms of main thread on 1,000 nodes, docs/canvas.md). A node whose
 * data changed (its ports may have moved) is measured anew.
 */
export function withMeasuredSizes(next: CanvasNode[], previous: readonly CanvasNode[]): CanvasNode[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  return next.map((node) => {
    const old = before.get(node.id);
    return old && old.data === node.data && old.width && old.height ? { ...node, width: old.width, height: old.height } : node;
  });
}
