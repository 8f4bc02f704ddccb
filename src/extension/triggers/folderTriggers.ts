/**
 * The triggers of one workspace folder: its workflow catalog (files and record statuses), one
 * `TriggerRuntime` over the folder's history store, and the syncs that keep the runtime in step
 * with saves, deletions and status changes.
 */
import * as vscode from 'vscode';
import { messageOf } from '../../core/errors';
import type { TriggerLogger, WebhookRouter } from '../../core/triggers/contract';
import { TriggerRuntime } from '../../core/triggers/runtime';
import { WORKFLOW_GLOB, type HistoryService, type RunService, type SecretsService } from '../contract';
import type { TriggerView } from '../views/model/triggerItems';
import { WorkflowCatalog } from './catalog';
import type { InFlightRuns } from './inFlight';
import { triggerRunner } from './triggerRunner';

/** What a folder's triggers need from the window. */
export interface FolderTriggerDeps {
  folder: vscode.WorkspaceFolder;
  logger: TriggerLogger;
  history: HistoryService;
  runs: RunService;
  secrets: SecretsService;
  router: WebhookRouter;
  inFlight: InFlightRuns;
  /** Called when the runtime's states change (fired, re-armed, next run moved). */
  onDidChange(): void;
}

/** One folder's runtime and catalog. */
export class FolderTriggers implements vscode.Disposable {
  private readonly catalog = new WorkflowCatalog();
  private runtime: TriggerRuntime | undefined;
  private unsubscribe: (() => void) | undefined;
  private disposed = false;
  /** Record reloads run one after the other; calls while one waits to start share it. */
  private lastReload: Promise<void> = Promise.resolve();
  private queuedReload: Promise<void> | undefined;

  constructor(private readonly deps: FolderTriggerDeps) {}

  get folder(): vscode.WorkspaceFolder {
    return this.deps.folder;
  }

  /** Reads every workflow file and the records, arms the runtime. */
  async start(): Promise<void> {
    const { folder, history, secrets, logger } = this.deps;
    const { store } = await history.storeFor(folder.uri);
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, WORKFLOW_GLOB), '**/node_modules/**');
    await Promise.all(uris.map((uri) => this.read(uri)));
    // Records go through the serialized reload: a status set while this start was reading
    // files is never overwritten by an older read.
    await this.recordsChanged();
    if (this.disposed) return;
    this.runtime = new TriggerRuntime({
      runner: triggerRunner(this.deps.runs, (file) => this.catalog.file(file)?.text, this.deps.inFlight),
      logger,
      workspaceRoot: folder.uri.fsPath,
      store,
      secrets: (name) => secrets.get(name),
      webhooks: this.deps.router,
    });
    this.unsubscribe = this.runtime.onDidChange(() => this.deps.onDidChange());
    await this.sync();
  }

  /** A workflow file was created, changed or saved. */
  async fileChanged(uri: vscode.Uri): Promise<void> {
    if (await this.read(uri)) await this.sync();
  }

  /** A workflow file was deleted (or renamed away). */
  fileDeleted(uri: vscode.Uri): void {
    if (this.catalog.removeFile(uri.fsPath)) void this.sync();
  }

  /**
   * The history changed (a status set here, or by the CLI): re-reads the records. Resolves once
   * a reload that started after this call has armed what it found.
   */
  recordsChanged(): Promise<void> {
    if (this.queuedReload) return this.queuedReload;
    const reload = this.lastReload.then(() => {
      this.queuedReload = undefined;
      return this.reloadRecords();
    });
    this.queuedReload = reload;
    this.lastReload = reload;
    return reload;
  }

  /** The armed triggers of one file (or all), with their node's config for the view. */
  states(file?: string): TriggerView[] {
    if (!this.runtime) return [];
    return this.runtime
      .states()
      .filter((state) => file === undefined || state.file === file)
      .map((state) => {
        const node = this.catalog.file(state.file)?.workflow?.nodes.find((n) => n.id === state.nodeId);
        return node ? { ...state, config: node.config } : state;
      });
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe?.();
    void this.runtime?.dispose();
    this.runtime = undefined;
  }

  private async reloadRecords(): Promise<void> {
    try {
      const { store } = await this.deps.history.storeFor(this.deps.folder.uri);
      const recordsChanged = this.catalog.setRecords(await store.listWorkflows());
      // A status set on a file this catalog never read (written just before it was activated,
      // while the start-up scan ran and before the file watcher delivered its creation): read it now.
      const unread = this.catalog.unreadRecordPaths().map((path) => vscode.Uri.joinPath(this.deps.folder.uri, ...path.split('/')));
      const filesChanged = (await Promise.all(unread.map((uri) => this.read(uri)))).some(Boolean);
      if (recordsChanged || filesChanged) await this.sync();
    } catch (error) {
      this.deps.logger.warn(`cannot read the workflow statuses of ${this.deps.folder.name}: ${messageOf(error)}`);
    }
  }

  /** Reads one file from disk (triggers run what is saved); false when nothing changed. */
  private async read(uri: vscode.Uri): Promise<boolean> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return this.catalog.removeFile(uri.fsPath); // gone between the event and the read
    }
    const changed = this.catalog.setFile(uri.fsPath, this.deps.history.relativePath(uri), text);
    const entry = this.catalog.file(uri.fsPath);
    if (changed && entry && !entry.workflow && this.catalog.recordOf(uri.fsPath)?.status === 'active') {
      this.deps.logger.warn(`${entry.relativePath} has problems (see the Problems panel): its triggers stay off until it is fixed`);
    }
    return changed;
  }

  /** Hands the catalog to the runtime; resolves once the triggers are armed (never rejects). */
  private sync(): Promise<void> {
    if (!this.runtime || this.disposed) return Promise.resolve();
    return this.runtime.sync(this.catalog.triggerWorkflows());
  }
}
