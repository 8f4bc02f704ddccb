/** Keyboard focus back on the canvas, so its shortcuts keep working. */
import { useCallback, type RefObject } from 'react';

/**
 * Focuses `preferred` (still in the page) or else the canvas, unless focus is already inside it;
 * after this frame, since a closing popup takes its focused element along. A popup that took
 * focus meanwhile keeps it: the menu's "Add node…" closes the menu and opens the quick-add, whose
 * search field would otherwise lose focus to the node and close on that blur.
 */
export function useFocusCanvas(wrapper: RefObject<HTMLDivElement>) {
  return useCallback(
    (preferred?: HTMLElement | null) => {
      requestAnimationFrame(() => {
        if (document.activeElement?.closest('[role="dialog"]')) return;
        if (preferred?.isConnected) preferred.focus({ preventScroll: true });
        else if (!wrapper.current?.contains(document.activeElement)) wrapper.current?.focus({ preventScroll: true });
      });
    },
    [wrapper],
  );
}
