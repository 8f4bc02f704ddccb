/**
 * The text of a field while the user edits it. It follows the host's value until the user
 * types, keeps the user's text while the host answers (the host's reply never overwrites a
 * focused field), and hands the text over on commit: after a pause in typing, on Enter, on blur,
 * and when the field goes away (another node selected) — never per keystroke.
 *
 * Undo and redo (Ctrl+Z, Ctrl+Y, Ctrl+Shift+Z) in a focused field are the document's: VS Code
 * takes these keys from a webview and undoes the last edit. The field then drops what was typed
 * and shows the document's value as it comes back, until the user types again — else blur would
 * commit the undone text a second time.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** Pause in typing after which a text field commits. */
export const TYPING_DEBOUNCE_MS = 400;

/** What a field binds to its input element. */
export interface Draft {
  text: string;
  /** The user typed. */
  change(text: string): void;
  /** Commit now (Enter, blur). */
  commit(): void;
  /** Back to the host's value (Escape). */
  revert(): void;
  onFocus(): void;
  onBlur(): void;
}

/**
 * `formatted` is the host's value as text; `onCommit` receives the user's text (at most once per
 * distinct text). `debounceMs: 0` commits only on Enter / blur (a rename should not happen
 * half-way through the new name).
 */
export function useDraft(formatted: string, onCommit: (text: string) => void, debounceMs = TYPING_DEBOUNCE_MS): Draft {
  const [text, setText] = useState(formatted);
  const textRef = useRef(formatted);
  /** The last text committed or received from the host: committing it again is pointless. */
  const settledRef = useRef(formatted);
  /** The host's value as text. */
  const hostRef = useRef(formatted);
  const focused = useRef(false);
  /** After undo / redo in the focused field: show the host's value even while focused. */
  const followHost = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const commitRef = useRef(onCommit);
  commitRef.current = onCommit;

  useEffect(() => {
    hostRef.current = formatted;
    settledRef.current = formatted;
    if (!focused.current || followHost.current) {
      textRef.current = formatted;
      setText(formatted);
    }
  }, [formatted]);

  const commit = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (textRef.current === settledRef.current) return;
    settledRef.current = textRef.current;
    commitRef.current(textRef.current);
  }, []);

  // A pending edit is not lost when the field goes away.
  useEffect(() => () => commit(), [commit]);

  const change = useCallback(
    (next: string) => {
      followHost.current = false;
      textRef.current = next;
      setText(next);
      clearTimeout(timer.current);
      if (debounceMs > 0) timer.current = setTimeout(commit, debounceMs);
    },
    [commit, debounceMs],
  );

  const revert = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    textRef.current = hostRef.current;
    settledRef.current = hostRef.current;
    setText(hostRef.current);
    // The field clears its own error: the host's value needs no edit.
    commitRef.current(hostRef.current);
  }, []);

  /** Undo / redo pressed in the field: the typing not yet committed is dropped, the host's value shown. */
  const followDocument = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    followHost.current = true;
    textRef.current = hostRef.current;
    settledRef.current = hostRef.current;
    setText(hostRef.current);
  }, []);
  const stopListening = useRef<() => void>();
  useEffect(() => () => stopListening.current?.(), []);

  const onFocus = useCallback(() => {
    focused.current = true;
    // Every field's own key handler would need this; one listener while the field has focus does.
    const onKeyDown = (event: KeyboardEvent): void => {
      if (isUndoOrRedo(event)) followDocument();
    };
    stopListening.current?.();
    document.addEventListener('keydown', onKeyDown, true);
    stopListening.current = () => document.removeEventListener('keydown', onKeyDown, true);
  }, [followDocument]);
  const onBlur = useCallback(() => {
    focused.current = false;
    followHost.current = false;
    stopListening.current?.();
    stopListening.current = undefined;
    commit();
  }, [commit]);

  return { text, change, commit, revert, onFocus, onBlur };
}

/** Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z or Ctrl/Cmd+Y: the keys VS Code turns into the document's undo / redo. */
function isUndoOrRedo(event: KeyboardEvent): boolean {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return false;
  const key = event.key.toLowerCase();
  return key === 'z' || (key === 'y' && !event.shiftKey);
}
