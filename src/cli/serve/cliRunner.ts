/**
 * The `TriggerRunner` of `workflow serve`: runs fired workflows in this process with the same
 * engine, code runner, secrets and workspace root as `workflow run`, and records each execution
 * in the store with its trigger.
 *
 * Runs are bounded twice: at most `maxConcurrent` execute at once, at most `maxQueued` wait for
 * a slot, and a fire beyond both throws `RunQueueFullError` (a webhook answers 429), so a flood
 * of requests costs bounded memory instead of an ever-growing backlog.
 *
 * The execution id is chosen at `start` and handed to the engine, so a webhook can answer 202
 * with the id before the run begins. A run cancelled while it waits still goes through the
 * engine, with its signal already aborted: it ends `cancelled` at once and is recorded, so every
 * accepted run appears in the history. With `accept` and `durable` (the store), a run is on disk
 * as accepted before anyone answers for it (`StartedRun.accepted`), and `done` resolves only
 * once its final status is on disk: an answer never promises what a crash could take back.
 */
import { randomUUID } from 'node:crypto';
import { runWorkflow, type ExecutionResult } from '../../core/engine/engine';
import type { ExecutionListener } from '../../core/engine/events';
import type { CodeRequest } from '../../core/nodes/definition';
import type { SecretProvider } from '../../core/engine/runtime';
import { RunQueueFullError, type StartedRun, type TriggerFire, type TriggerRunner, type TriggerWorkflow } from '../../core/triggers/contract';
import { RunQueue, type ReleaseSlot } from '../../core/runs/runQueue';

export const DEFAULT_MAX_CONCURRENT = 8;
export const DEFAULT_MAX_QUEUED = 256;

/** A run as the runner's observers see it. */
export interface RunInfo {
  executionId: string;
  fire: TriggerFire;
}

export interface CliRunnerOptions {
  /** Root that file and shell nodes are confined to (the store's workspace). */
  workspaceRoot: string;
  secrets: SecretProvider;
  runCode: (request: CodeRequest) => Promise<unknown>;
  /** The store's recorder for the workflow a run belongs to; undefined records nothing. */
  recorderFor(target: TriggerWorkflow): ExecutionListener | undefined;
  /** Runs executing at once (default 8). */
  maxConcurrent?: number;
  /** Runs waiting for a slot before `start` refuses (default 256). */
  maxQueued?: number;
  /** Source of `$env` (default process.env). */
  env?: Record<string, string | undefined>;
  /**
   * Records an accepted run before it executes; `StartedRun.accepted` is its promise. Called
   * synchronously in `start`, before the run can begin.
   */
  accept?(run: RunInfo): Promise<void>;
  /** Resolves once the runs recorded so far are on disk: `done` waits for it (acknowledged = durable). */
  durable?(): Promise<void>;
  onRunStarted?(run: RunInfo): void;
  onRunFinished?(run: RunInfo, result: ExecutionResult): void;
}

interface Pending {
  info: RunInfo;
  /** Chosen at start: a run that waited records against the version that was fired. */
  recorder: ExecutionListener | undefined;
  controller: AbortController;
  resolve(result: ExecutionResult): void;
}

