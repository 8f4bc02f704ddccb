/**
 * Where things go on the canvas: screen points to flow points, a free spot mid-view for what is
 * added without a point, and the last pointer position (where a paste goes).
 */
import { useCallback, useRef, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import type { ReactFlowInstance } from 'reactflow';
import { freeSpot, type Box } from './freeSpot';
import { NODE_SIZE, type EditCommandDeps, type FlowPoint } from './useEditCommands';

/** Space between a node and one added after it from the palette, in flow pixels. */
const AFTER_GAP = 60;

/** Placement helpers and the pointer handlers that feed `pasteSpot`. */
export function useCanvasPlacement(flow: ReactFlowInstance, wrapper: RefObject<HTMLDivElement>, current: EditCommandDeps['current']) {
  /** Last pointer position over the canvas, in flow coordinates (where a paste goes). */
  const pointer = useRef<FlowPoint>();

  const flowPointAt = useCallback((clientX: number, clientY: number) => flow.screenToFlowPosition({ x: clientX, y: clientY }), [flow]);
  const viewCenter = useCallback(() => {
    const rect = wrapper.current?.getBoundingClientRect();
    return rect ? flowPointAt(rect.left + rect.width / 2, rect.top + rect.height / 2) : { x: 0, y: 0 };
  }, [flowPointAt, wrapper]);
  /** The boxes of everything drawn (nodes and sticky notes), as measured, in flow coordinates. */
  const boxes = useCallback(
    (): Box[] => current.current.nodes.map((n) => ({ x: n.position.x, y: n.position.y, width: n.width ?? NODE_SIZE.width, height: n.height ?? NODE_SIZE.height })),
    [current],
  );
  /** Mid-view, moved below nodes already there: nothing added covers a node or its handles. */
  const defaultSpot = useCallback(
    (size: { width: number; height: number }) => {
      const middle = viewCenter();
      return freeSpot({ x: middle.x - size.width / 2, y: middle.y - size.height / 2 }, size, boxes());
    },
    [viewCenter, boxes],
  );
  /** Right of node `id` (level with it), moved below whatever is already there. */
  const spotAfter = useCallback(
    (id: string): FlowPoint | undefined => {
      const node = current.current.nodes.find((n) => n.id === id);
      if (!node) return undefined;
      const width = node.width ?? NODE_SIZE.width;
      const height = node.height ?? NODE_SIZE.height;
      const wished = { x: node.position.x + width + AFTER_GAP, y: node.position.y + (height - NODE_SIZE.height) / 2 };
      return freeSpot(wished, NODE_SIZE, boxes());
    },
    [current, boxes],
  );
  const pasteSpot = useCallback(() => pointer.current ?? viewCenter(), [viewCenter]);

  const onPointerMove = useCallback(
    (event: ReactPointerEvent) => {
      pointer.current = flowPointAt(event.clientX, event.clientY);
    },
    [flowPointAt],
  );
  const onPointerLeave = useCallback(() => {
    pointer.current = undefined;
  }, []);

  return { flowPointAt, defaultSpot, spotAfter, pasteSpot, onPointerMove, onPointerLeave };
}
