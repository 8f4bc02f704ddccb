/**
 * Runs as one canvas sees them: its Run / Stop requests go to the run service, the engine events
 * of its file become throttled `runUpdate` batches (see runOverlay.ts), and the inspector's
 * `nodeResult` requests are answered from the history. When the webview (re)loads it gets the
 * whole overlay: the run going on, or the last one recorded for the file (also a CLI run).
 */
import * as vscode from 'vscode';
import { DEFAULT_SOURCE_HANDLE } from '../../core/model/workflow';
import { isStoreError, type ExecutionDetail } from '../../core/store';
import type { HistoryChange, HistoryService, RunService, WorkflowRunEvent } from '../contract';
import type { HostMessage } from '../../protocol/messages';
import type { NodeResultView } from '../../protocol/run';
import { messageOf } from '../../core/errors';
import { DisposableStore } from './disposables';
import { nodeResultFromExecution, overlayFromExecution } from './recordedRun';
import { RunOverlay, type OverlayGraph } from './runOverlay';
import { UpdateThrottle } from './updateThrottle';

/** At most one `runUpdate` per this many milliseconds. */
export const OVERLAY_INTERVAL_MS = 50;
/** A burst of history changes (a CLI run writing its journal) is looked at once. */
const HISTORY_SETTLE_MS = 300;

/** What the bridge needs from its editor session and the window. */
export interface RunBridgeDeps {
  document: vscode.TextDocument;
  runs: RunService;
  history: HistoryService;
  output: vscode.LogOutputChannel;
  /** Posts to this canvas' webview. */
  post(message: HostMessage): void;
}

const EMPTY_GRAPH: OverlayGraph = { nodeIds: [], edgesFrom: () => [] };

/** Nodes and edges of the document's text, without validating it (cheap; runs per document version). */
function graphOf(text: string): OverlayGraph | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const file = parsed as { nodes?: unknown; edges?: unknown };
  const nodeIds = Array.isArray(file.nodes) ? file.nodes.map((n: { id?: unknown }) => n?.id).filter((id): id is string => typeof id === 'string') : [];
  const bySource = new Map<string, string[]>();
  for (const edge of Array.isArray(file.edges) ? (file.edges as { id?: unknown; source?: unknown; sourceHandle?: unknown }[]) : []) {
    if (typeof edge?.id !== 'string' || typeof edge.source !== 'string') continue;
    const handle = typeof edge.sourceHandle === 'string' ? edge.sourceHandle : DEFAULT_SOURCE_HANDLE;
    const key = `${edge.source}\u0000${handle}`;
    const list = bySource.get(key);
    if (list) list.push(edge.id);
    else bySource.set(key, [edge.id]);
  }
  return { nodeIds, edgesFrom: (nodeId, handle) => bySource.get(`${nodeId}\u0000${handle}`) ?? [] };
}

