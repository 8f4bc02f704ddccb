/**
 * What canvas items may ask of the canvas, through context rather than node data (which stays
 * serializable): only sticky notes use it, to commit their text, size and colour.
 */
import { createContext } from 'react';

/** A sticky note's change, as the `updateSticky` intent carries it. */
export interface StickyChange {
  id: string;
  text?: string;
  width?: number;
  height?: number;
  color?: string | null;
  position?: { x: number; y: number };
}

/** Actions of the canvas offered to its items. */
export interface CanvasActions {
  updateSticky(change: StickyChange): void;
  /** The sticky note whose text editor should open (keyboard: Enter or F2 on a focused note). */
  editingStickyId: string | undefined;
  setEditingStickyId(id: string | undefined): void;
}

/** Default: a canvas that does nothing (items rendered outside the editor). */
export const CanvasActionsContext = createContext<CanvasActions>({
  updateSticky: () => undefined,
  editingStickyId: undefined,
  setEditingStickyId: () => undefined,
});
