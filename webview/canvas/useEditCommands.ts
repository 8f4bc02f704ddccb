/**
 * The canvas' editing commands, shared by the keyboard, the context menu, the toolbar and the
 * palette: each reads the current selection and sends one intent (one undo step). Copy and
 * paste go through the host's clipboard requests, as workflow JSON.
 */
import { useCallback, type Dispatch, type MutableRefObject, type SetStateAction } from 'react';
import type { Edge } from 'reactflow';
import type { EditIntent, Fragment } from '../../src/protocol/messages';
import type { WorkflowDocumentView } from '../../src/protocol/view';
import { isStickyNode, type CanvasNode } from '../flowMapping';
import { layoutPositions } from './autoLayout';
import { fragmentOf, fragmentOrigin, fragmentText, parseFragment } from './clipboard';

/** A point in flow coordinates. */
export interface FlowPoint {
  x: number;
  y: number;
}

/** Where a node added from the quick-add popup connects. */
export interface ConnectFrom {
  nodeId: string;
  handle: string;
  side: 'source' | 'target';
}

/** What the commands work with. */
export interface EditCommandDeps {
  /** The canvas as last rendered. */
  current: MutableRefObject<{ nodes: CanvasNode[]; edges: Edge[]; view: WorkflowDocumentView }>;
  setNodes: Dispatch<SetStateAction<CanvasNode[]>>;
  setEdges: Dispatch<SetStateAction<Edge[]>>;
  /** Sends an intent; resolves with the ids it created (selected unless `select: false`). */
  send(intent: EditIntent, options?: { select?: boolean }): Promise<string[] | undefined>;
  /** Where a new node goes when no point is given (mid-view, on a free spot). */
  defaultSpot(size: { width: number; height: number }): FlowPoint;
  /** Where a paste goes when no point is given (under the pointer, else mid-view). */
  pasteSpot(): FlowPoint;
  /** The grid positions snap to, when snapping is on. */
  snapGrid: number | undefined;
  fitView(): void;
  onWriteClipboard(text: string): Promise<void>;
  onReadClipboard(): Promise<string>;
  onNotice(message: string): void;
  /** A sticky note was just added (its text editor opens). */
  onStickyAdded(id: string): void;
}

/** How far a duplicate lands from its original. */
export const DUPLICATE_OFFSET = { x: 40, y: 40 };
/** Size of a node card, to centre a new node on the point where it is added. */
export const NODE_SIZE = { width: 180, height: 40 };
const STICKY_SIZE = { width: 240, height: 160 };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function ids<T extends { id: string; selected?: boolean }>(items: readonly T[], keep: (item: T) => boolean = () => true): string[] {
  return items.filter((item) => item.selected && keep(item)).map((item) => item.id);
}

