/**
 * The run service: validates a workflow's current text, waits for a free slot, runs it in a
 * runner worker (src/extension/runner), records its events in the folder's history store (which
 * this host owns), and fans the events out to whoever listens (output channel, views, canvas).
 * Nothing of the run executes on the extension host's thread.
 */
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { basename, dirname } from 'node:path';
import { findWorkspaceRoot } from '../../core/store';
import { loadWorkflowText } from '../../core/validation/loadWorkflow';
import type { ExecutionResult } from '../../core/engine/engine';
import type { Workflow } from '../../core/model/workflow';
import { RunQueueFullError, type StartedRun } from '../../core/triggers/contract';
import {
  COMMANDS,
  SETTINGS,
  type ActiveRun,
  type HistoryService,
  type RunRequest,
  type RunService,
  type SecretsService,
  type TriggeredRunRequest,
  type WorkflowRunEvent,
} from '../contract';
import { startRun, type RunHandle } from '../runner/runnerClient';
import type { RunJob } from '../runner/protocol';
import { RunTracker } from '../runner/synthetic';
import { RunQueue } from '../../core/runs/runQueue';
import { recordRun } from './runRecording';
import { finalMessage, progressLine } from './runMessages';

/** Runs that may wait for a slot when `runs.maxQueued` is not set. */
export const DEFAULT_MAX_QUEUED = 100;

/** What a run is, whoever started it: the parts of `RunRequest` and `TriggeredRunRequest` a job needs. */
type RunSpec = Pick<RunRequest, 'uri' | 'input' | 'triggerNodeId' | 'trigger'>;

/** What the run service needs from the rest of the extension. */
export interface RunServiceDeps {
  context: vscode.ExtensionContext;
  output: vscode.LogOutputChannel;
  history: HistoryService;
  secrets: SecretsService;
}

/** Creates the window's run service. */
export function createRunService(deps: RunServiceDeps): RunService {
  return new WorkerRunService(deps);
}

const RESTRICTED_MESSAGE =
  'Running workflows is disabled in Restricted Mode: a workflow can run shell commands and code. Trust this workspace to run it.';

class WorkerRunService implements RunService {
  private readonly activeRuns = new Map<string, ActiveRun & { handle: RunHandle }>();
  private readonly activeEmitter = new vscode.EventEmitter<void>();
  private readonly eventEmitter = new vscode.EventEmitter<WorkflowRunEvent>();
  /** Runs waiting for a slot, by execution id, so that Stop can drop them. */
  private readonly waiting = new Map<string, AbortController>();
  private readonly queue = new RunQueue({
    concurrency: () => config().get<number>(SETTINGS.maxConcurrentRuns, 4),
    // bounds only triggered runs (start()); a run started by hand always waits its turn
    maxQueued: () => config().get<number>(SETTINGS.maxQueuedRuns, DEFAULT_MAX_QUEUED),
  });
  readonly onDidChangeActive = this.activeEmitter.event;
  readonly onEvent = this.eventEmitter.event;

  constructor(private readonly deps: RunServiceDeps) {}

  get active(): readonly ActiveRun[] {
    return [...this.activeRuns.values()].map(({ executionId, uri, workflowName, startedAt }) => ({ executionId, uri, workflowName, startedAt }));
  }

