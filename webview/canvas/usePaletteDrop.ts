/** A node type dragged from the palette and dropped on the canvas is added where it fell. */
import { useCallback, type DragEvent } from 'react';
import { NODE_TYPE_MIME } from '../palette/catalogSearch';
import { NODE_SIZE, type FlowPoint } from './useEditCommands';

/** The canvas element's `onDragOver` and `onDrop`. */
export function usePaletteDrop(flowPointAt: (clientX: number, clientY: number) => FlowPoint, addNode: (nodeType: string, at?: FlowPoint) => void, focusCanvas: () => void) {
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
  return { onDragOver, onDrop };
}
