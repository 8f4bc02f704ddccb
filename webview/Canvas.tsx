/**
 * The workflow drawn with React Flow, and every way to edit it. React Flow's changes (drag in
 * progress, selection) go to local state at once; only committed changes — drag end, add,
 * delete, connect, paste — become edit intents for the host, whose answer (a new document
 * view) then replaces the local state. Viewport, selection, snapping and the palette's
 * visibility are view state (setState), never written to the file.
 *
 * This file composes the pieces, one hook each in canvas/: local state and selection
 * (useFlowState), placement and the pointer (useCanvasPlacement), focus (useFocusCanvas), editing
 * commands (useEditCommands), connecting (useConnecting), the context menu (useContextMenu,
 * canvasMenu.ts, ContextMenu.tsx), the quick-add popup (useQuickAdd), palette and snapping
 * (usePaletteAndSnap), dropping from the palette (usePaletteDrop), clipboard events
 * (useClipboardEvents) and keyboard commands (useCanvasKeyboard, shortcuts.ts).
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import ReactFlow, { Background, Panel, ReactFlowProvider, useReactFlow, type Viewport } from 'reactflow';
import type { EditIntent } from '../src/protocol/messages';
import type { NodeTypeView, WorkflowDocumentView } from '../src/protocol/view';
import { CanvasActionsContext, type CanvasActions, type StickyChange } from './canvas/canvasActions';
import { CanvasToolbar } from './canvas/CanvasToolbar';
import { connectionGraph } from './canvas/connectionRules';
import { ContextMenu } from './canvas/ContextMenu';
import { StickyNoteNode } from './canvas/StickyNoteNode';
import { useCanvasKeyboard } from './canvas/useCanvasKeyboard';
import { useCanvasPlacement } from './canvas/useCanvasPlacement';
import { useClipboardEvents } from './canvas/useClipboardEvents';
import { useConnecting } from './canvas/useConnecting';
import { useContextMenu } from './canvas/useContextMenu';
import { useEditCommands } from './canvas/useEditCommands';
import { useFlowState } from './canvas/useFlowState';
import { useFocusCanvas } from './canvas/useFocusCanvas';
import { usePaletteAndSnap } from './canvas/usePaletteAndSnap';
import { usePaletteDrop } from './canvas/usePaletteDrop';
import { useQuickAdd } from './canvas/useQuickAdd';
import { STICKY_NODE_TYPE, WORKFLOW_EDGE_TYPE, WORKFLOW_NODE_TYPE } from './flowMapping';
import { NodePalette } from './palette/NodePalette';
import { QuickAdd } from './palette/QuickAdd';
import { RunEdge } from './run/RunEdge';
import type { ViewState } from './viewState';
import { WorkflowNodeCard } from './WorkflowNodeCard';
// Module scope: a new object per render would make React Flow re-create every node and edge.
const nodeTypes = { [WORKFLOW_NODE_TYPE]: WorkflowNodeCard, [STICKY_NODE_TYPE]: StickyNoteNode };
const edgeTypes = { [WORKFLOW_EDGE_TYPE]: RunEdge };

/**
 * Above this many nodes React Flow draws only what is in view (docs/canvas.md, Performance):
 * 2–3× less work per frame on 1,000 nodes. Below it every node stays in the DOM, so that each
 * can be reached with Tab.
 */
const RENDER_VISIBLE_ONLY_ABOVE = 200;
/** Grid of the background and of snapping, in pixels. */
const GRID = 20;
/** Shift-click adds to the selection (Ctrl/Cmd-click too, as React Flow's default). */
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const SNAP_GRID: [number, number] = [GRID, GRID];
const PRO_OPTIONS = { hideAttribution: true };

/** Props of the canvas. */
export interface CanvasProps {
  view: WorkflowDocumentView;
  /** The node types of the palette (empty until `init` brought them). */
  catalog: readonly NodeTypeView[];
  /** View state saved by an earlier instance of this webview (viewport, selection, …). */
  initialViewState: ViewState;
  /** Sends an intent; resolves with the ids it created, undefined when it was refused. */
  onIntent(intent: EditIntent): Promise<string[] | undefined>;
  onViewStateChange(patch: ViewState): void;
  /** The workflow nodes selected (sticky notes and edges aside), whenever that changes. */
  onSelectionChange?(nodeIds: string[]): void;
  onWriteClipboard(text: string): Promise<void>;
  onReadClipboard(): Promise<string>;
  /** A message for the user (why a connection is refused, an empty clipboard…). */
  onNotice(message: string | undefined): void;
}

