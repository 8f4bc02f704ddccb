/**
 * The canvas' keyboard shortcuts. They act only while focus is on the canvas (a node, an edge or
 * the pane) and never while typing in a field, and they avoid VS Code's own bindings: no
 * Ctrl+Shift / Alt chords, nothing VS Code binds globally in an editor. Copy, cut and paste are
 * not here: they arrive as the DOM's copy / cut / paste events, which both a browser and VS Code
 * (re-dispatching Ctrl+C/X/V to the webview) deliver exactly once. docs/canvas.md lists them.
 */

/** What a shortcut does. */
export type CanvasCommand =
  | 'selectAll'
  | 'duplicate'
  | 'delete'
  | 'toggleDisabled'
  | 'fitView'
  | 'zoomIn'
  | 'zoomOut'
  | 'addNode'
  | 'addSticky'
  | 'autoLayout'
  | 'contextMenu'
  | 'escape';

/** The parts of a key event the mapping looks at. */
export interface KeyPress {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

// Read without the DOM's types: this file is also unit-tested in plain Node.
const platform = (globalThis as { navigator?: { platform?: string } }).navigator?.platform ?? '';

/** True on macOS, where Cmd takes Ctrl's role. */
export const IS_MAC = /Mac|iPhone|iPad/.test(platform);

/** The command of a key press on the canvas, if any. */
export function canvasCommandOf(e: KeyPress, mac: boolean = IS_MAC): CanvasCommand | undefined {
  const primary = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (e.altKey) return undefined;
  if (primary && !e.shiftKey) {
    if (key === 'a') return 'selectAll';
    if (key === 'd') return 'duplicate';
    return undefined;
  }
  if (e.ctrlKey || e.metaKey) return undefined;
  if (e.key === 'Delete' || e.key === 'Backspace') return 'delete';
  if (e.key === 'Escape') return 'escape';
  if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) return 'contextMenu';
  // Shift+1 by its physical key: with Shift held, `key` is "!" on a US layout and differs elsewhere.
  if (e.shiftKey && e.code === 'Digit1') return 'fitView';
  if (e.shiftKey && key === 's') return 'addSticky';
  if (e.shiftKey && key === 'l') return 'autoLayout';
  if (e.shiftKey) return key === '+' ? 'zoomIn' : undefined;
  if (key === 'd') return 'toggleDisabled';
  if (key === 'n') return 'addNode';
  if (key === '+' || key === '=') return 'zoomIn';
  if (key === '-') return 'zoomOut';
  return undefined;
}

/** How a shortcut is shown in menus and tooltips. */
export function shortcutLabel(command: CanvasCommand | 'copy' | 'cut' | 'paste', mac: boolean = IS_MAC): string {
  const primary = mac ? '⌘' : 'Ctrl+';
  const labels: Record<typeof command, string> = {
    copy: `${primary}C`,
    cut: `${primary}X`,
    paste: `${primary}V`,
    selectAll: `${primary}A`,
    duplicate: `${primary}D`,
    delete: 'Delete',
    toggleDisabled: 'D',
    fitView: 'Shift+1',
    zoomIn: '+',
    zoomOut: '-',
    addNode: 'N',
    addSticky: 'Shift+S',
    autoLayout: 'Shift+L',
    contextMenu: 'Shift+F10',
    escape: 'Escape',
  };
  return labels[command];
}

/** True when the event comes from a field the user types in (shortcuts then do nothing). */
export function isTextField(target: unknown): boolean {
  const element = target as { tagName?: unknown; isContentEditable?: boolean } | null;
  if (!element || typeof element.tagName !== 'string') return false;
  return element.isContentEditable === true || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}
