/**
 * Where things go on the canvas: screen points to flow points, a free spot mid-view for what is
 * added without a point, and the last pointer position (where a paste goes).
 */
import { useCallback, useRef, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import type { ReactFlowInstance } from 'reactflow';
import type { EditCommandDeps, FlowPoint } from './useEditCommands';

/** Placement helpers and the pointer handlers that feed `pasteSpot`. */
export function useCanvasPlacement(flow: ReactFlowInstance, wrapper: RefObject<HTMLDivElement>, current: EditCommandDeps['current'], grid: number) {
  /** Last pointer position over the canvas, in flow coordinates (where a paste goes). */
  const pointer = useRef<FlowPoint>();

  const flowPointAt = useCallback((clientX: number, clientY: number) => flow.screenToFlowPosition({ x: clientX, y: clientY }), [flow]);
  const viewCenter = useCallback(() => {
    const rect = wrapper.current?.getBoundingClientRect();
    return rect ? flowPointAt(rect.left + rect.width / 2, rect.top + rect.height / 2) : { x: 0, y: 0 };
  }, [flowPointAt, wrapper]);
  /** Mid-view, moved off nodes already there: things added one after another do not stack. */
  const defaultSpot = useCallback(
    (size: { width: number; height: number }) => {
      const middle = viewCenter();
      const spot = { x: Math.round(middle.x - size.width / 2), y: Math.round(middle.y - size.height / 2) };
      const taken = current.current.view.nodes.map((n) => n.position);
      for (let i = 0; i < 50 && taken.some((p) => Math.abs(p.x - spot.x) < grid && Math.abs(p.y - spot.y) < grid); i++) {
        spot.x += 2 * grid;
        spot.y += 2 * grid;
      }
      return spot;
    },
    [viewCenter, current, grid],
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

  return { flowPointAt, defaultSpot, pasteSpot, onPointerMove, onPointerLeave };
}
