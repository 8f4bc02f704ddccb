/**
 * Auto-layout: the graph arranged left to right by dagre, returned as the positions of one
 * `moveNodes` intent (one undo step). The layout keeps the graph's top-left corner where it was,
 * so the user's view does not jump; sticky notes stay where they are.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { NodePosition } from '../../src/protocol/messages';

/** A node to lay out: id, current top-left position and drawn size. */
export interface LayoutNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Gaps between ranks (columns) and between nodes of a rank, in pixels. */
const RANK_GAP = 80;
const NODE_GAP = 40;

/** New top-left positions (integers; snapped to `grid` when given) of the nodes that move. */
export function layoutPositions(nodes: readonly LayoutNode[], edges: readonly { source: string; target: string }[], grid?: number): NodePosition[] {
  if (nodes.length === 0) return [];
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) g.setNode(node.id, { width: node.width, height: node.height });
  const ids = new Set(nodes.map((n) => n.id));
  edges.forEach((edge, index) => {
    if (ids.has(edge.source) && ids.has(edge.target)) g.setEdge(edge.source, edge.target, {}, `e${index}`);
  });
  layout(g);
  const left = Math.min(...nodes.map((n) => n.x));
  const top = Math.min(...nodes.map((n) => n.y));
  const laid = nodes.map((node) => {
    const center = g.node(node.id) as { x: number; y: number };
    return { node, x: center.x - node.width / 2, y: center.y - node.height / 2 };
  });
  const laidLeft = Math.min(...laid.map((p) => p.x));
  const laidTop = Math.min(...laid.map((p) => p.y));
  const snap = (value: number): number => (grid ? Math.round(value / grid) * grid : Math.round(value));
  return laid
    .map(({ node, x, y }) => ({ id: node.id, x: snap(x - laidLeft + left), y: snap(y - laidTop + top) }))
    .filter((p, i) => p.x !== Math.round(laid[i]!.node.x) || p.y !== Math.round(laid[i]!.node.y));
}
