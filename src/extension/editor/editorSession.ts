/**
 * One open canvas: the link between a TextDocument and its webview panel. The document is the
 * model; the webview sends edit intents, this applies them as one WorkspaceEdit each, and
 * re-renders the webview when the document changes for any other reason.
 */
import * as vscode from 'vscode';
import { parseWebviewMessage, type EditIntent, type HostMessage, type ResponseMessage, type WebviewMessage } from '../../protocol/messages';
import type { DocumentView } from '../../protocol/view';
import { messageOf } from '../../core/errors';
import { DisposableStore } from './disposables';
import { nodeCatalog } from './catalog';
import { analyzeDocument } from './documentView';
import { normalizeText, planEdit } from './planEdit';
import { RunBridge } from './runBridge';
import type { ExtensionServices } from '../contract';

/** What a successful reply carries besides its id. */
type ReplyFields = Omit<Extract<ResponseMessage, { ok: true }>, 'type' | 'requestId' | 'ok'>;

/** Binds `panel` to `document` until the panel closes. */
export class EditorSession implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  /** The host posts nothing before the webview asked (`ready`). */
  private ready = false;
  /** Normalized text of the edit this session is applying, to recognize its own change event. */
  private ownEditText: string | undefined;
  /** Edits run one after another: each plans against the text the previous one left. */
  private queue: Promise<void> = Promise.resolve();
  /** Run / Stop, the run overlay and node results of this canvas. */
  private readonly runBridge: RunBridge;

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly output: vscode.LogOutputChannel,
    services: Pick<ExtensionServices, 'runs' | 'history'>,
  ) {
    this.runBridge = this.disposables.add(
      new RunBridge({ document, runs: services.runs, history: services.history, output, post: (message) => this.post(message) }),
    );
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
        this.post({ type: 'init', view: this.view(), catalog: [...nodeCatalog()] });
        this.runBridge.sendInitial().catch((error: unknown) => this.output.warn(`Workflow canvas: run overlay: ${messageOf(error)}`));
        return;
      case 'run':
        // Queued behind earlier edits, so the run sees the text they produced.
        this.enqueue(message.requestId, async () => ({ executionId: await this.runBridge.run(message.input) }));
        return;
      case 'stop':
        this.runBridge.stop();
        this.post({ type: 'response', requestId: message.requestId, ok: true });
        return;
      case 'nodeResult':
        // Not queued: reading the history must not hold up edits.
        void this.answer(message.requestId, async () => {
          const nodeResult = await this.runBridge.nodeResult(message.nodeId, message.executionId);
          return nodeResult ? { nodeResult } : undefined;
        });
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
      // The clipboard is the host's (a webview may not use it); not queued behind edits.
      case 'writeClipboard':
        void this.answer(message.requestId, async () => {
          await vscode.env.clipboard.writeText(message.text);
          return undefined;
        });
        return;
      case 'readClipboard':
        void this.answer(message.requestId, async () => ({ text: await vscode.env.clipboard.readText() }));
        return;
    }
  }

  /** Runs `work` after earlier requests and always answers `requestId`, success or error. */
  private enqueue(requestId: number, work: () => Promise<ReplyFields | undefined>): void {
    this.queue = this.queue.then(() => this.answer(requestId, work));
  }

  /** Answers `requestId` with what `work` returns, or with its error. */
  private async answer(requestId: number, work: () => Promise<ReplyFields | undefined>): Promise<void> {
    try {
      const fields = await work();
      this.post({ type: 'response', requestId, ok: true, ...fields });
    } catch (error) {
      this.post({ type: 'response', requestId, ok: false, error: messageOf(error) });
    }
  }

  private async applyIntent(intent: EditIntent): Promise<ReplyFields> {
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
    // canvas learns ids the host chose (a new edge) in the answer to its own request; `created`
    // names what the edit added, so the canvas can select it.
    const created = plan.kind === 'write' ? plan.created : undefined;
    return created && created.length > 0 ? { view: this.view(), created } : { view: this.view() };
  }
}
