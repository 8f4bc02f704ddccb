/**
 * The history service: the store of each workspace folder (the same database file the CLI
 * writes), opened on first use, and change events so that views refresh when this window or
 * another process (a `workflow run` in a terminal) records something. Other processes are
 * noticed through a watcher on the journals directory; a refresh tells whether anything new
 * arrived, so our own writes do not cause refresh storms.
 */
import { watchJournals, type JournalWatch } from './journalWatch';
import * as vscode from 'vscode';
import { dirname, basename } from 'node:path';
import { findWorkspaceRoot, workspaceRelativePath, type RetentionSettings, type StoreLogger } from '../../core/store';
import { SETTINGS, type HistoryChange, type HistoryService } from '../contract';
import { StoreSet, debounce, defaultStoreOpener } from './storeSet';

// Relative to a folder: where the journals of `<folder>/.workflow-studio/history.sqlite` are.
const JOURNALS_GLOB = '.workflow-studio/history.sqlite.journals/**';
// Journals change in bursts (one append per commit); one refresh per burst is enough.
const REFRESH_DEBOUNCE_MS = 250;
// ...but a burst that never pauses (this window recording a run every 100 ms: a webhook flood, a
// per-second schedule) must not hold back other processes' writes: refresh at least this often.
const REFRESH_MAX_WAIT_MS = 1_000;
const ALL_KINDS: HistoryChange['kinds'] = ['executions', 'workflows', 'versions'];

/** The history of this window's workspace folders. */
export function createHistoryService(_context: vscode.ExtensionContext, output: vscode.LogOutputChannel): HistoryService {
  return new WorkspaceHistory(output);
}

class WorkspaceHistory implements HistoryService {
  private readonly emitter = new vscode.EventEmitter<HistoryChange>();
  readonly onDidChange = this.emitter.event;
  private readonly stores: StoreSet;
  private readonly watchers = new Map<string, vscode.Disposable>();
  /** Debounced refresh per folder root, shared by both watchers; given a journal's name when known. */
  private readonly refreshers = new Map<string, (fileName?: string) => void>();
  private readonly journalWatches = new Map<string, JournalWatch>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {
    const logger: StoreLogger = { info: (m) => output.info(`history: ${m}`), warn: (m) => output.warn(`history: ${m}`) };
    this.stores = new StoreSet(defaultStoreOpener(readRetention, logger));
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.watch(folder);
    this.disposables.push(
      this.emitter,
      vscode.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        added.forEach((folder) => this.watch(folder));
        for (const folder of removed) {
          this.watchers.get(folder.uri.fsPath)?.dispose();
          this.watchers.delete(folder.uri.fsPath);
          this.journalWatches.get(folder.uri.fsPath)?.dispose();
          this.journalWatches.delete(folder.uri.fsPath);
          void this.stores.close(folder.uri.fsPath);
        }
      }),
    );
  }

  async storeFor(uri: vscode.Uri) {
    const folder = this.folderOf(uri);
    const root = folder.uri.fsPath;
    try {
      const store = await this.stores.get(root);
      const refresh = this.refreshers.get(root);
      if (refresh && !this.journalWatches.has(root)) this.journalWatches.set(root, watchJournals(store.path, (fileName) => refresh(fileName)));
      return { store, folder, root };
    } catch (error) {
      this.output.error(`history: cannot open the history of ${root}: ${(error as Error).message}`);
      throw error;
    }
  }

  relativePath(uri: vscode.Uri): string {
    return workspaceRelativePath(this.folderOf(uri).uri.fsPath, uri.fsPath);
  }

  notifyChanged(change: HistoryChange): void {
    this.emitter.fire(change);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.watchers.forEach((d) => d.dispose());
    this.watchers.clear();
    this.journalWatches.forEach((w) => w.dispose());
    this.journalWatches.clear();
    // Finished runs are already durable (each is a journal commit point); closing seals the journal.
    this.stores.closeAll().catch((error: Error) => this.output.warn(`history: closing failed: ${error.message}`));
  }

  /**
   * The workspace folder of `uri`; for a file outside every folder, the root the CLI would use
   * for it (nearest `.workflow-studio` or `.git` above it), as a folder that is not in the workspace.
   */
  private folderOf(uri: vscode.Uri): vscode.WorkspaceFolder {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) return folder;
    const root = findWorkspaceRoot(dirname(uri.fsPath));
    return { uri: vscode.Uri.file(root), name: basename(root), index: -1 };
  }

  private watch(folder: vscode.WorkspaceFolder): void {
    const root = folder.uri.fsPath;
    if (this.watchers.has(root)) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, JOURNALS_GLOB));
    // A read of the store (a view loading) may catch up with another process's journal first;
    // this refresh then finds nothing new, yet listeners never heard of it. So a journal written
    // by another process always notifies; our own writes notify only when they brought news.
    let foreignWrite = false;
    const debounced = debounce(() => {
      const notify = foreignWrite;
      foreignWrite = false;
      this.stores.refresh(root).then(
        (changed) => (changed || notify) && this.emitter.fire({ folder, kinds: ALL_KINDS }),
        (error: Error) => this.output.warn(`history: refresh failed: ${error.message}`),
      );
    }, REFRESH_DEBOUNCE_MS, REFRESH_MAX_WAIT_MS);
    const refresh = (fileName?: string): void => {
      if (fileName !== undefined && fileName.endsWith('.journal') && !fileName.startsWith(`${process.pid}_`)) foreignWrite = true;
      debounced();
    };
    const fromVscode = (uri: vscode.Uri): void => refresh(uri.path.split('/').pop());
    this.refreshers.set(root, refresh);
    this.watchers.set(
      root,
      vscode.Disposable.from(watcher, watcher.onDidCreate(fromVscode), watcher.onDidChange(fromVscode), watcher.onDidDelete(fromVscode), { dispose: debounced.cancel }),
    );
  }
}

/** Retention from the settings, read when a store opens. */
function readRetention(): Partial<RetentionSettings> {
  const config = vscode.workspace.getConfiguration('workflowStudio');
  const read = (key: string) => {
    const value = config.get<number>(key);
    return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
  };
  const retention: Partial<RetentionSettings> = {};
  const executions = read(SETTINGS.executionsPerWorkflow);
  const values = read(SETTINGS.maxValueBytes);
  const messages = read(SETTINGS.maxLogMessageBytes);
  if (executions !== undefined) retention.executionsPerWorkflow = executions;
  if (values !== undefined) retention.maxValueBytes = values;
  if (messages !== undefined) retention.maxLogMessageBytes = messages;
  return retention;
}
