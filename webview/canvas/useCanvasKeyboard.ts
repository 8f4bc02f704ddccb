/**
 * The canvas' commands by name (canvas/shortcuts.ts maps keys to them; the toolbar sends them
 * too) and the key handlers: F2 / Enter edits a sticky note, arrow keys commit the nodes they
 * moved on release.
 */
import { useCallback, type KeyboardEvent, type MutableRefObject } from 'react';
import type { Node, ReactFlowInstance } from 'reactflow';
import { canvasCommandOf, isTextField, type CanvasCommand } from './shortcuts';
import type { useEditCommands } from './useEditCommands';

/** What the commands work with. */
export interface CanvasKeyboardDeps {
  flow: ReactFlowInstance;
  commands: ReturnType<typeof useEditCommands>;
  /** Selected nodes, read when arrow keys are released. */
  current: MutableRefObject<{ nodes: Node[] }>;
  commitMoves(moved: readonly Node[]): void;
  fitView(): void;
  openPalette(): void;
  openMenuByKeyboard(target: EventTarget | null): void;
  /** Whether a popup (menu, quick-add) is open: Escape closes it rather than the selection. */
  popupOpen: boolean;
  closePopups(): void;
  editSticky(id: string | undefined): void;
}

/** `runCanvasCommand` and the canvas' key handlers. */
export function useCanvasKeyboard({ flow, commands, current, commitMoves, fitView, openPalette, openMenuByKeyboard, popupOpen, closePopups, editSticky }: CanvasKeyboardDeps) {
  const { selectAll, duplicate, remove, toggleDisabled, addSticky, autoLayout, clearSelection } = commands;

  /** Carries out `command`; false when it did nothing (the key then keeps its default). */
  const runCanvasCommand = useCallback(
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
          if (popupOpen) closePopups();
          else clearSelection();
          return true;
      }
    },
    [selectAll, duplicate, remove, toggleDisabled, fitView, flow, openPalette, addSticky, autoLayout, openMenuByKeyboard, popupOpen, closePopups, clearSelection],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (isTextField(event.target)) return;
      const sticky = (event.target as Element).closest?.('.react-flow__node-sticky');
      if (sticky && (event.key === 'F2' || event.key === 'Enter') && !event.ctrlKey && !event.metaKey) {
        editSticky(sticky.getAttribute('data-id') ?? undefined);
        event.preventDefault();
        return;
      }
      const command = canvasCommandOf(event);
      if (command && runCanvasCommand(command, event.target)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    [runCanvasCommand, editSticky],
  );
  // Arrow keys move selected nodes in React Flow (a11y); the move is committed on key release.
  const onKeyUp = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (event.key.startsWith('Arrow') && !isTextField(event.target)) commitMoves(current.current.nodes.filter((n) => n.selected));
    },
    [commitMoves, current],
  );

  return { runCanvasCommand, onKeyDown, onKeyUp };
}