  async run(request: RunRequest): Promise<ExecutionResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(RESTRICTED_MESSAGE);
      return undefined;
    }
    const fileName = basename(request.uri.fsPath);
    let text: string;
    try {
      text = await currentText(request.uri);
    } catch (error) {
      void vscode.window.showErrorMessage(`Cannot read ${fileName}: ${(error as Error).message}`);
      return undefined;
    }
    const loaded = loadWorkflowText(text, request.uri.fsPath);
    if (!loaded.workflow) {
      const problems = loaded.diagnostics.filter((d) => d.severity === 'error').length || loaded.diagnostics.length;
      void vscode.window.showErrorMessage(`${fileName} has ${problems} problem${problems === 1 ? '' : 's'}; see the Problems panel. Nothing was run.`);
      return undefined;
    }
    const workflow = loaded.workflow;
    if (request.triggerNodeId !== undefined && !workflow.nodes.some((n) => n.id === request.triggerNodeId)) {
      void vscode.window.showErrorMessage(`${fileName} has no node with id "${request.triggerNodeId}" to start from.`);
      return undefined;
    }
    const executionId = randomUUID();
    request.onStarted?.(executionId, this.waitsForSlot());
    const execute = (onProgress?: (line: string) => void) => this.execute(request, workflow, text, executionId, { onProgress });
    if (!request.showProgress) return execute();

    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Running ${workflow.name}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => this.stop(executionId));
        return execute((line) => progress.report({ message: line }));
      },
    );
    if (result) void this.announce(workflow.name, result);
    return result;
  }

  start(request: TriggeredRunRequest): StartedRun {
    // The trigger host arms nothing in Restricted Mode; this guards against a caller that would.
    if (!vscode.workspace.isTrusted) throw new Error(RESTRICTED_MESSAGE);
    if (!this.queue.hasRoom()) {
      throw new RunQueueFullError(`the run queue is full: ${this.queue.running} runs going and ${this.queue.waiting} waiting (setting workflowStudio.${SETTINGS.maxQueuedRuns})`);
    }
    const executionId = randomUUID();
    // execute() takes its place in the queue before its first await, so the next start() sees it.
    const done = this.execute(request, request.workflow, request.text, executionId, { recordCancelledBeforeStart: true }).then(
      (result) => result ?? cancelledBeforeStart(executionId),
      (error: Error) => failedToStart(executionId, error),
    );
    return { executionId, done, cancel: () => this.stop(executionId) };
  }

  stop(executionId: string): void {
    this.waiting.get(executionId)?.abort();
    this.activeRuns.get(executionId)?.handle.cancel();
  }

  dispose(): void {
    for (const controller of this.waiting.values()) controller.abort();
    // The window is closing: runs stop now; the history marks them cancelled or interrupted.
    for (const run of this.activeRuns.values()) run.handle.cancel();
    this.activeEmitter.dispose();
    this.eventEmitter.dispose();
  }

  /** Whether a run started now would wait: every slot of `runs.maxConcurrent` is taken. */
  private waitsForSlot(): boolean {
    return this.queue.running >= this.queue.concurrency;
  }

  private async execute(
    request: RunSpec,
    workflow: Workflow,
    text: string,
    executionId: string,
    options: { onProgress?: (line: string) => void; recordCancelledBeforeStart?: boolean },
  ): Promise<ExecutionResult | undefined> {
    const { onProgress } = options;
    const { uri } = request;
    const opened = this.deps.history.storeFor(uri);
    // The run does not wait for the store; its failure to open is reported, the run goes on.
    opened.catch(() => undefined);
    const waitingFor = new AbortController();
    this.waiting.set(executionId, waitingFor);
    // Same root as the history service's folder for this file, known without waiting for the store.
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? findWorkspaceRoot(dirname(uri.fsPath));
    let release: () => void;
    try {
      if (this.waitsForSlot()) onProgress?.('waiting for a free run slot…');
      release = await this.queue.acquire(waitingFor.signal);
    } catch {
      this.deps.output.info(`${workflow.name}: cancelled before it started`);
      // A webhook already answered with this id: the history must know what became of it.
      if (options.recordCancelledBeforeStart) return this.recordNeverStarted(request, workflow, text, executionId, root, opened);
      return undefined;
    } finally {
      this.waiting.delete(executionId);
    }

    try {
      const recording = recordRun(opened.then((o) => o.store), root, uri.fsPath, text);
      recording.registered.then(
        async (registration) => {
          const { folder } = await opened;
          this.deps.history.notifyChanged({ folder, kinds: registration.created ? ['executions', 'workflows', 'versions'] : ['executions'] });
        },
        (error: Error) => this.deps.output.warn(`${workflow.name}: this run is not recorded in the history: ${error.message}`),
      );
      const job = this.jobFor(request, workflow, root, executionId);
      const handle = startRun(job, {
        onEvent: (event) => {
          recording.listener(event);
          this.eventEmitter.fire({ uri, event });
          const line = onProgress && progressLine(event, executionId);
          if (line) onProgress?.(line);
        },
        getSecret: (name) => this.deps.secrets.get(name),
      });
      this.activeRuns.set(executionId, { executionId, uri, workflowName: workflow.name, startedAt: Date.now(), handle });
      this.activeEmitter.fire();
      this.deps.output.info(`${workflow.name}: run ${executionId} started`);

      const result = await handle.result;
      this.activeRuns.delete(executionId);
      this.activeEmitter.fire();
      this.deps.output.info(`${workflow.name}: run ${executionId} ended ${result.status}`);
      await recording.finish().catch(() => undefined); // reported above when registration failed
      const folder = await opened.then((o) => o.folder, () => undefined);
      if (folder) this.deps.history.notifyChanged({ folder, kinds: ['executions'] });
      return result;
    } finally {
      release();
    }
  }

  /** Records a run that was cancelled while it waited for a slot, as a cancelled execution. */
  private async recordNeverStarted(
    request: RunSpec,
    workflow: Workflow,
    text: string,
    executionId: string,
    root: string,
    opened: ReturnType<HistoryService['storeFor']>,
  ): Promise<ExecutionResult> {
    const { events, result } = new RunTracker(this.jobFor(request, workflow, root, executionId)).close('cancelled', {
      message: 'the run was cancelled before it started',
      code: 'CANCELLED',
    });
    const recording = recordRun(opened.then((o) => o.store), root, request.uri.fsPath, text);
    for (const event of events) {
      recording.listener(event);
      this.eventEmitter.fire({ uri: request.uri, event });
    }
    try {
      await recording.finish();
      this.deps.history.notifyChanged({ folder: (await opened).folder, kinds: ['executions'] });
    } catch (error) {
      this.deps.output.warn(`${workflow.name}: the cancelled run ${executionId} is not recorded: ${(error as Error).message}`);
    }
    return result;
  }

  private jobFor(request: RunSpec, workflow: Workflow, root: string, executionId: string): RunJob {
    const defaultTimeout = config().get<number>(SETTINGS.defaultTimeoutMs, 0);
    // The workflow's own limit wins (the engine applies it when the option is absent); 0 = none.
    const timeoutMs = workflow.settings?.timeoutMs === undefined && defaultTimeout > 0 ? defaultTimeout : undefined;
    return {
      executionId,
      workflow,
      filePath: request.uri.fsPath,
      workspaceRoot: root,
      input: request.input === undefined ? {} : request.input,
      trigger: request.trigger ?? { type: 'manual', ...(request.triggerNodeId ? { nodeId: request.triggerNodeId } : {}) },
      ...(request.triggerNodeId !== undefined ? { triggerNodeId: request.triggerNodeId } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      allowOutsideWorkspace: config().get<boolean>(SETTINGS.allowOutsideWorkspace, false),
    };
  }

  private async announce(workflowName: string, result: ExecutionResult): Promise<void> {
    const { severity, text } = finalMessage(workflowName, result);
    const show =
      severity === 'info' ? vscode.window.showInformationMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    const choice = await show(text, 'Show Execution');
    if (choice === 'Show Execution') await vscode.commands.executeCommand(COMMANDS.showExecution, result.executionId);
  }
}

/** The result of a run dropped before it started (execute() records it for triggered runs; this only types the fallback). */
function cancelledBeforeStart(executionId: string): ExecutionResult {
  const now = new Date().toISOString();
  return { executionId, status: 'cancelled', output: undefined, error: { message: 'the run was cancelled before it started', code: 'CANCELLED' }, startedAt: now, completedAt: now, durationMs: 0, nodesExecuted: 0 };
}

/** `StartedRun.done` never rejects: an unexpected failure of the host becomes a failed result. */
function failedToStart(executionId: string, error: Error): ExecutionResult {
  const now = new Date().toISOString();
  return { executionId, status: 'failed', output: undefined, error: { message: `the run could not start: ${error.message}`, code: 'RUNNER_CRASH' }, startedAt: now, completedAt: now, durationMs: 0, nodesExecuted: 0 };
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('workflowStudio');
}

/** The document's text when it is open (unsaved edits count), else the file's. */
async function currentText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
