/**
 * The workflow drawn with React Flow. React Flow's changes (drag in progress, selection) go to
 * local state at once; only committed changes — drag end, delete, connect — become edit
 * intents for the host, whose answer (a new document view) then replaces the local state.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import ReactFlow, {
  Background,
  Controls,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type NodeDragHandler,
  type OnSelectionChangeFunc,
  type Viewport,
} from 'reactflow';
import type { EditIntent } from '../src/protocol/messages';
import type { WorkflowDocumentView } from '../src/protocol/view';
import { WORKFLOW_NODE_TYPE, toFlowEdges, toFlowNodes, type WorkflowNodeData } from './flowMapping';
import type { ViewState } from './viewState';
import { WorkflowNodeCard } from './WorkflowNodeCard';

// Module scope: a new object per render would make React Flow re-create every node.
const nodeTypes = { [WORKFLOW_NODE_TYPE]: WorkflowNodeCard };

/** Props of the canvas. */
export interface CanvasProps {
  view: WorkflowDocumentView;
  /** View state saved by an earlier instance of this webview (viewport, selection). */
  initialViewState: ViewState;
  onIntent(intent: EditIntent): void;
  onViewStateChange(patch: ViewState): void;
}

function selectedIds<T extends { id: string; selected?: boolean }>(items: readonly T[]): Set<string> {
  return new Set(items.filter((item) => item.selected).map((item) => item.id));
}

/** Keys that delete the selection, unless the user is typing in a field. */
function isDeleteKey(event: KeyboardEvent): boolean {
  if (event.key !== 'Delete' && event.key !== 'Backspace') return false;
  const target = event.target as HTMLElement | null;
  return !(target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)));
}

/** The canvas. */
export function Canvas({ view, initialViewState, onIntent, onViewStateChange }: CanvasProps) {
  const [nodes, setNodes] = useState<Node<WorkflowNodeData>[]>(() => toFlowNodes(view, new Set(initialViewState.selectedNodeIds)));
  const [edges, setEdges] = useState<Edge[]>(() => toFlowEdges(view, new Set()));
  const current = useRef({ nodes, edges });
  current.current = { nodes, edges };

  // A new view from the host replaces the local state, keeping what the user has selected.
  useEffect(() => {
    setNodes((previous) => toFlowNodes(view, selectedIds(previous)));
    setEdges((previous) => toFlowEdges(view, selectedIds(previous)));
  }, [view]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    // Removal is an intent for the host (see the Delete key below), never a local change.
    setNodes((previous) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), previous));
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((previous) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), previous));
  }, []);

  const onNodeDragStop: NodeDragHandler = useCallback(
    (_event, _node, dragged) => {
      const before = new Map(view.nodes.map((n) => [n.id, n.position]));
      // The file stores integers; a drag that ends where it started (a click) is no edit.
      const moved = dragged
        .map((n) => ({ id: n.id, x: Math.round(n.position.x), y: Math.round(n.position.y) }))
        .filter((p) => {
          const old = before.get(p.id);
          return !old || old.x !== p.x || old.y !== p.y;
        });
      if (moved.length > 0) onIntent({ type: 'moveNodes', positions: moved });
    },
    [view, onIntent],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.source || !c.target) return;
      onIntent({ type: 'connect', source: c.source, sourceHandle: c.sourceHandle ?? 'out', target: c.target, targetHandle: c.targetHandle ?? 'in' });
    },
    [onIntent],
  );

  // One removeElements for everything selected, rather than React Flow's separate node and edge
  // deletions, so one Delete press is one undo step.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isDeleteKey(event)) return;
      const nodeIds = [...selectedIds(current.current.nodes)];
      const edgeIds = [...selectedIds(current.current.edges)];
      if (nodeIds.length === 0 && edgeIds.length === 0) return;
      event.preventDefault();
      onIntent({ type: 'removeElements', nodeIds, edgeIds });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onIntent]);

  const onMoveEnd = useCallback((_event: unknown, viewport: Viewport) => onViewStateChange({ viewport }), [onViewStateChange]);
  const onSelectionChange: OnSelectionChangeFunc = useCallback(
    ({ nodes: selected }) => onViewStateChange({ selectedNodeIds: selected.map((n) => n.id) }),
    [onViewStateChange],
  );
  const defaultViewport = useMemo(() => initialViewState.viewport, [initialViewState]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      onMoveEnd={onMoveEnd}
      onSelectionChange={onSelectionChange}
      deleteKeyCode={null}
      fitView={defaultViewport === undefined}
      defaultViewport={defaultViewport}
      proOptions={{ hideAttribution: true }}
      minZoom={0.2}
    >
      <Background gap={20} size={1} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
