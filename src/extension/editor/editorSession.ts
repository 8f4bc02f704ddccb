/**
 * One open canvas: the link between a TextDocument and its webview panel. The document is the
 * model; the webview sends edit intents, this applies them as one WorkspaceEdit each, and
 * re-renders the webview when the document changes for any other reason.
 */
import * as vscode from 'vscode';
import { parseWebviewMessage, type EditIntent, type HostMessage, type WebviewMessage } from '../../protocol/messages';
import type { DocumentView } from '../../protocol/view';
import { messageOf } from '../../core/errors';
import { DisposableStore } from './disposables';
import { analyzeDocument } from './documentView';
import { normalizeText, planEdit } from './planEdit';

/** Binds `panel` to `document` until the panel closes. */
export class EditorSession implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  /** The host posts nothing before the webview asked (`ready`). */
  private ready = false;
  /** Normalized text of the edit this session is applying, to recognize its own change event. */
  private ownEditText: string | undefined;
  /** Edits run one after another: each plans against the text the previous one left. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.add(panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)));
    this.disposables.add(vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChange(e)));
    this.disposables.add(panel.onDidDispose(() => this.dispose()));
  }

  dispose(): void {
    this.disposables.dispose();
  }

  private view(): DocumentView {
    return analyzeDocument(this.document.getText(), this.document.uri.fsPath, this.document.version).view;
  }

  private post(message: HostMessage): void {
    if (this.disposables.isDisposed) return;
    // A closed webview rejects; there is nobody left to tell.
    this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  private onDocumentChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.document !== this.document || e.contentChanges.length === 0 || !this.ready) return;
    if (this.ownEditText !== undefined && normalizeText(this.document.getText()) === this.ownEditText) return;
    this.post({ type: 'documentChanged', view: this.view() });
  }

  private onMessage(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.output.warn(`Workflow canvas: ${parsed.error}`);
      if (parsed.requestId !== undefined) this.post({ type: 'response', requestId: parsed.requestId, ok: false, error: parsed.error });
      return;
    }
    this.handle(parsed.message);
  }

  private handle(message: WebviewMessage): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'init', view: this.view() });
        return;
      case 'edit':
        this.enqueue(message.requestId, () => this.applyIntent(message.intent));
        return;
      case 'openAsText':
        this.enqueue(message.requestId, async () => {
          await vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default');
          return undefined;
        });
        return;
    }
  }

  /** Runs `work` after earlier requests and always answers `requestId`, success or error. */
  private enqueue(requestId: number, work: () => Promise<DocumentView | undefined>): void {
    this.queue = this.queue.then(async () => {
      try {
        const view = await work();
        this.post(view ? { type: 'response', requestId, ok: true, view } : { type: 'response', requestId, ok: true });
      } catch (error) {
        this.post({ type: 'response', requestId, ok: false, error: messageOf(error) });
      }
    });
  }

  private async applyIntent(intent: EditIntent): Promise<DocumentView> {
    const plan = planEdit(this.document.getText(), this.document.uri.fsPath, intent);
    if (plan.kind === 'refused') throw new Error(plan.error);
    if (plan.kind === 'write') {
      const edit = new vscode.WorkspaceEdit();
      const whole = new vscode.Range(this.document.positionAt(0), this.document.positionAt(this.document.getText().length));
      edit.replace(this.document.uri, whole, plan.text);
      this.ownEditText = normalizeText(plan.text);
      try {
        if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code did not apply the change (is the file read-only?)');
      } finally {
        this.ownEditText = undefined;
      }
    }
    // The reply carries the resulting view instead of an echoed documentChanged, so the
    // canvas learns ids the host chose (a new edge) in the answer to its own request.
    return this.view();
  }
}
