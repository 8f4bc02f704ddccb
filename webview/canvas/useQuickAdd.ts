/**
 * The quick-add popup: a searchable list of node types opened by a connection dropped on empty
 * canvas, "Add node after…" or the menu's "Add node"; the chosen type is added there and, from
 * a handle, wired to it.
 */
import { useCallback, useMemo, useRef, useState, type RefObject } from 'react';
import type { NodeTypeView, NodeView } from '../../src/protocol/view';
import type { ConnectionGraph } from './connectionRules';
import type { LooseConnection } from './useConnecting';
import { NODE_SIZE, type ConnectFrom, type FlowPoint } from './useEditCommands';

/** An open quick-add popup: where (inside the canvas element and in the flow), and wired to what. */
export interface QuickAddState {
  left: number;
  top: number;
  flow: FlowPoint;
  title: string;
  connectFrom?: ConnectFrom;
}

/** What the popup works with. */
export interface QuickAddDeps {
  wrapper: RefObject<HTMLDivElement>;
  catalog: readonly NodeTypeView[];
  graph: ConnectionGraph;
  flowPointAt(clientX: number, clientY: number): FlowPoint;
  addNode(nodeType: string, at?: FlowPoint, connectFrom?: ConnectFrom): void;
  focusCanvas(): void;
}

/** The popup's state and the ways to open, choose in and close it. */
export function useQuickAdd({ wrapper, catalog, graph, flowPointAt, addNode, focusCanvas }: QuickAddDeps) {
  const [quickAdd, setQuickAdd] = useState<QuickAddState>();
  /** Whether the popup is open, for handlers that must not change with it. */
  const isOpen = useRef(false);
  isOpen.current = quickAdd !== undefined;

  /** A connection dropped on empty canvas: the popup there, to create the node at its end. */
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
    [graph, flowPointAt, wrapper],
  );
  /** "Add node after…": the popup beside a node, wired to its first output. */
  const addAfter = useCallback(
    (node: NodeView) => {
      const output = node.outputs[0]!;
      const element = wrapper.current?.querySelector(`.react-flow__node[data-id="${CSS.escape(node.id)}"]`);
      const rect = wrapper.current!.getBoundingClientRect();
      const box = element?.getBoundingClientRect();
      setQuickAdd({
        left: box ? box.right - rect.left + 12 : rect.width / 2,
        top: box ? box.top - rect.top : rect.height / 2,
        flow: { x: node.position.x + NODE_SIZE.width + 60, y: node.position.y + NODE_SIZE.height / 2 },
        title: `Add a node after "${node.name}" (${output.name})`,
        connectFrom: { nodeId: node.id, handle: output.name, side: 'source' },
      });
    },
    [wrapper],
  );

  const choose = useCallback(
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
  const close = useCallback(() => {
    setQuickAdd(undefined);
    focusCanvas();
  }, [focusCanvas]);
  /** Closes the popup without moving focus (another popup or Escape takes over). */
  const dismiss = useCallback(() => setQuickAdd(undefined), []);
  /** The types that fit the handle it was opened from. */
  const choices = useMemo(() => {
    const side = quickAdd?.connectFrom?.side;
    if (side === 'source') return catalog.filter((t) => t.inputs.length > 0);
    if (side === 'target') return catalog.filter((t) => t.outputs.length > 0);
    return catalog;
  }, [catalog, quickAdd]);

  return { quickAdd, isOpen, open: setQuickAdd, onLooseConnection, addAfter, choose, close, dismiss, choices };
}
