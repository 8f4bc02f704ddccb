/**
 * Runs `code.javascript` source isolated from the caller: a small pool of warm worker threads,
 * each with one vm context (see sandbox.ts). The main thread owns every limit: a timer per
 * request and the caller's AbortSignal, either of which terminates the worker running the code
 * (the only way to stop `while (true) {}` from outside) and replaces it.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { CodeRequest } from '../nodes/definition';
import { CancelledError, NodeError, TimeoutError, messageOf } from '../errors';
import type { CodeFailure, CodeWorkerData, RunCodeMessage, WorkerReply } from './protocol';
import { locateCodeWorker, type CodeWorkerEntry } from './workerEntry';

/** Options of `createCodeRunner`; every one has a sensible default. */
export interface CodeRunnerOptions {
  /** Worker threads in the pool (started on demand). Default: min(2, available CPUs). */
  size?: number;
  /**
   * How long (µs) a worker that has just replied keeps polling for the next request before it
   * sleeps. Trades a little CPU for latency in back-to-back runs; 0 turns it off. Default 200.
   */
  idleSpinMicros?: number;
  /**
   * Memory limit of each worker (MB), default 512, applied twice: to its V8 heap (code that
   * exceeds it fails with CODE_CRASH) and to memory outside the heap (ArrayBuffers, typed
   * arrays), which V8 does not limit. For the latter, a worker that still holds more after a
   * run is replaced, and code during which the process grows by more than heap and off-heap
   * limits together is stopped with CODE_MEMORY (see `watchMemory`).
   */
  memoryLimitMb?: number;
  /** Where the worker script is; found next to the bundle or the sources when absent. */
  entry?: CodeWorkerEntry;
}

/** A snapshot of the pool, for tests and diagnostics. */
export interface CodeRunnerStats {
  /** Live worker threads (starting, idle or busy). */
  workers: number;
  /** Workers running a request. */
  busy: number;
  /** Requests waiting for a worker. */
  queued: number;
}

/** A pool that runs code requests; see `createCodeRunner`. */
export interface CodeRunner {
  /**
   * Runs the request's code and resolves to its return value (structured-cloned). Rejects with
   * NodeError `CODE_ERROR` / `CODE_SYNTAX` / `CODE_RESULT` / `CODE_CRASH` / `CODE_INPUT`,
   * TimeoutError after `timeoutMs`, or CancelledError on abort or dispose.
   */
  run(request: CodeRequest): Promise<unknown>;
  /** Rejects pending requests with CancelledError and terminates every worker. */
  dispose(): Promise<void>;
  stats(): CodeRunnerStats;
}

const DEFAULT_IDLE_SPIN_MICROS = 200;
const DEFAULT_MEMORY_LIMIT_MB = 512;
const MEMORY_CHECK_INTERVAL_MS = 50;
const TERMINATE_RETRY_MS = 100;
const MB = 1024 * 1024;
// setTimeout fires at once for larger delays
const MAX_TIMER_MS = 2_147_483_647;

interface Job {
  request: CodeRequest;
  resolve(value: unknown): void;
  reject(error: Error): void;
  onAbort(): void;
  id?: number;
  worker?: PooledWorker;
  timer?: NodeJS.Timeout;
  /** Resident memory of the process when the memory watch first saw this job running. */
  rssBaseline?: number;
  done: boolean;
}

interface PooledWorker {
  thread: Worker;
  /**
   * The script has loaded. Until then the clock of its job does not run (start-up under tsx
   * can take longer than a short limit) and the thread stays ref'd to keep the process alive.
   */
  ready: boolean;
  job?: Job;
  /** Terminated (or lost): it takes no more work and its late messages are ignored. */
  retired: boolean;
}

/** Creates a pool. Its idle workers never keep the process alive. */
export function createCodeRunner(options: CodeRunnerOptions = {}): CodeRunner {
  return new CodeRunnerPool(options);
}

let shared: CodeRunner | undefined;

/** The process-wide runner, created on first use; the engine's default `runCode`. */
export function sharedCodeRunner(): CodeRunner {
  shared ??= createCodeRunner();
  return shared;
}

