/**
 * What the parts of the extension promise each other: ids that package.json also names, and
 * the services `extension.ts` creates once and hands to the editor, the views and the commands.
 * Each part depends on these interfaces, never on another part's classes.
 */
import type * as vscode from 'vscode';
import type { ExecutionEvent, TriggerInfo } from '../core/engine/events';
import type { ExecutionResult } from '../core/engine/engine';
import type { WorkflowStore } from '../core/store';
import type { Workflow } from '../core/model/workflow';
import type { StartedRun, TriggerState } from '../core/triggers/contract';

/** The custom editor's view type (package.json `customEditors`). */
export const EDITOR_VIEW_TYPE = 'workflowStudio.editor';
/** The views of the activity-bar container (package.json `views`). */
export const VIEWS = {
  workflows: 'workflowStudio.workflows',
  executions: 'workflowStudio.executions',
  versions: 'workflowStudio.versions',
} as const;
export const OUTPUT_CHANNEL_NAME = 'Workflow Studio';
export const WORKFLOW_GLOB = '**/*.workflow.json';

/** Command ids (package.json `commands`); every one is in the palette under "Workflow". */
export const COMMANDS = {
  newWorkflow: 'workflowStudio.newWorkflow',
  newFromExample: 'workflowStudio.newFromExample',
  run: 'workflowStudio.run',
  runWithInput: 'workflowStudio.runWithInput',
  stop: 'workflowStudio.stop',
  rerunExecution: 'workflowStudio.rerunExecution',
  showExecution: 'workflowStudio.showExecution',
  showLogs: 'workflowStudio.showLogs',
  showHistory: 'workflowStudio.showHistory',
  showVersions: 'workflowStudio.showVersions',
  restoreVersion: 'workflowStudio.restoreVersion',
  compareVersion: 'workflowStudio.compareVersion',
  duplicate: 'workflowStudio.duplicate',
  rename: 'workflowStudio.rename',
  toggleFavorite: 'workflowStudio.toggleFavorite',
  setStatus: 'workflowStudio.setStatus',
  addTag: 'workflowStudio.addTag',
  moveToFolder: 'workflowStudio.moveToFolder',
  search: 'workflowStudio.search',
  import: 'workflowStudio.import',
  validateAll: 'workflowStudio.validateAll',
  setSecret: 'workflowStudio.setSecret',
  deleteSecret: 'workflowStudio.deleteSecret',
  clearHistory: 'workflowStudio.clearHistory',
  openAsText: 'workflowStudio.openAsText',
  groupWorkflowsBy: 'workflowStudio.groupWorkflowsBy',
  filterExecutionsToActive: 'workflowStudio.filterExecutionsToActive',
  refreshViews: 'workflowStudio.refreshViews',
  activate: 'workflowStudio.activate',
  pause: 'workflowStudio.pause',
  copyWebhookUrl: 'workflowStudio.copyWebhookUrl',
  showTriggers: 'workflowStudio.showTriggers',
} as const;

/** Settings (package.json `configuration`), read through `vscode.workspace.getConfiguration('workflowStudio')`. */
export const SETTINGS = {
  executionsPerWorkflow: 'history.executionsPerWorkflow',
  maxValueBytes: 'history.maxValueBytes',
  maxLogMessageBytes: 'history.maxLogMessageBytes',
  maxConcurrentRuns: 'runs.maxConcurrent',
  defaultTimeoutMs: 'runs.defaultTimeoutMs',
  allowOutsideWorkspace: 'runs.allowOutsideWorkspace',
  maxQueuedRuns: 'runs.maxQueued',
  triggersEnabled: 'triggers.enabled',
  webhookHost: 'webhooks.host',
  webhookPort: 'webhooks.port',
  logLevel: 'logLevel',
} as const;

/** A request to run a workflow file. */
export interface RunRequest {
  uri: vscode.Uri;
  /** Run input; default `{}`. */
  input?: unknown;
  triggerNodeId?: string;
  trigger?: TriggerInfo;
  /** Show a progress notification with Cancel (manual runs from the palette). */
  showProgress?: boolean;
  /**
   * Told the execution id once the run is accepted (validated, trusted), before it waits for a
   * slot: the canvas answers its Run request with it. Not called for a refused run.
   * `waitsForSlot`: every run slot is taken, so this one waits (the canvas says so only then).
   */
  onStarted?(executionId: string, waitsForSlot: boolean): void;
}

/**
 * A run a trigger (schedule, webhook, file event, poll) starts: no prompt, no notification. The
 * trigger host validated the file when it armed the trigger, so the run uses that workflow.
 */
