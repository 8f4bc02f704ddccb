/**
 * Entry of the worker thread that writes snapshots (bundled as dist/storeWorker.js). Loading
 * the database, replaying journals and sql.js's synchronous `export()` all happen here, so the
 * thread that records runs (the extension host, the CLI) never stalls on them.
 */
import { parentPort } from 'node:worker_threads';
import { compact, type CompactionRequest } from './compaction';
import { StoreError, StoreVersionError } from './errors';
import type { CompactionReply } from './compactor';

const port = parentPort;
if (port) {
  port.once('message', (request: CompactionRequest) => {
    compact(request).then(
      (result) => port.postMessage({ ok: true, result } satisfies CompactionReply),
      (error: unknown) => {
        const reply: CompactionReply = {
          ok: false,
          message: error instanceof Error ? error.message : String(error),
          code: error instanceof StoreError ? error.code : undefined,
          version: error instanceof StoreVersionError ? { path: error.path, found: error.foundVersion, known: error.knownVersion } : undefined,
        };
        port.postMessage(reply);
      },
    );
  });
}