/** The run side of one editor session. */
export class RunBridge implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly overlay = new RunOverlay(() => this.graph());
  private readonly throttle = new UpdateThrottle(OVERLAY_INTERVAL_MS, () => this.flush());
  private readonly uriKey: string;
  private graphCache: { version: number; graph: OverlayGraph } | undefined;
  /** Batches go out only once the webview asked for its state. */
  private webviewReady = false;
  private historyTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: RunBridgeDeps) {
    this.uriKey = deps.document.uri.toString();
    this.disposables.add(deps.runs.onEvent((e) => this.onRunEvent(e)));
    this.disposables.add(deps.history.onDidChange((change) => this.onHistoryChange(change)));
    this.disposables.add({ dispose: () => this.throttle.dispose() });
    this.disposables.add({ dispose: () => clearTimeout(this.historyTimer) });
  }

  dispose(): void {
    this.disposables.dispose();
  }

  /** The webview (re)loaded: send it the whole overlay, of the live run or the last recorded one. */
  async sendInitial(): Promise<void> {
    this.webviewReady = true;
    if (this.overlay.current) return this.postSnapshot();
    const latest = await this.latestExecution().catch((error: unknown) => {
      this.deps.output.debug(`Workflow canvas: no run history for ${this.deps.document.uri.fsPath}: ${messageOf(error)}`);
      return undefined;
    });
    // A run that started meanwhile wins over the record.
    if (this.overlay.current) return this.postSnapshot();
    if (latest) this.showRecorded(latest);
  }

  /** Runs the document as it is in the editor; resolves with the execution id once it is accepted. */
  run(input: unknown): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      let started: string | undefined;
      const onStarted = (executionId: string, waitsForSlot: boolean): void => {
        started = executionId;
        // "Waiting for a free run slot" only when it does wait; a flash of it misleads.
        this.overlay.begin(executionId, waitsForSlot ? 'queued' : 'running', true);
        this.throttle.poke();
        resolve(executionId);
      };
      this.deps.runs.run({ uri: this.deps.document.uri, input, onStarted }).then(
        (result) => {
          if (started === undefined) {
            reject(new Error('Nothing was run (the notification says why).'));
            return;
          }
          // Normally the events already said how it ended; this covers a run dropped before it
          // started (Stop while it waited for a slot) and a runner that died without a word.
          if (this.overlay.current?.executionId !== started || !this.overlay.isLive) return;
          if (result) this.overlay.finish(result.status, result.durationMs, result.error?.message);
          else this.overlay.finish('cancelled', undefined, 'cancelled before it started');
          this.throttle.poke();
        },
        (error: unknown) => {
          if (started === undefined) reject(error instanceof Error ? error : new Error(messageOf(error)));
          else this.deps.output.error(`Workflow canvas: run ${started} failed: ${messageOf(error)}`);
        },
      );
    });
  }

  /** Stops the run the canvas shows, if it still runs. */
  stop(): void {
    const current = this.overlay.current;
    if (current && this.overlay.isLive) this.deps.runs.stop(current.executionId);
  }

  /** A node's recorded result in `executionId`, or in the run the canvas shows (else the last one). */
  async nodeResult(nodeId: string, executionId?: string): Promise<NodeResultView | undefined> {
    const { store } = await this.deps.history.storeFor(this.deps.document.uri);
    const id = executionId ?? this.overlay.current?.executionId ?? (await this.latestExecutionId());
    if (id === undefined) return undefined;
    let detail: ExecutionDetail;
    try {
      detail = await store.getExecution(id);
    } catch (error) {
      // Not recorded (yet): a run whose first events are still on their way to the store.
      if (isStoreError(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
    return nodeResultFromExecution(detail, nodeId);
  }

  private graph(): OverlayGraph {
    const { version } = this.deps.document;
    if (this.graphCache?.version !== version) {
      // Text that does not parse (mid-edit) keeps the last graph that did.
      const graph = graphOf(this.deps.document.getText()) ?? this.graphCache?.graph ?? EMPTY_GRAPH;
      this.graphCache = { version, graph };
    }
    return this.graphCache.graph;
  }

  private onRunEvent({ uri, event }: WorkflowRunEvent): void {
    if (uri.toString() !== this.uriKey) return;
    const adopt = (executionId: string): boolean => !this.overlay.isLive && this.deps.runs.active.some((r) => r.executionId === executionId);
    if (this.overlay.apply(event, adopt)) this.throttle.poke();
  }

  private flush(): void {
    const batch = this.overlay.takeBatch();
    if (batch && this.webviewReady) this.deps.post({ type: 'runUpdate', update: batch });
  }

  private postSnapshot(): void {
    this.overlay.takeBatch(); // the snapshot includes whatever was pending
    const snapshot = this.overlay.snapshot();
    if (snapshot) this.deps.post({ type: 'runUpdate', update: snapshot });
  }

  private showRecorded(detail: ExecutionDetail): void {
    this.overlay.load(overlayFromExecution(detail, this.graph()));
    this.throttle.flushNow();
  }

  private async latestExecutionId(): Promise<string | undefined> {
    const { store } = await this.deps.history.storeFor(this.deps.document.uri);
    const record = await store.findWorkflowByPath(this.deps.history.relativePath(this.deps.document.uri));
    if (!record) return undefined;
    const [latest] = await store.listExecutions({ workflowId: record.id, limit: 1 });
    return latest?.id;
  }

  private async latestExecution(): Promise<ExecutionDetail | undefined> {
    const id = await this.latestExecutionId();
    if (id === undefined) return undefined;
    const { store } = await this.deps.history.storeFor(this.deps.document.uri);
    // The overlay needs node results only: no log lines.
    return store.getExecution(id, { logLimit: 0 });
  }

  /** A run recorded elsewhere (the CLI) replaces a finished overlay once it has finished too. */
  private onHistoryChange(change: HistoryChange): void {
    if (!this.webviewReady || !change.kinds.includes('executions')) return;
    const folder = vscode.workspace.getWorkspaceFolder(this.deps.document.uri);
    if (folder && folder.uri.toString() !== change.folder.uri.toString()) return;
    clearTimeout(this.historyTimer);
    this.historyTimer = setTimeout(() => void this.refreshFromHistory(), HISTORY_SETTLE_MS);
  }

  private async refreshFromHistory(): Promise<void> {
    if (this.overlay.isLive || this.disposables.isDisposed) return;
    try {
      const latest = await this.latestExecution();
      if (!latest || latest.id === this.overlay.current?.executionId) return;
      if (latest.status === 'running' || latest.status === 'queued') return;
      if (this.overlay.isLive || this.disposables.isDisposed) return;
      this.showRecorded(latest);
    } catch (error) {
      this.deps.output.debug(`Workflow canvas: could not read the run history: ${messageOf(error)}`);
    }
  }
}