/** The canvas (React Flow needs a provider around the hooks the editor uses). */
export function Canvas(props: CanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasEditor {...props} />
    </ReactFlowProvider>
  );
}

function CanvasEditor({ view, catalog, initialViewState, onIntent, onViewStateChange, onSelectionChange, onWriteClipboard, onReadClipboard, onNotice }: CanvasProps) {
  const flow = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);
  const [editingStickyId, setEditingStickyId] = useState<string>();
  const graph = useMemo(() => connectionGraph(view.nodes, view.edges), [view]);
  const state = useFlowState({ view, initialSelection: initialViewState.selectedNodeIds, onIntent, onViewStateChange, onSelectionChange });
  const { nodes, edges, current, send } = state;
  const focusCanvas = useFocusCanvas(wrapper);
  const placement = useCanvasPlacement(flow, wrapper, current);
  const settings = usePaletteAndSnap(initialViewState, onViewStateChange);
  const fitView = useCallback(() => void flow.fitView({ duration: 200 }), [flow]);

  const commands = useEditCommands({
    current,
    setNodes: state.setNodes,
    setEdges: state.setEdges,
    send,
    defaultSpot: placement.defaultSpot,
    pasteSpot: placement.pasteSpot,
    snapGrid: settings.snapToGrid ? GRID : undefined,
    fitView,
    onWriteClipboard,
    onReadClipboard,
    onNotice,
    onStickyAdded: setEditingStickyId,
  });
  const { addNode } = commands;
  // With one node selected, a palette node goes right of it, wired to its first output (as a
  // quick-add "after" would); otherwise mid-view. Either way clear of the nodes already there.
  const { selection } = commands;
  const { spotAfter } = placement;
  const addFromPalette = useCallback(
    (nodeType: string) => {
      const { nodeIds } = selection();
      const after = nodeIds.length === 1 ? current.current.view.nodes.find((n) => n.id === nodeIds[0]) : undefined;
      const output = after?.outputs[0];
      const takesInput = (catalog.find((t) => t.type === nodeType)?.inputs.length ?? 0) > 0;
      const at = after && output && takesInput ? spotAfter(after.id) : undefined;
      if (after && output && at) addNode(nodeType, at, { nodeId: after.id, handle: output.name, side: 'source' });
      else addNode(nodeType);
    },
    [selection, current, catalog, spotAfter, addNode],
  );

  const quickAdd = useQuickAdd({ wrapper, catalog, graph, flowPointAt: placement.flowPointAt, addNode, focusCanvas });
  const sendConnection = useCallback((intent: EditIntent) => send(intent, { select: false }), [send]);
  const connecting = useConnecting(graph, sendConnection, onNotice, quickAdd.onLooseConnection);
  const menu = useContextMenu({ wrapper, current, view, nodes, edges, commands, quickAdd, flowPointAt: placement.flowPointAt, fitView, focusCanvas });

  const { dismissMenu } = menu;
  const { dismiss: dismissQuickAdd, isOpen: quickAddOpen } = quickAdd;
  const closePopups = useCallback(() => {
    dismissMenu();
    dismissQuickAdd();
  }, [dismissMenu, dismissQuickAdd]);
  const keyboard = useCanvasKeyboard({
    flow,
    commands,
    current,
    commitMoves: state.commitMoves,
    fitView,
    openPalette: settings.openPalette,
    openMenuByKeyboard: menu.openMenuByKeyboard,
    popupOpen: menu.menu !== undefined || quickAdd.quickAdd !== undefined,
    closePopups,
    editSticky: setEditingStickyId,
  });
  const clipboard = useClipboardEvents(commands);
  const drop = usePaletteDrop(placement.flowPointAt, addNode, focusCanvas);

  const onMoveEnd = useCallback((_event: unknown, viewport: Viewport) => onViewStateChange({ viewport }), [onViewStateChange]);
  const onNodeClick = useCallback(() => focusCanvas(), [focusCanvas]);
  const onPaneClick = useCallback(() => {
    // A connection dropped on the pane ends with a click there: it must not close the popup
    // it just opened (a click elsewhere closes it by taking its focus).
    if (quickAddOpen.current) return;
    dismissMenu();
    focusCanvas();
  }, [focusCanvas, dismissMenu, quickAddOpen]);

  const updateSticky = useCallback((change: StickyChange) => void send({ type: 'updateSticky', ...change }, { select: false }), [send]);
  const actions = useMemo((): CanvasActions => ({ updateSticky, editingStickyId, setEditingStickyId }), [updateSticky, editingStickyId]);
  const defaultViewport = useMemo(() => initialViewState.viewport, [initialViewState]);
  const { snapToGrid, paletteOpen, togglePalette, toggleSnap } = settings;

  return (
    <div id="canvas-editor">
      {paletteOpen ? <NodePalette catalog={catalog} onAdd={addFromPalette} onClose={togglePalette} /> : null}
      <div
        id="canvas-flow"
        ref={wrapper}
        tabIndex={0}
        role="application"
        aria-label={`Workflow canvas: ${view.name}. Shift+F10 opens the actions menu.`}
        onKeyDown={keyboard.onKeyDown}
        onKeyUp={keyboard.onKeyUp}
        onCopy={clipboard.onCopy}
        onCut={clipboard.onCut}
        onPaste={clipboard.onPaste}
        onDragOver={drop.onDragOver}
        onDrop={drop.onDrop}
        onPointerMove={placement.onPointerMove}
        onPointerLeave={placement.onPointerLeave}
      >
        <CanvasActionsContext.Provider value={actions}>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={state.onNodesChange}
            onEdgesChange={state.onEdgesChange}
            onNodeDragStop={state.onNodeDragStop}
            onSelectionDragStop={state.onSelectionDragStop}
            onConnect={connecting.onConnect}
            onConnectStart={connecting.onConnectStart}
            onConnectEnd={connecting.onConnectEnd}
            isValidConnection={connecting.isValidConnection}
            onMoveEnd={onMoveEnd}
            onSelectionChange={state.onFlowSelectionChange}
            onNodeContextMenu={menu.onNodeContextMenu}
            onEdgeContextMenu={menu.onEdgeContextMenu}
            onSelectionContextMenu={menu.onSelectionContextMenu}
            onPaneContextMenu={menu.onPaneContextMenu}
            onPaneClick={onPaneClick}
            onNodeClick={onNodeClick}
            deleteKeyCode={null}
            selectionKeyCode="Shift"
            multiSelectionKeyCode={MULTI_SELECT_KEYS}
            zoomOnDoubleClick={false}
            snapToGrid={snapToGrid}
            snapGrid={SNAP_GRID}
            fitView={defaultViewport === undefined}
            defaultViewport={defaultViewport}
            proOptions={PRO_OPTIONS}
            minZoom={0.2}
            onlyRenderVisibleElements={view.nodes.length > RENDER_VISIBLE_ONLY_ABOVE}
          >
            <Background gap={GRID} size={2} />
            <Panel position="top-left">
              <CanvasToolbar paletteOpen={paletteOpen} snapToGrid={snapToGrid} onTogglePalette={togglePalette} onToggleSnap={toggleSnap} onCommand={keyboard.runCanvasCommand} />
            </Panel>
          </ReactFlow>
        </CanvasActionsContext.Provider>
        {menu.menu ? <ContextMenu x={menu.menu.x} y={menu.menu.y} label={menu.menu.label} items={menu.items} onClose={menu.closeMenu} /> : null}
        {quickAdd.quickAdd ? (
          <QuickAdd
            catalog={quickAdd.choices}
            left={quickAdd.quickAdd.left}
            top={quickAdd.quickAdd.top}
            title={quickAdd.quickAdd.title}
            onChoose={quickAdd.choose}
            onClose={quickAdd.close}
          />
        ) : null}
      </div>
    </div>
  );
}
