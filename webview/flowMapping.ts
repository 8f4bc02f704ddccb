/**
 * From the host's document view to React Flow's nodes and edges. Node data is the serializable
 * `NodeView` itself (STYLE 8): no callbacks or class instances in the store.
 */
import type { Edge, Node } from 'reactflow';
import type { NodeView, WorkflowDocumentView } from '../src/protocol/view';

/** The React Flow type of every workflow node (see `nodeTypes` in Canvas.tsx). */
export const WORKFLOW_NODE_TYPE = 'workflow';

/** Data of a canvas node. */
export interface WorkflowNodeData {
  view: NodeView;
}

/** Canvas nodes of a view; `selected` keeps the user's selection across re-renders. */
export function toFlowNodes(view: WorkflowDocumentView, selected: ReadonlySet<string>): Node<WorkflowNodeData>[] {
  return view.nodes.map((node) => ({
    id: node.id,
    type: WORKFLOW_NODE_TYPE,
    position: { x: node.position.x, y: node.position.y },
    data: { view: node },
    selected: selected.has(node.id),
  }));
}

/** Canvas edges of a view. */
export function toFlowEdges(view: WorkflowDocumentView, selected: ReadonlySet<string>): Edge[] {
  return view.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
    targetHandle: edge.targetHandle,
    selected: selected.has(edge.id),
  }));
}
