/**
 * Entry of the worker thread that writes snapshots (bundled as dist/storeWorker.js). Loading
 * the database, replaying journals and sql.js's synchronous `export()` all happen here, so the
 * thread that records runs (the extension host, the CLI) never stalls on them.
 *
 * The worker lives on between compactions (see compactor.ts) and answers requests one at a
 * time, in order. It keeps the database it last wrote (CompactionCache) and uses it again while
 * the file on disk is still that one; otherwise it loads the file afresh.
 */
import { parentPort } from 'node:worker_threads';
import { compact, CompactionCache } from './compaction';
import { StoreError, StoreVersionError } from './errors';
import type { CompactionReply, WorkerRequest } from './compactor';

const port = parentPort;
if (port) {
  const cache = new CompactionCache();
  let queue: Promise<void> = Promise.resolve();
  port.on('message', ({ id, request }: WorkerRequest) => {
    queue = queue.then(() =>
      compact(request, cache).then(
        (result) => port.postMessage({ id, reply: { ok: true, result } satisfies CompactionReply }),
        (error: unknown) => {
          cache.clear();
          const reply: CompactionReply = {
            ok: false,
            message: error instanceof Error ? error.message : String(error),
            code: error instanceof StoreError ? error.code : undefined,
            version: error instanceof StoreVersionError ? { path: error.path, found: error.foundVersion, known: error.knownVersion } : undefined,
          };
          port.postMessage({ id, reply });
        },
      ),
    );
  });
}
