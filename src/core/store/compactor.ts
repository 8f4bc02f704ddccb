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

function compactOnWorker(request: CompactionRequest, workerEntry: WorkerEntry): Promise<CompactionResult> {
  return new Promise((resolve, reject) => {
    const worker =
      workerEntry.kind === 'file' ? new Worker(workerEntry.path) : new Worker(workerEntry.source, { eval: true });
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
      void worker.terminate();
    };
    worker.once('message', (reply: CompactionReply) => finish(() => {
      try {
        resolve(fromReply(reply));
      } catch (error) {
        reject(error);
      }
    }));
    worker.once('error', (error) => finish(() => reject(error)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the snapshot worker stopped (exit code ${code})`))));
    worker.postMessage(request);
  });
}

/**
 * Compacts the store at `request.dbPath`; the caller holds the lock. `inline` forces the
 * current thread (tests, or an installation without the worker file).
 */
export async function runCompaction(request: CompactionRequest, inline = false): Promise<CompactionResult> {
  if (!inline && workerAvailable()) return compactOnWorker(request, entry!);
  return compact(request);
}