/** The commands. */
export function useEditCommands(deps: EditCommandDeps) {
  const { current, setNodes, setEdges, send, defaultSpot, pasteSpot, snapGrid, fitView, onWriteClipboard, onReadClipboard, onNotice, onStickyAdded } = deps;

  const selection = useCallback(() => {
    const { nodes, edges } = current.current;
    return { itemIds: ids(nodes), edgeIds: ids(edges), nodeIds: ids(nodes, (n) => !isStickyNode(n)) };
  }, [current]);

  const addNode = useCallback(
    (nodeType: string, at?: FlowPoint, connectFrom?: ConnectFrom) => {
      const p = at ?? defaultSpot(NODE_SIZE);
      const position = { x: Math.round(p.x), y: Math.round(p.y) };
      void send(connectFrom ? { type: 'addNode', nodeType, position, connectFrom } : { type: 'addNode', nodeType, position });
    },
    [send, defaultSpot],
  );

  const insert = useCallback(
    (fragment: Fragment, offset: FlowPoint) => send({ type: 'insertFragment', fragment, offset: { x: Math.round(offset.x), y: Math.round(offset.y) } }),
    [send],
  );

  const copy = useCallback(async (): Promise<boolean> => {
    const fragment = fragmentOf(current.current.view, new Set(selection().itemIds));
    if (!fragment) return false;
    try {
      await onWriteClipboard(fragmentText(fragment));
      return true;
    } catch (error) {
      onNotice(`Could not copy: ${messageOf(error)}`);
      return false;
    }
  }, [current, selection, onWriteClipboard, onNotice]);

  const remove = useCallback(() => {
    const { itemIds, edgeIds } = selection();
    if (itemIds.length === 0 && edgeIds.length === 0) return false;
    keepFocusOnCanvas(itemIds);
    // One intent for everything selected, so one Delete press is one undo step.
    void send({ type: 'removeElements', nodeIds: itemIds, edgeIds });
    return true;
  }, [selection, send]);

  const cut = useCallback(async () => {
    if (await copy()) remove();
  }, [copy, remove]);

  /** Pastes the clipboard with its top-left corner at `at` (default: see `pasteSpot`). */
  const paste = useCallback(
    async (at?: FlowPoint) => {
      let text: string;
      try {
        text = await onReadClipboard();
      } catch (error) {
        onNotice(`Could not read the clipboard: ${messageOf(error)}`);
        return;
      }
      const fragment = parseFragment(text);
      if (!fragment) {
        onNotice('Nothing to paste: the clipboard holds no workflow JSON (nodes, or a part of a workflow file).');
        return;
      }
      const origin = fragmentOrigin(fragment);
      const target = at ?? pasteSpot();
      await insert(fragment, { x: target.x - origin.x, y: target.y - origin.y });
    },
    [onReadClipboard, onNotice, insert, pasteSpot],
  );

  const duplicate = useCallback(() => {
    const fragment = fragmentOf(current.current.view, new Set(selection().itemIds));
    if (fragment) void insert(fragment, DUPLICATE_OFFSET);
  }, [current, selection, insert]);

  const toggleDisabled = useCallback(() => {
    const { nodeIds } = selection();
    if (nodeIds.length === 0) return;
    const byId = new Map(current.current.view.nodes.map((n) => [n.id, n]));
    // A mixed selection is disabled; an all-disabled one enabled.
    const disabled = !nodeIds.every((id) => byId.get(id)?.disabled);
    void send({ type: 'setDisabled', nodeIds, disabled }, { select: false });
  }, [current, selection, send]);

  const selectAll = useCallback(() => {
    setNodes((items) => items.map((n) => (n.selected ? n : { ...n, selected: true })));
    setEdges((lines) => lines.map((e) => (e.selected ? e : { ...e, selected: true })));
  }, [setNodes, setEdges]);

  const clearSelection = useCallback(() => {
    setNodes((items) => items.map((n) => (n.selected ? { ...n, selected: false } : n)));
    setEdges((lines) => lines.map((e) => (e.selected ? { ...e, selected: false } : e)));
  }, [setNodes, setEdges]);

  /** Selects `id` alone unless it is already part of the selection (right-click semantics). */
  const selectOnly = useCallback(
    (id: string, kind: 'node' | 'edge') => {
      const items = kind === 'node' ? current.current.nodes : current.current.edges;
      if (items.find((i) => i.id === id)?.selected) return;
      const pick = (k: 'node' | 'edge', itemId: string): boolean => kind === k && itemId === id;
      setNodes((list) => list.map((n) => (n.selected !== pick('node', n.id) ? { ...n, selected: pick('node', n.id) } : n)));
      setEdges((list) => list.map((e) => (e.selected !== pick('edge', e.id) ? { ...e, selected: pick('edge', e.id) } : e)));
    },
    [current, setNodes, setEdges],
  );

  const autoLayout = useCallback(() => {
    const items = current.current.nodes.filter((n) => !isStickyNode(n));
    const layoutNodes = items.map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, width: n.width ?? NODE_SIZE.width, height: n.height ?? NODE_SIZE.height }));
    const positions = layoutPositions(layoutNodes, current.current.view.edges, snapGrid);
    if (positions.length > 0) void send({ type: 'moveNodes', positions }, { select: false }).then(() => requestAnimationFrame(fitView));
  }, [current, send, snapGrid, fitView]);

  const addSticky = useCallback(
    (at?: FlowPoint) => {
      const p = at ?? defaultSpot(STICKY_SIZE);
      void send({ type: 'addSticky', position: { x: Math.round(p.x), y: Math.round(p.y) }, text: '' }).then((created) => {
        if (created?.[0]) onStickyAdded(created[0]);
      });
    },
    [send, defaultSpot, onStickyAdded],
  );

  return { selection, addNode, copy, cut, paste, duplicate, remove, toggleDisabled, selectAll, clearSelection, selectOnly, autoLayout, addSticky };
}

/**
 * A focused node or edge that an edit removes leaves keyboard focus on the page body, without
 * any blur event, and no canvas shortcut works from there: the canvas takes focus first.
 */
function keepFocusOnCanvas(removedItemIds: readonly string[]): void {
  const focused = document.activeElement;
  if (!focused) return;
  const itemId = focused.closest('.react-flow__node')?.getAttribute('data-id');
  const goes = (itemId !== null && itemId !== undefined && removedItemIds.includes(itemId)) || focused.closest('.react-flow__edge') !== null;
  if (goes) focused.closest<HTMLElement>('#canvas-flow')?.focus({ preventScroll: true });
}
