/**
 * The workflow drawn with React Flow, and every way to edit it. React Flow's changes (drag in
 * progress, selection) go to local state at once; only committed changes — drag end, add,
 * delete, connect, paste — become edit intents for the host, whose answer (a new document
 * view) then replaces the local state. Viewport, selection, snapping and the palette's
 * visibility are view state (setState), never written to the file.
 *
 * The pieces: commands (canvas/useEditCommands.ts), connecting (canvas/useConnecting.ts), the
 * menu (canvas/canvasMenu.ts, canvas/ContextMenu.tsx), shortcuts (canvas/shortcuts.ts), the
 * palette and quick-add popup (palette/), and the node components.
 */
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import ReactFlow, {
  Background,
  Panel,
  ReactFlowProvider,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type OnSelectionChangeFunc,
  type Viewport,
} from 'reactflow';
import type { EditIntent } from '../src/protocol/messages';
import type { NodeTypeView, NodeView, WorkflowDocumentView } from '../src/protocol/view';
import { CanvasActionsContext, type CanvasActions, type StickyChange } from './canvas/canvasActions';
import { canvasMenuItems } from './canvas/canvasMenu';
import { CanvasToolbar } from './canvas/CanvasToolbar';
import { connectionGraph } from './canvas/connectionRules';
import { ContextMenu } from './canvas/ContextMenu';
import { canvasCommandOf, isTextField, type CanvasCommand } from './canvas/shortcuts';
import { StickyNoteNode } from './canvas/StickyNoteNode';
import { useConnecting, type LooseConnection } from './canvas/useConnecting';
import { NODE_SIZE, useEditCommands, type ConnectFrom, type FlowPoint } from './canvas/useEditCommands';
import { NodeDataCache, STICKY_NODE_TYPE, WORKFLOW_EDGE_TYPE, WORKFLOW_NODE_TYPE, toFlowEdges, toFlowNodes, withMeasuredSizes, type CanvasNode } from './flowMapping';
import { NODE_TYPE_MIME } from './palette/catalogSearch';
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

