/**
 * One open canvas: the link between a TextDocument and its webview panel. The document is the
 * model; the webview sends edit intents, this applies them as one WorkspaceEdit each, and
 * re-renders the webview when the document changes for any other reason.
 */
import * as vscode from 'vscode';
import { parseWebviewMessage, type EditIntent, type HostMessage, type WebviewMessage } from '../../protocol/messages';
import { handleRequest, type Reply, type RequestHandlers, type RequestMessage } from '../../protocol/requests';
import type { DocumentView } from '../../protocol/view';
import { messageOf } from '../../core/errors';
import { DisposableStore } from './disposables';
import { nodeCatalog } from './catalog';
import { analyzeDocument } from './documentView';
import { normalizeText, planEdit } from './planEdit';
import { defaultRunInput } from '../services/siblingInput';
import { changedSpan } from './minimalEdit';
import { RunBridge } from './runBridge';
import { EDITOR_VIEW_TYPE, type ExtensionServices } from '../contract';

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
    if (message.type !== 'ready') {
      void this.answer(message);
      return;
    }
    this.ready = true;
    this.post({ type: 'init', view: this.view(), catalog: [...nodeCatalog()] });
    this.runBridge.sendInitial().catch((error: unknown) => this.output.warn(`Workflow canvas: run overlay: ${messageOf(error)}`));
  }

  /**
   * One handler per request type. Requests that read or change the document wait for the edits
   * before them; reading the history and the clipboard (the host's: a webview may not use it)
   * does not hold up edits.
   */
  private readonly handlers: RequestHandlers = {
    edit: ({ intent }) => this.afterEarlierEdits(() => this.applyIntent(intent)),
    // The text editor takes the canvas' place (same group, same position), not a second tab.
    openAsText: ({ at }) =>
      this.afterEarlierEdits(async () => {
        const column = this.panel.viewColumn;
        const cursor = at ? new vscode.Position(at.line - 1, at.column - 1) : undefined;
        const options: vscode.TextDocumentShowOptions = { viewColumn: column, ...(cursor ? { selection: new vscode.Range(cursor, cursor) } : {}) };
        await vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default', options);
        // Looked up after the text editor opened: tab objects from before a change may be stale.
        const canvasTab = this.canvasTab(column);
        if (canvasTab) await vscode.window.tabGroups.close(canvasTab, true);
        return {};
      }),
    // Queued behind earlier edits, so the run sees the text they produced.
    // Without an input of its own, the run takes the workflow's sibling `<name>.input.json`.
    run: ({ input }) =>
      this.afterEarlierEdits(async () => ({ executionId: await this.runBridge.run(input ?? (await defaultRunInput(this.document.uri))) })),
    stop: async () => {
      this.runBridge.stop();
      return {};
    },
    nodeResult: async ({ nodeId, executionId }) => {
      const nodeResult = await this.runBridge.nodeResult(nodeId, executionId);
      return nodeResult ? { nodeResult } : {};
    },
    writeClipboard: async ({ text }) => {
      await vscode.env.clipboard.writeText(text);
      return {};
    },
    readClipboard: async () => ({ text: await vscode.env.clipboard.readText() }),
  };

  /** Runs `work` once the edits queued before it are done (each plans against the text the previous one left). */
  private afterEarlierEdits<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** This canvas' tab: the custom editor of this document in the group of `column` (else any group). */
  private canvasTab(column: vscode.ViewColumn | undefined): vscode.Tab | undefined {
    const uri = this.document.uri.toString();
    const groups = vscode.window.tabGroups.all;
    const ordered = [...groups.filter((g) => g.viewColumn === column), ...groups.filter((g) => g.viewColumn !== column)];
    return ordered.flatMap((g) => g.tabs).find((tab) => tab.input instanceof vscode.TabInputCustom && tab.input.viewType === EDITOR_VIEW_TYPE && tab.input.uri.toString() === uri);
  }

  /** Answers `request` with its handler's reply, or with its error: every request gets one. */
  private async answer(request: RequestMessage): Promise<void> {
    try {
      const reply = await handleRequest(this.handlers, request);
      this.post({ type: 'response', requestId: request.requestId, ok: true, reply });
    } catch (error) {
      this.post({ type: 'response', requestId: request.requestId, ok: false, error: messageOf(error) });
    }
  }

  private async applyIntent(intent: EditIntent): Promise<Reply<'edit'>> {
    const plan = planEdit(this.document.getText(), this.document.uri.fsPath, intent);
    if (plan.kind === 'refused') throw new Error(plan.error);
    if (plan.kind === 'write') {
      // Only the span that differs is replaced: the rest of the document (and the cursor of a
      // text editor open on it) is left alone.
      const edit = new vscode.WorkspaceEdit();
      const span = changedSpan(this.document.getText(), plan.text);
      edit.replace(this.document.uri, new vscode.Range(this.document.positionAt(span.start), this.document.positionAt(span.end)), span.text);
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