export class CliTriggerRunner implements TriggerRunner {
  private readonly queue: RunQueue;
  /** Every accepted run not yet ended, waiting or executing, by execution id. */
  private readonly live = new Map<string, AbortController>();
  private accepted = 0;
  private accepting = true;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: CliRunnerOptions) {
    this.queue = new RunQueue({ concurrency: options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT, maxQueued: options.maxQueued ?? DEFAULT_MAX_QUEUED });
  }

  start(fire: TriggerFire): StartedRun {
    if (!this.accepting) throw new RunQueueFullError('the server is shutting down');
    if (!this.queue.hasRoom()) {
      throw new RunQueueFullError(`the run queue is full (${this.queue.running} running, ${this.queue.waiting} waiting)`);
    }
    const executionId = randomUUID();
    this.accepted++;
    const controller = new AbortController();
    let resolve!: (result: ExecutionResult) => void;
    const done = new Promise<ExecutionResult>((r) => (resolve = r));
    const pending: Pending = { info: { executionId, fire }, recorder: this.options.recorderFor(fire.target), controller, resolve };
    this.live.set(executionId, controller);
    // a run that records nothing has nothing to make durable first
    const accepted = pending.recorder ? this.options.accept?.(pending.info) : undefined;
    // whoever does not wait for it (a lastNode webhook, a schedule) must not see an unhandled rejection
    accepted?.catch(() => undefined);
    this.queue.acquire(controller.signal).then(
      (release) => this.execute(pending, release),
      // cancelled while waiting: it goes through the engine now, already cancelled, so it is recorded
      () => this.execute(pending, undefined),
    );
    return { executionId, done, ...(accepted ? { accepted } : {}), cancel: () => this.cancel(executionId) };
  }

  /** Runs accepted since the start (each is recorded once it ends). */
  get acceptedCount(): number {
    return this.accepted;
  }

  /** Runs executing now. */
  get runningCount(): number {
    return this.queue.running;
  }

  /** Runs waiting for a slot. */
  get queuedCount(): number {
    return this.queue.waiting;
  }

  /** From now on `start` refuses every fire (shutdown). */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Resolves true when no run is left, or false once `timeoutMs` passed first. */
  waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.live.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== onIdle);
        resolve(false);
      }, timeoutMs);
      const onIdle = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(onIdle);
    });
  }

  /** Cancels every run, waiting or executing; each still ends (as `cancelled`) and is recorded. */
  cancelAll(): void {
    for (const id of [...this.live.keys()]) this.cancel(id);
  }

  private cancel(executionId: string): void {
    const controller = this.live.get(executionId);
    if (!controller || controller.signal.aborted) return;
    controller.abort();
  }

  /** Runs `pending`; `release` gives its slot back (undefined: it was cancelled while waiting and holds none). */
  private execute(pending: Pending, release: ReleaseSlot | undefined): void {
    const { info, controller, recorder } = pending;
    const { fire } = info;
    this.options.onRunStarted?.(info);
    const finish = (result: ExecutionResult) => {
      release?.();
      this.live.delete(info.executionId);
      resolveWhenDurable(pending, result, this.options.durable);
      this.options.onRunFinished?.(info, result);
      if (this.live.size === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
    };
    runWorkflow(fire.target.workflow, {
      executionId: info.executionId,
      input: fire.input,
      trigger: fire.trigger,
      triggerNodeId: fire.nodeId,
      signal: controller.signal,
      listeners: recorder ? [recorder] : [],
      filePath: fire.target.file,
      workspaceRoot: this.options.workspaceRoot,
      runCode: this.options.runCode,
      secrets: this.options.secrets,
      env: this.options.env,
    }).then(finish, (error: unknown) => finish(crashed(info.executionId, error)));
  }
}

/** `done` resolves once the final status is on disk; a result that cannot be recorded is a failure. */
function resolveWhenDurable(pending: Pending, result: ExecutionResult, durable: (() => Promise<void>) | undefined): void {
  if (!durable) return pending.resolve(result);
  durable().then(
    () => pending.resolve(result),
    (error: unknown) =>
      pending.resolve({ ...result, status: 'failed', error: { message: `the run's result could not be recorded: ${(error as Error).message}`, code: 'INTERNAL' } }),
  );
}

/** runWorkflow never rejects for workflow problems; should it ever, the run still ends as failed. */
function crashed(executionId: string, error: unknown): ExecutionResult {
  const now = new Date().toISOString();
  return {
    executionId,
    status: 'failed',
    output: undefined,
    error: { message: `internal error: ${error instanceof Error ? error.message : String(error)}`, code: 'INTERNAL' },
    startedAt: now,
    completedAt: now,
    durationMs: 0,
    nodesExecuted: 0,
  };
}