function selectedIds<T extends { id: string; selected?: boolean }>(items: readonly T[]): Set<string> {
  return new Set(items.filter((item) => item.selected).map((item) => item.id));
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** An open context menu: where (inside the canvas element and in the flow), and on what. */
interface MenuState {
  x: number;
  y: number;
  flow: FlowPoint;
  label: string;
  /** The workflow node it was opened on, for "Add node after…". */
  nodeId?: string;
}

/** An open quick-add popup. */
interface QuickAddState {
  left: number;
  top: number;
  flow: FlowPoint;
  title: string;
  connectFrom?: ConnectFrom;
}

function CanvasEditor({ view, catalog, initialViewState, onIntent, onViewStateChange, onSelectionChange, onWriteClipboard, onReadClipboard, onNotice }: CanvasProps) {
  const flow = useReactFlow();
  const cache = useRef(new NodeDataCache());
  const [nodes, setNodes] = useState<CanvasNode[]>(() => toFlowNodes(view, new Set(initialViewState.selectedNodeIds), cache.current));
  const [edges, setEdges] = useState<Edge[]>(() => toFlowEdges(view, new Set()));
  const [snapToGrid, setSnapToGrid] = useState(initialViewState.snapToGrid ?? false);
  const [paletteOpen, setPaletteOpen] = useState(initialViewState.paletteOpen ?? true);
  const [menu, setMenu] = useState<MenuState>();
  const [quickAdd, setQuickAdd] = useState<QuickAddState>();
  const [editingStickyId, setEditingStickyId] = useState<string>();
  const wrapper = useRef<HTMLDivElement>(null);
  const current = useRef({ nodes, edges, view });
  current.current = { nodes, edges, view };
  /** Ids an edit just created: the next view selects them. */
  const pendingSelection = useRef<ReadonlySet<string>>();
  /** Last pointer position over the canvas, in flow coordinates (where a paste goes). */
  const pointer = useRef<FlowPoint>();
  /** What had focus when the context menu opened: it gets it back when the menu closes. */
  const focusBeforeMenu = useRef<HTMLElement | null>(null);
  const quickAddOpen = useRef(false);
  quickAddOpen.current = quickAdd !== undefined;
  const graph = useMemo(() => connectionGraph(view.nodes, view.edges), [view]);

  // A new view from the host replaces the local state, keeping what the user has selected (or
  // selecting what the edit that produced it created).
  useEffect(() => {
    const select = pendingSelection.current;
    pendingSelection.current = undefined;
    setNodes((previous) => withMeasuredSizes(toFlowNodes(view, select ?? selectedIds(previous), cache.current), previous));
    setEdges((previous) => toFlowEdges(view, select ?? selectedIds(previous)));
  }, [view]);

  const send = useCallback(
    (intent: EditIntent, options: { select?: boolean } = {}) =>
      onIntent(intent).then((created) => {
        if (created && created.length > 0 && options.select !== false) pendingSelection.current = new Set(created);
        return created;
      }),
    [onIntent],
  );

  /**
   * Keeps keyboard focus on the canvas (so its shortcuts work) once a popup closed or a click
   * landed on the pane; after this frame, since a closing popup takes its focused element along.
   */
  const focusCanvas = useCallback((preferred?: HTMLElement | null) => {
    requestAnimationFrame(() => {
      if (preferred?.isConnected) preferred.focus({ preventScroll: true });
      else if (!wrapper.current?.contains(document.activeElement)) wrapper.current?.focus({ preventScroll: true });
    });
  }, []);

  // ---- where things go ----

  const flowPointAt = useCallback((clientX: number, clientY: number) => flow.screenToFlowPosition({ x: clientX, y: clientY }), [flow]);
  const viewCenter = useCallback(() => {
    const rect = wrapper.current?.getBoundingClientRect();
    return rect ? flowPointAt(rect.left + rect.width / 2, rect.top + rect.height / 2) : { x: 0, y: 0 };
  }, [flowPointAt]);
  /** Mid-view, moved off nodes already there: things added one after another do not stack. */
  const defaultSpot = useCallback(
    (size: { width: number; height: number }) => {
      const middle = viewCenter();
      const spot = { x: Math.round(middle.x - size.width / 2), y: Math.round(middle.y - size.height / 2) };
      const taken = current.current.view.nodes.map((n) => n.position);
      for (let i = 0; i < 50 && taken.some((p) => Math.abs(p.x - spot.x) < GRID && Math.abs(p.y - spot.y) < GRID); i++) {
        spot.x += 2 * GRID;
        spot.y += 2 * GRID;
      }
      return spot;
    },
    [viewCenter],
  );
  const pasteSpot = useCallback(() => pointer.current ?? viewCenter(), [viewCenter]);
  const fitView = useCallback(() => void flow.fitView({ duration: 200 }), [flow]);

  const commands = useEditCommands({
    current,
    setNodes,
    setEdges,
    send,
    defaultSpot,
    pasteSpot,
    snapGrid: snapToGrid ? GRID : undefined,
    fitView,
    onWriteClipboard,
    onReadClipboard,
    onNotice,
    onStickyAdded: setEditingStickyId,
  });
  const { selection, addNode, copy, cut, paste, duplicate, remove, toggleDisabled, selectAll, clearSelection, selectOnly, autoLayout, addSticky } = commands;

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

  // ---- React Flow events ----

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    // Removal is an intent for the host (Delete), never a local change.
    setNodes((previous) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), previous) as CanvasNode[]);
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((previous) => applyEdgeChanges(changes.filter((c) => c.type !== 'remove'), previous));
  }, []);
  const onNodeDragStop = useCallback((_event: ReactMouseEvent, _node: Node, dragged: Node[]) => commitMoves(dragged), [commitMoves]);
  const onSelectionDragStop = useCallback((_event: ReactMouseEvent, dragged: Node[]) => commitMoves(dragged), [commitMoves]);

  const onLooseConnection = useCallback(
    (loose: LooseConnection) => {
      const rect = wrapper.current!.getBoundingClientRect();
      const name = graph.nodes.get(loose.nodeId)?.name ?? loose.nodeId;
      setQuickAdd({
        left: loose.clientX - rect.left,
        top: loose.clientY - rect.top,
        flow: flowPointAt(loose.clientX, loose.clientY),
        title: `Add a node ${loose.side === 'source' ? 'after' : 'before'} "${name}" (${loose.handle})`,
        connectFrom: { nodeId: loose.nodeId, handle: loose.handle, side: loose.side },
      });
    },
    [graph, flowPointAt],
  );
  const sendConnection = useCallback((intent: EditIntent) => send(intent, { select: false }), [send]);
  const connecting = useConnecting(graph, sendConnection, onNotice, onLooseConnection);

  const onMoveEnd = useCallback((_event: unknown, viewport: Viewport) => onViewStateChange({ viewport }), [onViewStateChange]);
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

  // ---- palette, snapping ----

  const togglePalette = useCallback(() => {
    setPaletteOpen((open) => {
      onViewStateChange({ paletteOpen: !open });
      return !open;
    });
  }, [onViewStateChange]);
  const openPalette = useCallback(() => {
    setPaletteOpen(true);
    onViewStateChange({ paletteOpen: true });
    requestAnimationFrame(() => document.getElementById('palette-search')?.focus());
  }, [onViewStateChange]);
  const toggleSnap = useCallback(() => {
    setSnapToGrid((snap) => {
      onViewStateChange({ snapToGrid: !snap });
      return !snap;
    });
  }, [onViewStateChange]);
  const addFromPalette = useCallback((nodeType: string) => addNode(nodeType), [addNode]);

  // ---- menu and quick-add ----

  const openMenu = useCallback(
    (clientX: number, clientY: number, label: string, nodeId?: string) => {
      const rect = wrapper.current!.getBoundingClientRect();
      setQuickAdd(undefined);
      focusBeforeMenu.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setMenu({ x: clientX - rect.left, y: clientY - rect.top, flow: flowPointAt(clientX, clientY), label, nodeId });
    },
    [flowPointAt],
  );
  const closeMenu = useCallback(() => {
    setMenu(undefined);
    focusCanvas(focusBeforeMenu.current);
  }, [focusCanvas]);

  const onNodeContextMenu = useCallback(
    (event: ReactMouseEvent, node: Node) => {
      event.preventDefault();
      selectOnly(node.id, 'node');
      openMenu(event.clientX, event.clientY, 'Node actions', node.type === WORKFLOW_NODE_TYPE ? node.id : undefined);
    },
    [selectOnly, openMenu],
  );
  const onEdgeContextMenu = useCallback(
    (event: ReactMouseEvent, edge: Edge) => {
      event.preventDefault();
      selectOnly(edge.id, 'edge');
      openMenu(event.clientX, event.clientY, 'Connection actions');
    },
    [selectOnly, openMenu],
  );
  const onSelectionContextMenu = useCallback(
    (event: ReactMouseEvent) => {
      event.preventDefault();
      openMenu(event.clientX, event.clientY, 'Selection actions');
    },
    [openMenu],
  );
  const onPaneContextMenu = useCallback(
    (event: ReactMouseEvent) => {
      event.preventDefault();
      // On empty canvas the menu is about the canvas, as a click there would be.
      clearSelection();
      openMenu(event.clientX, event.clientY, 'Canvas actions');
    },
    [openMenu, clearSelection],
  );
  /** The menu from the keyboard (Shift+F10), on the focused node or mid-canvas. */
  const openMenuByKeyboard = useCallback(
    (target: EventTarget | null) => {
      const element = (target as Element | null)?.closest?.('.react-flow__node');
      const id = element?.getAttribute('data-id') ?? undefined;
      const box = (element ?? wrapper.current)!.getBoundingClientRect();
      if (id) selectOnly(id, 'node');
      const isNode = id !== undefined && current.current.view.nodes.some((n) => n.id === id);
      openMenu(element ? box.left + 16 : box.left + box.width / 2, element ? box.bottom - 4 : box.top + box.height / 2, id ? 'Node actions' : 'Canvas actions', isNode ? id : undefined);
    },
    [selectOnly, openMenu],
  );

  const openQuickAdd = useCallback((state: QuickAddState) => {
    setMenu(undefined);
    setQuickAdd(state);
  }, []);
  /** "Add node after…": the quick-add popup beside a node, wired to its first output. */
  const addAfter = useCallback(
    (node: NodeView) => {
      const output = node.outputs[0]!;
      const element = wrapper.current?.querySelector(`.react-flow__node[data-id="${CSS.escape(node.id)}"]`);
      const rect = wrapper.current!.getBoundingClientRect();
      const box = element?.getBoundingClientRect();
      openQuickAdd({
        left: box ? box.right - rect.left + 12 : rect.width / 2,
        top: box ? box.top - rect.top : rect.height / 2,
        flow: { x: node.position.x + NODE_SIZE.width + 60, y: node.position.y + NODE_SIZE.height / 2 },
        title: `Add a node after "${node.name}" (${output.name})`,
        connectFrom: { nodeId: node.id, handle: output.name, side: 'source' },
      });
    },
    [openQuickAdd],
  );

  const menuItems = useMemo(() => {
    if (!menu) return [];
    return canvasMenuItems(
      selection(),
      view.nodes,
      {
        addAfter,
        addNode: () => openQuickAdd({ left: menu.x, top: menu.y, flow: menu.flow, title: 'Add a node' }),
        addSticky: () => addSticky(menu.flow),
        cut: () => void cut(),
        copy: () => void copy(),
        paste: () => void paste(menu.flow),
        duplicate,
        toggleDisabled,
        remove,
        selectAll,
        autoLayout,
        fitView,
      },
      menu.nodeId ? view.nodes.find((n) => n.id === menu.nodeId) : undefined,
    );
    // `nodes` and `edges`: the enabled items follow the selection the menu was opened on.
  }, [menu, view, nodes, edges, selection, addAfter, openQuickAdd, addSticky, cut, copy, paste, duplicate, toggleDisabled, remove, selectAll, autoLayout, fitView]);

  const chooseQuickAdd = useCallback(
    (nodeType: string) => {
      if (!quickAdd) return;
      const { flow: at, connectFrom } = quickAdd;
      // After an output the new node starts at the drop point; before an input it ends there;
      // otherwise it is centred on it.
      const x = connectFrom?.side === 'target' ? at.x - NODE_SIZE.width : connectFrom ? at.x : at.x - NODE_SIZE.width / 2;
      addNode(nodeType, { x, y: at.y - NODE_SIZE.height / 2 }, connectFrom);
      setQuickAdd(undefined);
      focusCanvas();
    },
    [quickAdd, addNode, focusCanvas],
  );
  const closeQuickAdd = useCallback(() => {
    setQuickAdd(undefined);
    focusCanvas();
  }, [focusCanvas]);
  const quickAddCatalog = useMemo(() => {
    const side = quickAdd?.connectFrom?.side;
    if (side === 'source') return catalog.filter((t) => t.inputs.length > 0);
    if (side === 'target') return catalog.filter((t) => t.outputs.length > 0);
    return catalog;
  }, [catalog, quickAdd]);

  // ---- keyboard, clipboard, drop, pointer ----

  const run = useCallback(
    (command: CanvasCommand, target: EventTarget | null = null): boolean => {
      switch (command) {
        case 'selectAll':
          selectAll();
          return true;
        case 'duplicate':
          duplicate();
          return true;
        case 'delete':
          return remove();
        case 'toggleDisabled':
          toggleDisabled();
          return true;
        case 'fitView':
          fitView();
          return true;
        case 'zoomIn':
          void flow.zoomIn({ duration: 150 });
          return true;
        case 'zoomOut':
          void flow.zoomOut({ duration: 150 });
          return true;
        case 'addNode':
          openPalette();
          return true;
        case 'addSticky':
          addSticky();
          return true;
        case 'autoLayout':
          autoLayout();
          return true;
        case 'contextMenu':
          openMenuByKeyboard(target);
          return true;
        case 'escape':
          if (menu || quickAdd) {
            setMenu(undefined);
            setQuickAdd(undefined);
          } else clearSelection();
          return true;
      }
    },
    [selectAll, duplicate, remove, toggleDisabled, fitView, flow, openPalette, addSticky, autoLayout, openMenuByKeyboard, menu, quickAdd, clearSelection],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (isTextField(event.target)) return;
      const sticky = (event.target as Element).closest?.('.react-flow__node-sticky');
      if (sticky && (event.key === 'F2' || event.key === 'Enter') && !event.ctrlKey && !event.metaKey) {
        setEditingStickyId(sticky.getAttribute('data-id') ?? undefined);
        event.preventDefault();
        return;
      }
      const command = canvasCommandOf(event);
      if (command && run(command, event.target)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    [run],
  );
  // Arrow keys move selected nodes in React Flow (a11y); the move is committed on key release.
  const onKeyUp = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (event.key.startsWith('Arrow') && !isTextField(event.target)) commitMoves(current.current.nodes.filter((n) => n.selected));
    },
    [commitMoves],
  );

  // Copy, cut and paste arrive as DOM events (see shortcuts.ts); text fields keep their own.
  const onCopy = useCallback(
    (event: ClipboardEvent) => {
      if (isTextField(event.target) || selection().itemIds.length === 0) return;
      event.preventDefault();
      void copy();
    },
    [selection, copy],
  );
  const onCut = useCallback(
    (event: ClipboardEvent) => {
      if (isTextField(event.target) || selection().itemIds.length === 0) return;
      event.preventDefault();
      void cut();
    },
    [selection, cut],
  );
  const onPaste = useCallback(
    (event: ClipboardEvent) => {
      if (isTextField(event.target)) return;
      event.preventDefault();
      void paste();
    },
    [paste],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_TYPE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const nodeType = event.dataTransfer.getData(NODE_TYPE_MIME);
      if (!nodeType) return;
      event.preventDefault();
      const at = flowPointAt(event.clientX, event.clientY);
      addNode(nodeType, { x: at.x - NODE_SIZE.width / 2, y: at.y - NODE_SIZE.height / 2 });
      focusCanvas();
    },
    [flowPointAt, addNode, focusCanvas],
  );

  const onPointerMove = useCallback(
    (event: ReactPointerEvent) => {
      pointer.current = flowPointAt(event.clientX, event.clientY);
    },
    [flowPointAt],
  );
  const onPointerLeave = useCallback(() => {
    pointer.current = undefined;
  }, []);
  const onNodeClick = useCallback(() => focusCanvas(), [focusCanvas]);
  const onPaneClick = useCallback(() => {
    // A connection dropped on the pane ends with a click there: it must not close the popup
    // it just opened (a click elsewhere closes it by taking its focus).
    if (quickAddOpen.current) return;
    setMenu(undefined);
    focusCanvas();
  }, [focusCanvas]);

  const updateSticky = useCallback((change: StickyChange) => void send({ type: 'updateSticky', ...change }, { select: false }), [send]);
  const actions = useMemo((): CanvasActions => ({ updateSticky, editingStickyId, setEditingStickyId }), [updateSticky, editingStickyId]);
  const defaultViewport = useMemo(() => initialViewState.viewport, [initialViewState]);

  return (
    <div id="canvas-editor">
      {paletteOpen ? <NodePalette catalog={catalog} onAdd={addFromPalette} onClose={togglePalette} /> : null}
      <div
        id="canvas-flow"
        ref={wrapper}
        tabIndex={0}
        role="application"
        aria-label={`Workflow canvas: ${view.name}. Shift+F10 opens the actions menu.`}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
        onCopy={onCopy}
        onCut={onCut}
        onPaste={onPaste}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
      >
        <CanvasActionsContext.Provider value={actions}>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onNodeDragStop={onNodeDragStop}
            onSelectionDragStop={onSelectionDragStop}
            onConnect={connecting.onConnect}
            onConnectStart={connecting.onConnectStart}
            onConnectEnd={connecting.onConnectEnd}
            isValidConnection={connecting.isValidConnection}
            onMoveEnd={onMoveEnd}
            onSelectionChange={onFlowSelectionChange}
            onNodeContextMenu={onNodeContextMenu}
            onEdgeContextMenu={onEdgeContextMenu}
            onSelectionContextMenu={onSelectionContextMenu}
            onPaneContextMenu={onPaneContextMenu}
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
              <CanvasToolbar paletteOpen={paletteOpen} snapToGrid={snapToGrid} onTogglePalette={togglePalette} onToggleSnap={toggleSnap} onCommand={run} />
            </Panel>
          </ReactFlow>
        </CanvasActionsContext.Provider>
        {menu ? <ContextMenu x={menu.x} y={menu.y} label={menu.label} items={menuItems} onClose={closeMenu} /> : null}
        {quickAdd ? (
          <QuickAdd catalog={quickAddCatalog} left={quickAdd.left} top={quickAdd.top} title={quickAdd.title} onChoose={chooseQuickAdd} onClose={closeQuickAdd} />
        ) : null}
      </div>
    </div>
  );
}
