/**
 * The canvas' local React Flow state: nodes and edges derived from the host's view, React Flow's
 * changes (drag in progress, selection) applied at once, drags committed as `moveNodes`, and the
 * selection reported as view state. A new view from the host replaces the local state.
 */
import { useCallback, useEffect, useRef, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { applyEdgeChanges, applyNodeChanges, type Edge, type EdgeChange, type Node, type NodeChange, type OnSelectionChangeFunc } from 'reactflow';
import type { EditIntent } from '../../src/protocol/messages';
import type { WorkflowDocumentView } from '../../src/protocol/view';
import { NodeDataCache, WORKFLOW_NODE_TYPE, toFlowEdges, toFlowNodes, withMeasuredSizes, type CanvasNode } from '../flowMapping';
import type { ViewState } from '../viewState';

function selectedIds<T extends { id: string; selected?: boolean }>(items: readonly T[]): Set<string> {
  return new Set(items.filter((item) => item.selected).map((item) => item.id));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** What the flow state works with. */
export interface FlowStateDeps {
  view: WorkflowDocumentView;
  /** Nodes selected when the canvas opens (saved view state). */
  initialSelection: readonly string[] | undefined;
  /** Sends an intent; resolves with the ids it created, undefined when it was refused. */
  onIntent(intent: EditIntent): Promise<string[] | undefined>;
  onViewStateChange(patch: ViewState): void;
  /** The workflow nodes selected (sticky notes and edges aside), whenever that changes. */
  onSelectionChange?(nodeIds: string[]): void;
}

/** Local nodes and edges, and the React Flow handlers that change them. */
export function useFlowState({ view, initialSelection, onIntent, onViewStateChange, onSelectionChange }: FlowStateDeps) {
  const cache = useRef(new NodeDataCache());
  const [nodes, setNodes] = useState<CanvasNode[]>(() => toFlowNodes(view, new Set(initialSelection), cache.current));
  const [edges, setEdges] = useState<Edge[]>(() => toFlowEdges(view, new Set()));
  /** The canvas as last rendered, for callbacks that must not change with every render. */
  const current = useRef({ nodes, edges, view });
  current.current = { nodes, edges, view };
  /** Ids an edit just created: the next view selects them. */
  const pendingSelection = useRef<ReadonlySet<string>>();

  // A new view from the host replaces the local state, keeping what the user has selected (or
  // selecting what the edit that produced it created).
  useEffect(() => {
    const select = pendingSelection.current;
    pendingSelection.current = undefined;
    setNodes((previous) => withMeasuredSizes(toFlowNodes(view, select ?? selectedIds(previous), cache.current), previous));
    setEdges((previous) => toFlowEdges(view, select ?? selectedIds(previous)));
  }, [view]);

  /** Sends an intent; what it created is selected unless `select: false`. */
  const send = useCallback(
    (intent: EditIntent, options: { select?: boolean } = {}) =>
      onIntent(intent).then((created) => {
        if (created && created.length > 0 && options.select !== false) pendingSelection.current = new Set(created);
        return created;
      }),
    [onIntent],
  );

  /** Commits positions that differ from the document's (after a drag or arrow keys). */
  const commitMoves = useCallback(
    (moved: readonly Node[]) => {
      const { view: shown } = current.current;
      const before = new Map([...shown.nodes.map((n) => [n.id, n.position] as const), ...shown.stickies.map((s) => [s.id, s.position] as const)]);
      // The file stores integers; a drag that ends where it started (a click) is no edit.
      const positions = moved
        .map((n) => ({ id: n.id, x: Math.round(n.position.x), y: Math.round(n.position.y) }))
        .filter((p) => {
          const old = before.get(p.id);
          return old !== undefined && (old.x !== p.x || old.y !== p.y);
        });
      if (positions.length > 0) void send({ type: 'moveNodes', positions }, { select: false });
    },
    [send],
  );

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    // Removal is an intent for the host (Delete), never a local change.
    setNodes((previous) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), previous) as CanvasNode[]);
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((previous) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), previous));
  }, []);
  const onNodeDragStop = useCallback((_event: ReactMouseEvent, _node: Node, dragged: Node[]) => commitMoves(dragged), [commitMoves]);
  const onSelectionDragStop = useCallback((_event: ReactMouseEvent, dragged: Node[]) => commitMoves(dragged), [commitMoves]);

  const reportedSelection = useRef<string[]>([]);
  const onFlowSelectionChange: OnSelectionChangeFunc = useCallback(
    ({ nodes: selected }) => {
      const ids = selected.map((n) => n.id);
      if (sameIds(ids, reportedSelection.current)) return;
      reportedSelection.current = ids;
      onViewStateChange({ selectedNodeIds: ids });
      onSelectionChange?.(selected.filter((n) => n.type === WORKFLOW_NODE_TYPE).map((n) => n.id));
    },
    [onViewStateChange, onSelectionChange],
  );

  return { nodes, edges, setNodes, setEdges, current, send, commitMoves, onNodesChange, onEdgesChange, onNodeDragStop, onSelectionDragStop, onFlowSelectionChange };
}
