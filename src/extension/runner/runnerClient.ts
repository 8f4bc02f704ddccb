/**
 * The host side of one run in a runner worker: starts the thread, forwards its events, answers
 * its secret requests, and enforces cancellation. A cancel is first a request (the engine stops
 * at its next await); a worker that has not finished `cancelGraceMs` later is terminated and the
 * run is closed as cancelled on its behalf. No code of the run ever executes on the caller's
 * thread, so a runaway node cannot block it.
 */
import { Worker } from 'node:worker_threads';
import type { ExecutionEvent } from '../../core/engine/events';
import type { ExecutionResult } from '../../core/engine/engine';
import type { HostMessage, RunJob, WorkerMessage } from './protocol';
import { RunTracker } from './synthetic';
import { locateRunnerWorker, type RunnerWorkerEntry } from './workerEntry';

/** How long a cancelled run may take to stop by itself before its thread is killed. */
export const CANCEL_GRACE_MS = 2_000;

/** What the host does for a running worker. */
export interface RunnerCallbacks {
  /** Every event of the run, in order (including the ones written on the worker's behalf). */
  onEvent(event: ExecutionEvent): void;
  /** The value of `$secrets.<name>`, or undefined when it is not set. */
  getSecret(name: string): Promise<string | undefined>;
}

/** Options of `startRun`; defaults suit the extension. */
export interface RunnerOptions {
  entry?: RunnerWorkerEntry;
  cancelGraceMs?: number;
}

/** A run in progress in its worker. */
export interface RunHandle {
  /** Resolves when the run ended, however it ended; never rejects. */
  readonly result: Promise<ExecutionResult>;
  /** Asks the run to stop; kills it if it does not within the grace period. Idempotent. */
  cancel(): void;
}

/** Starts `job` in a new runner worker. */
export function startRun(job: RunJob, callbacks: RunnerCallbacks, options: RunnerOptions = {}): RunHandle {
  const entry = options.entry ?? locateRunnerWorker();
  const grace = options.cancelGraceMs ?? CANCEL_GRACE_MS;
  const tracker = new RunTracker(job);
  const worker =
    entry.kind === 'file'
      ? new Worker(entry.path, { workerData: job })
      : new Worker(entry.source, { eval: true, workerData: job });

  let settled = false;
  let cancelled = false;
  let crash: Error | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let finish!: (result: ExecutionResult) => void;
  const result = new Promise<ExecutionResult>((resolve) => (finish = resolve));

  const emit = (event: ExecutionEvent) => {
    tracker.observe(event);
    try {
      callbacks.onEvent(event);
    } catch {
      // A faulty subscriber must not end the run; the callback owner reports its own errors.
    }
  };
  const send = (message: HostMessage) => {
    if (!settled) worker.postMessage(message);
  };
  const settle = (value: ExecutionResult) => {
    if (settled) return;
    settled = true;
    if (killTimer) clearTimeout(killTimer);
    finish(value);
  };

  worker.on('message', (message: WorkerMessage) => {
    if (settled) return;
    if (message.type === 'event') emit(message.event);
    else if (message.type === 'secret') {
      callbacks.getSecret(message.name).then(
        (value) => send({ type: 'secret', requestId: message.requestId, ...(value !== undefined ? { value } : {}) }),
        () => send({ type: 'secret', requestId: message.requestId }),
      );
    } else if (message.type === 'done') {
      settle(message.result);
    }
  });
  worker.on('error', (error) => (crash = error));
  worker.on('exit', (code) => {
    if (settled) return;
    const { events, result: closed } = cancelled
      ? tracker.close('cancelled', { message: 'the execution was cancelled (its runner was stopped)', code: 'CANCELLED' })
      : tracker.close('failed', {
          message: `the workflow runner stopped unexpectedly: ${crash?.message ?? `exit code ${code}`}`,
          code: 'RUNNER_CRASH',
        });
    for (const event of events) emit(event);
    settle(closed);
  });

  return {
    result,
    cancel() {
      if (settled || cancelled) return;
      cancelled = true;
      send({ type: 'cancel' });
      killTimer = setTimeout(() => void worker.terminate(), grace);
    },
  };
}
