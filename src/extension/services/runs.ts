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
import { COMMANDS, SETTINGS, type ActiveRun, type HistoryService, type RunRequest, type RunService, type SecretsService, type WorkflowRunEvent } from '../contract';
import { startRun, type RunHandle } from '../runner/runnerClient';
import type { RunJob } from '../runner/protocol';
import { RunQueue } from './runQueue';
import { recordRun } from './runRecording';
import { finalMessage, progressLine } from './runMessages';

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
  private readonly queue = new RunQueue(() => config().get<number>(SETTINGS.maxConcurrentRuns, 4));
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
    const execute = (onProgress?: (line: string) => void) => this.execute(request, workflow, text, executionId, onProgress);
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

  private async execute(
    request: RunRequest,
    workflow: Workflow,
    text: string,
    executionId: string,
    onProgress?: (line: string) => void,
  ): Promise<ExecutionResult | undefined> {
    const { uri } = request;
    const opened = this.deps.history.storeFor(uri);
    // The run does not wait for the store; its failure to open is reported, the run goes on.
    opened.catch(() => undefined);
    const waitingFor = new AbortController();
    this.waiting.set(executionId, waitingFor);
    let release: () => void;
    try {
      if (this.queue.running >= 1) onProgress?.('waiting for a free run slot…');
      release = await this.queue.acquire(waitingFor.signal);
    } catch {
      this.deps.output.info(`${workflow.name}: cancelled before it started`);
      return undefined;
    } finally {
      this.waiting.delete(executionId);
    }

    try {
      // Same root as the history service's folder for this file, known without waiting for the store.
      const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? findWorkspaceRoot(dirname(uri.fsPath));
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

  private jobFor(request: RunRequest, workflow: Workflow, root: string, executionId: string): RunJob {
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

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('workflowStudio');
}

/** The document's text when it is open (unsaved edits count), else the file's. */
async function currentText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