/** Disposes the process-wide runner (extension deactivation); a later use creates a new one. */
export async function disposeSharedCodeRunner(): Promise<void> {
  const runner = shared;
  shared = undefined;
  await runner?.dispose();
}

class CodeRunnerPool implements CodeRunner {
  private readonly size: number;
  private readonly workers = new Set<PooledWorker>();
  /** Used last-in first-out: the worker that replied last is still awake (see codeWorker.ts). */
  private readonly idle: PooledWorker[] = [];
  private readonly queue: Job[] = [];
  private readonly terminations = new Set<Promise<unknown>>();
  private entry: CodeWorkerEntry | undefined;
  private nextId = 1;
  private disposed = false;
  private readonly memoryLimitMb: number;
  private memoryWatch: NodeJS.Timeout | undefined;

  constructor(private readonly options: CodeRunnerOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? Math.min(2, availableParallelism())));
    this.entry = options.entry;
    this.memoryLimitMb = options.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB;
  }

  run(request: CodeRequest): Promise<unknown> {
    if (this.disposed) return Promise.reject(new CancelledError('The code runner was disposed.'));
    if (request.signal.aborted) return Promise.reject(new CancelledError());
    return new Promise((resolve, reject) => {
      const job: Job = { request, resolve, reject, onAbort: () => this.cancel(job), done: false };
      request.signal.addEventListener('abort', job.onAbort, { once: true });
      this.assign(job);
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearInterval(this.memoryWatch);
    this.memoryWatch = undefined;
    const error = new CancelledError('The code runner was disposed.');
    for (const job of this.queue.splice(0)) this.fail(job, error);
    for (const worker of [...this.workers]) {
      if (worker.job) this.fail(worker.job, error);
      this.retire(worker, false);
    }
    await Promise.all(this.terminations);
  }

  stats(): CodeRunnerStats {
    let busy = 0;
    for (const worker of this.workers) if (worker.job) busy++;
    return { workers: this.workers.size, busy, queued: this.queue.length };
  }

  private assign(job: Job): void {
    let worker = this.idle.pop();
    if (!worker && this.workers.size < this.size) {
      try {
        worker = this.spawn();
      } catch (error) {
        this.fail(job, new NodeError(`The code worker could not start: ${messageOf(error)}`, { code: 'CODE_CRASH', field: 'code', cause: error }));
        return;
      }
    }
    if (worker) this.dispatch(worker, job);
    else this.queue.push(job);
  }

  private dispatch(worker: PooledWorker, job: Job): void {
    const { code, input, vars, execution } = job.request;
    const node = nodeOutputsFor(code, job.request.node);
    job.id = this.nextId++;
    job.worker = worker;
    worker.job = job;
    try {
      worker.thread.postMessage({ id: job.id, code, input, vars, node, execution } satisfies RunCodeMessage);
    } catch (error) {
      // nothing was sent: the worker is still free
      this.fail(job, new NodeError(`The data given to the code cannot be passed to it: ${messageOf(error)}`, { code: 'CODE_INPUT', cause: error }));
      this.release(worker);
      return;
    }
    if (worker.ready) this.startClock(job);
  }

  // The timer is the one thing that keeps the process alive while code runs (workers are
  // unref'd), so a CLI waits for the result and exits right after.
  private startClock(job: Job): void {
    const limit = job.request.timeoutMs > 0 ? Math.min(job.request.timeoutMs, MAX_TIMER_MS) : MAX_TIMER_MS;
    job.timer = setTimeout(() => this.timeOut(job), limit);
    this.memoryWatch ??= setInterval(() => this.watchMemory(), MEMORY_CHECK_INTERVAL_MS).unref();
  }

  /**
   * V8 limits a worker's heap but not the ArrayBuffers it allocates, and a running worker cannot
   * be asked how much it holds. So while code runs, the process's resident memory is sampled;
   * a job during which it grew by more than the worker's heap and off-heap limits together is
   * stopped. The sample is process-wide: concurrent jobs that were running during the growth
   * are all stopped. Code that returns before the next sample is covered by the worker's own
   * check after each run (codeWorker.ts).
   */
  private watchMemory(): void {
    let running = 0;
    const rss = process.memoryUsage.rss();
    const allowed = 2 * this.memoryLimitMb * MB;
    for (const worker of [...this.workers]) {
      const job = worker.job;
      if (!job || job.done || !job.timer) continue;
      running++;
      if (job.rssBaseline === undefined) job.rssBaseline = rss;
      else if (rss - job.rssBaseline > allowed) this.outOfMemory(worker, job, rss - job.rssBaseline);
    }
    if (running === 0) {
      clearInterval(this.memoryWatch);
      this.memoryWatch = undefined;
    }
  }

  private outOfMemory(worker: PooledWorker, job: Job, grownBytes: number): void {
    const limit = this.memoryLimitMb;
    this.fail(
      job,
      new NodeError(
        `The code used too much memory: the process grew by ${Math.round(grownBytes / MB)} MB while it ran, past its limit of ` +
          `${limit} MB for the JavaScript heap plus ${limit} MB outside it (ArrayBuffers, typed arrays) (memoryLimitMb); it was stopped.`,
        { code: 'CODE_MEMORY', field: 'code' },
      ),
    );
    this.retire(worker, true);
  }

  private timeOut(job: Job): void {
    this.fail(job, new TimeoutError(`The code did not finish within its time limit of ${job.request.timeoutMs} ms (timeoutMs); it was stopped.`));
    if (job.worker) this.retire(job.worker, true);
  }

  private cancel(job: Job): void {
    if (job.done) return;
    this.fail(job, new CancelledError());
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (job.worker) this.retire(job.worker, true);
  }

  private onReply(worker: PooledWorker, reply: WorkerReply): void {
    if (reply.type === 'ready') {
      worker.ready = true;
      // from now on the clock of its request keeps the process alive (see startClock)
      worker.thread.unref();
      if (worker.job && !worker.job.timer && !worker.job.done) this.startClock(worker.job);
      return;
    }
    const job = worker.job;
    if (worker.retired || !job || job.id !== reply.id || job.done) return;
    if (reply.type === 'log') {
      try {
        job.request.log(reply.level, reply.message);
      } catch {
        // a listener that throws must not break the pool
      }
      return;
    }
    if (reply.type === 'result') this.succeed(job, reply.value);
    else this.fail(job, toNodeError(reply.failure));
    // the worker holds more memory outside its heap than allowed: replaced before anyone reuses it
    if (reply.recycle) this.retire(worker, true);
    else this.release(worker);
  }

  private release(worker: PooledWorker): void {
    worker.job = undefined;
    if (worker.retired) return;
    const next = this.queue.shift();
    if (next) this.dispatch(worker, next);
    else this.idle.push(worker);
  }

  private spawn(): PooledWorker {
    this.entry ??= locateCodeWorker();
    const workerData: CodeWorkerData = {
      idleSpinMicros: this.options.idleSpinMicros ?? DEFAULT_IDLE_SPIN_MICROS,
      offHeapLimitBytes: this.memoryLimitMb * MB,
    };
    const settings = { workerData, resourceLimits: { maxOldGenerationSizeMb: this.memoryLimitMb } };
    const thread = this.entry.kind === 'file' ? new Worker(this.entry.path, settings) : new Worker(this.entry.source, { ...settings, eval: true });
    const worker: PooledWorker = { thread, ready: false, retired: false };
    thread.on('message', (reply: WorkerReply) => this.onReply(worker, reply));
    thread.on('messageerror', (error) => this.onUnreadableReply(worker, error));
    thread.on('error', (error) => this.onLost(worker, messageOf(error)));
    thread.on('exit', (exitCode) => this.onLost(worker, `it exited with code ${exitCode}`));
    this.workers.add(worker);
    return worker;
  }

  /** Stops a worker whose code overran or was cancelled; `replace` starts a warm successor. */
  private retire(worker: PooledWorker, replace: boolean): void {
    if (worker.retired) return;
    this.forget(worker);
    const termination = terminateSurely(worker.thread);
    this.terminations.add(termination);
    void termination.finally(() => this.terminations.delete(termination));
    if (this.disposed) return;
    if (this.queue.length > 0) this.fillFromQueue();
    else if (replace) this.tryWarmSpare();
  }

  // A crash is not replaced eagerly: a worker that cannot start would otherwise restart forever.
  private onLost(worker: PooledWorker, reason: string): void {
    if (worker.retired) return;
    const job = worker.job;
    this.forget(worker);
    if (job) this.fail(job, new NodeError(`The code worker stopped unexpectedly: ${reason}${heapLimitNote(reason, this.memoryLimitMb)}`, { code: 'CODE_CRASH', field: 'code' }));
    if (!this.disposed) this.fillFromQueue();
  }

  private onUnreadableReply(worker: PooledWorker, error: unknown): void {
    const job = worker.job;
    if (worker.retired || !job || job.done) return;
    this.fail(job, new NodeError(`The code's result could not be read: ${messageOf(error)}`, { code: 'CODE_RESULT', field: 'code' }));
    this.release(worker);
  }

  private forget(worker: PooledWorker): void {
    worker.retired = true;
    worker.job = undefined;
    this.workers.delete(worker);
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
  }

  private fillFromQueue(): void {
    while (this.queue.length > 0 && (this.idle.length > 0 || this.workers.size < this.size)) {
      const job = this.queue.shift() as Job;
      this.assign(job);
    }
  }

  private tryWarmSpare(): void {
    try {
      if (this.workers.size < this.size) this.idle.push(this.spawn());
    } catch {
      // the next request reports why a worker cannot start
    }
  }

  private succeed(job: Job, value: unknown): void {
    if (this.close(job)) job.resolve(value);
  }

  private fail(job: Job, error: Error): void {
    if (this.close(job)) job.reject(error);
  }

  private close(job: Job): boolean {
    if (job.done) return false;
    job.done = true;
    clearTimeout(job.timer);
    job.request.signal.removeEventListener('abort', job.onAbort);
    return true;
  }
}

/**
 * `worker.terminate()`, repeated until the thread has stopped. On Node 20 a termination that
 * lands while the worker compiles the code it was just sent can be lost: the worker then runs
 * the code (say `while (true) {}`) and the first call's promise never settles, which hung
 * `dispose`. Every further call asks V8 to terminate again.
 */
function terminateSurely(thread: Worker): Promise<unknown> {
  const stopped = thread.terminate().catch(() => undefined);
  const retry = setInterval(() => void thread.terminate().catch(() => undefined), TERMINATE_RETRY_MS).unref();
  return stopped.finally(() => clearInterval(retry));
}

/**
 * The `$node` to send. Every earlier output would be cloned into every code node, the largest
 * cost of a long workflow, while most code never reads `$node`: code that does not mention it
 * gets an empty object. Inside loop bodies the engine's view inherits outer outputs through its
 * prototype, which structured cloning drops, so inherited keys are copied in.
 */
function nodeOutputsFor(code: string, outputs: Record<string, unknown>): Record<string, unknown> {
  if (!code.includes('$node')) return {};
  const prototype: unknown = Object.getPrototypeOf(outputs);
  if (prototype === Object.prototype || prototype === null) return outputs;
  const flat: Record<string, unknown> = {};
  for (const key in outputs) flat[key] = outputs[key];
  return flat;
}

// Node reports a worker over its heap limit as "ERR_WORKER_OUT_OF_MEMORY … JS heap out of memory"
function heapLimitNote(reason: string, limitMb: number): string {
  return /out of memory|memory limit/i.test(reason) ? ` (the JavaScript heap limit is ${limitMb} MB: memoryLimitMb)` : '';
}

function toNodeError(failure: CodeFailure): NodeError {
  const data = failure.line === undefined ? undefined : { line: failure.line, column: failure.column };
  return new NodeError(failure.message, { code: failure.code, field: 'code', data });
}
