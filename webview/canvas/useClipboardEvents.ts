/**
 * Copy, cut and paste as DOM events (VS Code turns Ctrl+C/X/V into them; see shortcuts.ts).
 * Text fields keep their own; the canvas copies only when something is selected.
 */
import { useCallback, type ClipboardEvent } from 'react';
import { isTextField } from './shortcuts';
import type { useEditCommands } from './useEditCommands';

type Commands = ReturnType<typeof useEditCommands>;

/** Copy or cut of the selection: only outside text fields, and only when something is selected. */
function useSelectionEvent(selection: Commands['selection'], action: () => Promise<unknown>) {
  return useCallback(
    (event: ClipboardEvent) => {
      if (isTextField(event.target) || selection().itemIds.length === 0) return;
      event.preventDefault();
      void action();
    },
    [selection, action],
  );
}

/** The canvas element's `onCopy`, `onCut` and `onPaste`. */
export function useClipboardEvents({ selection, copy, cut, paste }: Pick<Commands, 'selection' | 'copy' | 'cut' | 'paste'>) {
  const onCopy = useSelectionEvent(selection, copy);
  const onCut = useSelectionEvent(selection, cut);
  const onPaste = useCallback(
    (event: ClipboardEvent) => {
      if (isTextField(event.target)) return;
      event.preventDefault();
      void paste();
    },
    [paste],
  );
  return { onCopy, onCut, onPaste };
}
