/**
 * Ctrl/Cmd+A in a text field selects the field's text, and nothing else does it a second time.
 *
 * VS Code's webview frame forwards every keydown that reaches the window to the workbench, whose
 * Select All then runs `execCommand('selectAll')` back in the webview a moment later. By then the
 * user may have typed the first character over the native selection: the late select-all selects
 * it and the next key replaces it (the "first keystroke lost" after Ctrl+A). The field already
 * did the select-all itself, so the key stops at the document and never reaches the window.
 */
import { isTextField } from './canvas/shortcuts';

/** Installs the listener on `doc` (the webview's document), once. */
export function keepSelectAllInFields(doc: Document): void {
  doc.addEventListener('keydown', (event) => {
    const primary = event.ctrlKey || event.metaKey;
    if (primary && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'a' && isTextField(event.target)) event.stopPropagation();
  });
}