export interface TriggeredRunRequest {
  uri: vscode.Uri;
  /** The validated workflow the trigger was armed from. */
  workflow: Workflow;
  /** The file's text that workflow was read from: the history records it as the run's version. */
  text: string;
  /** The trigger node that fired; the run starts from it only. */
  triggerNodeId: string;
  input: unknown;
  /** Recorded with the execution (`trigger_type`, `trigger_data`). */
  trigger: TriggerInfo;
}

/** A run in progress. */
export interface ActiveRun {
  executionId: string;
  uri: vscode.Uri;
  workflowName: string;
  startedAt: number;
}

/** An engine event together with the file it belongs to. */
export interface WorkflowRunEvent {
  uri: vscode.Uri;
  event: ExecutionEvent;
}

/**
 * Runs workflows out of the extension host's way (a worker thread runs the engine), records
 * them in the history, and reports their events.
 */
export interface RunService extends vscode.Disposable {
  /**
   * Validates and runs the file (its current text, saved or not). Resolves when the run ends;
   * resolves `undefined` when the run was refused (restricted workspace, invalid file — the user
   * was told why).
   */
  run(request: RunRequest): Promise<ExecutionResult | undefined>;
  /**
   * Starts a triggered run now and returns its execution id at once (the trigger contract's
   * `StartedRun`; `done` never rejects). Throws `RunQueueFullError` when the run would have to
   * wait and `runs.maxQueued` runs already wait, and an Error in a restricted workspace.
   */
  start(request: TriggeredRunRequest): StartedRun;
  /** Cancels a running or waiting execution (no-op when it is not running here). */
  stop(executionId: string): void;
  readonly active: readonly ActiveRun[];
  readonly onDidChangeActive: vscode.Event<void>;
  /** Every event of every run started in this window, in order. */
  readonly onEvent: vscode.Event<WorkflowRunEvent>;
}

/** What changed in the history, so views refresh only what they show. */
export interface HistoryChange {
  folder: vscode.WorkspaceFolder;
  /** `executions` (new or finished runs), `workflows` (records: status, tags…), `versions`. */
  kinds: readonly ('executions' | 'workflows' | 'versions')[];
}

/**
 * The workspace's history databases (one per workspace folder, the same file the CLI uses:
 * `<folder>/.workflow-studio/history.sqlite`). Runs from the CLI show up through `onDidChange`
 * (a watcher on the journals).
 */
export interface HistoryService extends vscode.Disposable {
  /** The store of the folder holding `uri` (opened on first use). */
  storeFor(uri: vscode.Uri): Promise<{ store: WorkflowStore; folder: vscode.WorkspaceFolder; root: string }>;
  /** The path of `uri` as the store knows it (workspace-relative, forward slashes). */
  relativePath(uri: vscode.Uri): string;
  readonly onDidChange: vscode.Event<HistoryChange>;
  /** Called by whoever changed the history in this window (commands, the run service). */
  notifyChanged(change: HistoryChange): void;
}

/** Where secrets for `$secrets.NAME` live (VS Code SecretStorage). */
export interface SecretsService {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  /** Names stored so far (for pickers); values are never listed. */
  names(): Promise<string[]>;
}

/**
 * The triggers of the window: one trigger runtime per workspace folder (schedules, file events,
 * polls, webhook routes) and one webhook server shared by them. Live only in a trusted
 * workspace, while `triggers.enabled` is on, for workflows whose status is `active`.
 */
export interface TriggerService extends vscode.Disposable {
  /** The armed triggers of one workflow file, or of every file. */
  states(uri?: vscode.Uri): TriggerState[];
  /** Fires when states change (armed, fired, next run moved, error). */
  readonly onDidChange: vscode.Event<void>;
  /** The webhook server's base URL (`http://127.0.0.1:5680`), when it listens. */
  webhookBaseUrl(): string | undefined;
  /** Re-reads the workflows and their statuses now (after a status change made here). */
  resync(): Promise<void>;
  /** Why nothing fires when nothing can (restricted mode, disabled by setting), else undefined. */
  readonly inactiveReason: string | undefined;
  /**
   * Stops firing, closes the webhook server and waits up to `graceMs` for the runs triggers
   * started (deactivation); the run service cancels what is left.
   */
  shutdown(graceMs: number): Promise<void>;
}

/** Everything `extension.ts` builds and passes to `register…` functions. */
export interface ExtensionServices {
  context: vscode.ExtensionContext;
  output: vscode.LogOutputChannel;
  history: HistoryService;
  runs: RunService;
  secrets: SecretsService;
  triggers: TriggerService;
}
