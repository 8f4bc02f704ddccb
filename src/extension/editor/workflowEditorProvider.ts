/**
 * The custom text editor for `*.workflow.json`: a canvas over the TextDocument, so undo/redo,
 * dirty state, save, revert, hot exit and "Reopen Editor With… Text Editor" are VS Code's own.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../contract';
import { EditorSession } from './editorSession';
import { LOCAL_RESOURCE_FOLDERS, editorHtml, newNonce } from './html';

/** Creates one `EditorSession` per opened panel. */
export class WorkflowEditorProvider implements vscode.CustomTextEditorProvider {
  private readonly sessions = new Set<EditorSession>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    /** The runs and history each session's run overlay and inspector read. */
    private readonly services: Pick<ExtensionServices, 'runs' | 'history'>,
  ) {}

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const localResourceRoots = LOCAL_RESOURCE_FOLDERS.map((folder) => vscode.Uri.joinPath(this.extensionUri, folder));
    panel.webview.options = { enableScripts: true, localResourceRoots };
    // The session subscribes before the HTML loads, so the webview's `ready` cannot be missed.
    const session = new EditorSession(document, panel, this.output, this.services);
    this.sessions.add(session);
    // The panel's own emitter ends with the panel, so this listener needs no owner.
    panel.onDidDispose(() => this.sessions.delete(session));
    panel.webview.html = editorHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      nonce: newNonce(),
    });
  }

  /** Closes every session (extension deactivation). */
  dispose(): void {
    for (const session of this.sessions) session.dispose();
    this.sessions.clear();
  }
}
