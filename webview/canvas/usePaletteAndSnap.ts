/** The palette's visibility and grid snapping: view state, saved as it changes. */
import { useCallback, useState } from 'react';
import type { ViewState } from '../viewState';

/** Palette and snapping state with their toggles. */
export function usePaletteAndSnap(initialViewState: ViewState, onViewStateChange: (patch: ViewState) => void) {
  const [snapToGrid, setSnapToGrid] = useState(initialViewState.snapToGrid ?? false);
  const [paletteOpen, setPaletteOpen] = useState(initialViewState.paletteOpen ?? true);

  const togglePalette = useCallback(() => {
    setPaletteOpen((open) => {
      onViewStateChange({ paletteOpen: !open });
      return !open;
    });
  }, [onViewStateChange]);
  /** Shows the palette with its search field focused (the "add node" shortcut). */
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

  return { snapToGrid, paletteOpen, togglePalette, openPalette, toggleSnap };
}
