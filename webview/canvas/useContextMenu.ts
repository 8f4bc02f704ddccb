/**
 * The canvas' context menu: opened by a right click on a node, an edge, the selection or the
 * pane, or from the keyboard (Shift+F10); its items (canvasMenu.ts) act on the selection it was
 * opened on. Focus goes back where it was when the menu closes.
 */
import { useCallback, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent, type RefObject } from 'react';
import type { Edge, Node } from 'reactflow';
import type { WorkflowDocumentView } from '../../src/protocol/view';
import { WORKFLOW_NODE_TYPE } from '../flowMapping';
import { canvasMenuItems } from './canvasMenu';
import type { EditCommandDeps, FlowPoint, useEditCommands } from './useEditCommands';
import type { QuickAddState, useQuickAdd } from './useQuickAdd';

/** An open context menu: where (inside the canvas element and in the flow), and on what. */
interface MenuState {
  x: number;
  y: number;
  flow: FlowPoint;
  label: string;
  /** The workflow node it was opened on, for "Add node after…". */
  nodeId?: string;
}

/** What the menu works with. */
export interface ContextMenuDeps {
  wrapper: RefObject<HTMLDivElement>;
  current: EditCommandDeps['current'];
  /** The view, nodes and edges as rendered: the items follow the selection the menu opened on. */
  view: WorkflowDocumentView;
  nodes: readonly Node[];
  edges: readonly Edge[];
  commands: ReturnType<typeof useEditCommands>;
  quickAdd: Pick<ReturnType<typeof useQuickAdd>, 'open' | 'addAfter' | 'dismiss'>;
  flowPointAt(clientX: number, clientY: number): FlowPoint;
  fitView(): void;
  focusCanvas(preferred?: HTMLElement | null): void;
}

/** The menu's state, its items and the handlers that open it. */
export function useContextMenu({ wrapper, current, view, nodes, edges, commands, quickAdd, flowPointAt, fitView, focusCanvas }: ContextMenuDeps) {
  const [menu, setMenu] = useState<MenuState>();
  /** What had focus when the menu opened: it gets it back when the menu closes. */
  const focusBeforeMenu = useRef<HTMLElement | null>(null);
  const { selection, selectOnly, clearSelection, addSticky, cut, copy, paste, duplicate, toggleDisabled, remove, selectAll, autoLayout } = commands;
  const { open: openQuickAdd, addAfter, dismiss: dismissQuickAdd } = quickAdd;

  const openMenu = useCallback(
    (clientX: number, clientY: number, label: string, nodeId?: string) => {
      const rect = wrapper.current!.getBoundingClientRect();
      dismissQuickAdd();
      focusBeforeMenu.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setMenu({ x: clientX - rect.left, y: clientY - rect.top, flow: flowPointAt(clientX, clientY), label, nodeId });
    },
    [flowPointAt, wrapper, dismissQuickAdd],
  );
  const closeMenu = useCallback(() => {
    setMenu(undefined);
    focusCanvas(focusBeforeMenu.current);
  }, [focusCanvas]);
  /** Closes the menu without moving focus (Escape, a click on the pane). */
  const dismissMenu = useCallback(() => setMenu(undefined), []);

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
    [selectOnly, openMenu, wrapper, current],
  );

  const items = useMemo(() => {
    if (!menu) return [];
    const quickAddHere: QuickAddState = { left: menu.x, top: menu.y, flow: menu.flow, title: 'Add a node' };
    return canvasMenuItems(
      selection(),
      view.nodes,
      {
        addAfter,
        addNode: () => openQuickAdd(quickAddHere),
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

  return { menu, items, closeMenu, dismissMenu, openMenuByKeyboard, onNodeContextMenu, onEdgeContextMenu, onSelectionContextMenu, onPaneContextMenu };
}
