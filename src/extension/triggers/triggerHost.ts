/**
 * The window's trigger service: one `FolderTriggers` (catalog + runtime) per workspace folder
 * and one lazily started webhook server. Triggers are live only in a trusted workspace and
 * while `workflowStudio.triggers.enabled` is on; in Restricted Mode nothing is armed, not even
 * after a status change, until the user trusts the folder.
 */
import * as vscode from 'vscode';
import { messageOf } from '../../core/errors';
import { isWorkflowFileName } from '../../shared/workflowFile';
import type { TriggerLogger } from '../../core/triggers/contract';
import { WORKFLOW_GLOB, type HistoryService, type RunService, type SecretsService, type TriggerService } from '../contract';
import type { TriggerView } from '../views/model/triggerItems';
import { FolderTriggers } from './folderTriggers';
import { needsRestart, readTriggerSettings, type TriggerSettings } from './settings';
import { InFlightRuns } from './inFlight';
import { WebhookHost } from './webhookHost';

/** What the trigger service needs from the window. */
export interface TriggerHostDeps {
  output: vscode.LogOutputChannel;
  history: HistoryService;
  runs: RunService;
  secrets: SecretsService;
}

/** State changes of runtimes come in bursts (every fire of a per-second schedule); views need one. */
const CHANGE_DEBOUNCE_MS = 200;

/** Creates the window's trigger service; it starts at once when the workspace is trusted. */
export function createTriggerService(deps: TriggerHostDeps): TriggerService {
  return new TriggerHost(deps);
}

class TriggerHost implements TriggerService {
  private readonly folders = new Map<string, FolderTriggers>();
  private readonly inFlight = new InFlightRuns();
  private readonly logger: TriggerLogger;
  private readonly webhooks: WebhookHost;
  private settings: TriggerSettings;
  private running = false;
  private shutDown = false;
  private changeTimer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: TriggerHostDeps) {
    const { output } = deps;
    this.logger = { info: (m) => output.info(`triggers: ${m}`), warn: (m) => output.warn(`triggers: ${m}`), error: (m) => output.error(`triggers: ${m}`) };
    this.settings = readSettings();
    this.webhooks = new WebhookHost(this.settings, this.logger);
    const watcher = vscode.workspace.createFileSystemWatcher(WORKFLOW_GLOB);
    this.disposables.push(
      this.changed,
      this.webhooks,
      // The URL is known now (or the failure): states read it when asked.
      this.webhooks.onDidChange(() => this.fireChanged()),
      watcher,
      watcher.onDidCreate((uri) => void this.folderOf(uri)?.fileChanged(uri)),
      watcher.onDidChange((uri) => void this.folderOf(uri)?.fileChanged(uri)),
      watcher.onDidDelete((uri) => this.folderOf(uri)?.fileDeleted(uri)),
      // The watcher may lag or miss events (remote file systems); a save is certain. Same text = no sync.
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document.uri.scheme === 'file' && isWorkflowFileName(document.uri.path)) void this.folderOf(document.uri)?.fileChanged(document.uri);
      }),
      vscode.workspace.onDidRenameFiles(({ files }) => {
        for (const { oldUri, newUri } of files) {
          this.folderOf(oldUri)?.fileDeleted(oldUri);
          if (isWorkflowFileName(newUri.path)) void this.folderOf(newUri)?.fileChanged(newUri);
        }
      }),
      deps.history.onDidChange((change) => {
        if (change.kinds.includes('workflows')) void this.folders.get(change.folder.uri.toString())?.recordsChanged();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        if (!this.running) return;
        for (const folder of removed) this.stopFolder(folder);
        for (const folder of added) void this.startFolder(folder);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.start()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('workflowStudio.triggers') || event.affectsConfiguration('workflowStudio.webhooks')) void this.applySettings();
      }),
    );
    void this.start();
  }

  get inactiveReason(): string | undefined {
    if (this.shutDown) return 'the window is closing';
    if (!vscode.workspace.isTrusted) return 'triggers are off in Restricted Mode: trust this workspace to let active workflows run by themselves';
    if (!this.settings.enabled) return 'triggers are turned off by the setting workflowStudio.triggers.enabled';
    return undefined;
  }

  states(uri?: vscode.Uri): TriggerView[] {
    const folders = uri ? [this.folderOf(uri)].filter((f): f is FolderTriggers => f !== undefined) : [...this.folders.values()];
    const states = folders.flatMap((folder) => folder.states(uri?.fsPath));
    const failure = this.webhooks.error;
    // A webhook of a server that could not bind fires nothing: show why on its item.
    return failure === undefined ? states : states.map((s) => (s.kind === 'webhook' && s.error === undefined && s.url === undefined ? { ...s, error: failure } : s));
  }

  webhookBaseUrl(): string | undefined {
    return this.webhooks.baseUrl();
  }

  async resync(): Promise<void> {
    await Promise.all([...this.folders.values()].map((folder) => folder.recordsChanged()));
  }

  async shutdown(graceMs: number): Promise<void> {
    if (this.shutDown) return;
    this.shutDown = true;
    this.stopAll();
    await Promise.all([this.webhooks.close(), this.inFlight.settle(graceMs)]);
  }

  dispose(): void {
    this.shutDown = true;
    this.stopAll();
    if (this.changeTimer) clearTimeout(this.changeTimer);
    for (const d of this.disposables) d.dispose();
  }

  private async start(): Promise<void> {
    if (this.running || this.inactiveReason !== undefined) {
      if (!vscode.workspace.isTrusted) this.logger.info('not started: the workspace is not trusted (Restricted Mode)');
      return;
    }
    this.running = true;
    await Promise.all((vscode.workspace.workspaceFolders ?? []).map((folder) => this.startFolder(folder)));
    this.fireChanged();
  }

  private async startFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    if (this.folders.has(key) || folder.uri.scheme !== 'file') return;
    const triggers = new FolderTriggers({
      folder,
      logger: this.logger,
      history: this.deps.history,
      runs: this.deps.runs,
      secrets: this.deps.secrets,
      router: this.webhooks.routerFor(key),
      inFlight: this.inFlight,
      onDidChange: () => this.fireChanged(),
    });
    this.folders.set(key, triggers);
    try {
      await triggers.start();
    } catch (error) {
      this.logger.error(`cannot start the triggers of ${folder.name}: ${messageOf(error)}`);
    }
  }

  private stopFolder(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    this.folders.get(key)?.dispose();
    this.folders.delete(key);
    this.webhooks.removeFolder(key);
    this.fireChanged();
  }

  private stopAll(): void {
    for (const folder of this.folders.values()) this.stopFolder(folder.folder);
    this.running = false;
  }

  private async applySettings(): Promise<void> {
    const next = readSettings();
    if (!needsRestart(this.settings, next)) return;
    const serverChanged = next.host !== this.settings.host || next.port !== this.settings.port;
    this.settings = next;
    if (!next.enabled) {
      this.logger.info('turned off by the setting workflowStudio.triggers.enabled');
      this.stopAll();
      await this.webhooks.close();
      return;
    }
    if (serverChanged) await this.webhooks.reconfigure(next);
    await this.start();
  }

  /** The folder triggers of `uri`, when its folder's triggers run. */
  private folderOf(uri: vscode.Uri): FolderTriggers | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && this.folders.get(folder.uri.toString());
  }

  private fireChanged(): void {
    if (this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.changed.fire();
    }, CHANGE_DEBOUNCE_MS);
  }
}

function readSettings(): TriggerSettings {
  const config = vscode.workspace.getConfiguration('workflowStudio');
  return readTriggerSettings((key) => config.get(key));
}
