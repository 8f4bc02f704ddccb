/**
 * Copy, cut and paste as DOM events (VS Code turns Ctrl+C/X/V into them; see shortcuts.ts).
 * Text fields keep their own; the canvas copies only when something is selected.
 */
import { useCallback, type ClipboardEvent } from 'react';
import { isTextField } from './shortcuts';
import type { useEditCommands } from './useEditCommands';

/** The canvas element's `onCopy`, `onCut` and `onPaste`. */
export function useClipboardEvents({ selection, copy, cut, paste }: Pick<ReturnType<typeof useEditCommands>, 'selection' | 'copy' | 'cut' | 'paste'>) {
  const onCopy = useCallback(
    (event: ClipboardEvent) => {
      if (isTextField(event.target) || selection().itemIds.length === 0) return;
      event.preventDefault();
      void copy();
    },
    [selection, copy],
  );
  const onCut = useCallback(
    (event: ClipboardEvent) => {
      if (isTextField(event.target) || selection().itemIds.length === 0) return;
      event.preventDefault();
      void cut();
    },
    [selection, cut],
  );
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
