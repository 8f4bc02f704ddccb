/**
 * Runs a compaction on a worker thread when one can be started, inline otherwise. In the
 * bundle the worker is dist/storeWorker.js (built from snapshotWorker.ts); under tsx (tests,
 * bench) the TypeScript source is loaded through tsx's require hook.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { compact, type CompactionRequest, type CompactionResult } from './compaction';
import { StoreError, StoreVersionError, type StoreErrorCode } from './errors';

/** Message from the snapshot worker. */
export type CompactionReply =
  | { ok: true; result: CompactionResult }
  | { ok: false; message: string; code?: StoreErrorCode; version?: { path: string; found: number; known: number } };

/** How a worker can be started here, if at all. */
type WorkerEntry = { kind: 'file'; path: string } | { kind: 'eval'; source: string };

let entry: WorkerEntry | null | undefined;

function findWorkerEntry(): WorkerEntry | null {
  const bundled = join(__dirname, 'storeWorker.js');
  if (existsSync(bundled)) return { kind: 'file', path: bundled };
  const source = join(__dirname, 'snapshotWorker.ts');
  if (!existsSync(source)) return null;
  try {
    // built from parts so that esbuild leaves it alone
    const tsxHook = require.resolve(['tsx', 'cjs'].join('/'));
    return { kind: 'eval', source: `require(${JSON.stringify(tsxHook)}); require(${JSON.stringify(source)});` };
  } catch {
    return null;
  }
}

/** True when compaction can run off the calling thread in this installation. */
export function workerAvailable(): boolean {
  entry ??= findWorkerEntry();
  return entry !== null;
}

function fromReply(reply: CompactionReply): CompactionResult {
  if (reply.ok) return reply.result;
  if (reply.version) throw new StoreVersionError(reply.version.path, reply.version.found, reply.version.known);
  if (reply.code) throw new StoreError(reply.code, reply.message);
  throw new Error(reply.message);
}

/** A request to the snapshot worker, and its answer. */
export interface WorkerRequest {
  id: number;
  request: CompactionRequest;
}
export interface WorkerAnswer {
  id: number;
  reply: CompactionReply;
}

/** Terminate an idle worker after this long, releasing the database it keeps. */
const IDLE_MS = 30_000;

/**
 * One snapshot worker kept between compactions: starting one costs a module compile (~60 ms)
 * and, without the database it keeps, a reload of the snapshot. Requests run one at a time.
 * The worker holds the process open only while a request is running (unref'd when idle), is
 * terminated after IDLE_MS idle or by `close()`, and a worker that fails or exits is dropped
 * with its requests rejected; the next request starts a new one.
 */
export class SnapshotWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: CompactionResult) => void; reject: (error: unknown) => void }>();
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly workerEntry: WorkerEntry) {}

  run(request: CompactionRequest): Promise<CompactionResult> {
    const result = this.queue.then(() => this.send(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private send(request: CompactionRequest): Promise<CompactionResult> {
    if (this.closed) return Promise.reject(new Error('the snapshot worker was closed'));
    clearTimeout(this.idleTimer);
    const worker = this.ensureWorker();
    const id = this.nextId++;
    worker.ref();
    return new Promise<CompactionResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, request } satisfies WorkerRequest);
    }).finally(() => {
      if (this.worker !== worker || this.pending.size > 0) return;
      worker.unref();
      this.idleTimer = setTimeout(() => this.stop(worker), IDLE_MS);
      this.idleTimer.unref();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const entry = this.workerEntry;
    const worker = entry.kind === 'file' ? new Worker(entry.path) : new Worker(entry.source, { eval: true });
    this.worker = worker;
    worker.on('message', ({ id, reply }: WorkerAnswer) => {
      const waiter = this.pending.get(id);
      if (!waiter) return;
      this.pending.delete(id);
      try {
        waiter.resolve(fromReply(reply));
      } catch (error) {
        waiter.reject(error);
      }
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const waiters = [...this.pending.values()];
      this.pending.clear();
      for (const waiter of waiters) waiter.reject(error);
      void worker.terminate();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the snapshot worker stopped (exit code ${code})`)));
    return worker;
  }

  private stop(worker: Worker): void {
    if (this.worker !== worker || this.pending.size > 0) return;
    this.worker = undefined;
    void worker.terminate();
  }

  /** Terminates the worker once the requests already made have been answered. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

/** Creates the worker that runs compactions for one store, or undefined when none can be started here. */
export function createSnapshotWorker(): SnapshotWorker | undefined {
  return workerAvailable() ? new SnapshotWorker(entry!) : undefined;
}

/**
 * Compacts the store at `request.dbPath`; the caller holds the lock. `inline` forces the
 * current thread (tests, or an installation without the worker file). Without `worker` a
 * worker is started for this one compaction.
 */
export async function runCompaction(request: CompactionRequest, inline = false, worker?: SnapshotWorker): Promise<CompactionResult> {
  if (inline || !workerAvailable()) return compact(request);
  if (worker) return worker.run(request);
  const once = new SnapshotWorker(entry!);
  try {
    return await once.run(request);
  } finally {
    await once.close();
  }
}
