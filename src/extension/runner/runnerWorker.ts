/**
 * The runner worker (bundled as dist/runnerWorker.js): runs one execution with the core engine
 * off the extension host's thread, so that a node that never yields cannot freeze VS Code — the
 * host can always terminate this thread. Events go to the host as they happen; secrets are asked
 * from the host, which alone can read VS Code's SecretStorage.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { runWorkflow } from '../../core/engine/engine';
import { sharedCodeRunner, disposeSharedCodeRunner } from '../../core/code/codeRunner';
import { CancelledError } from '../../core/errors';
import type { SecretProvider } from '../../core/engine/runtime';
import type { HostMessage, RunJob, WorkerMessage } from './protocol';
import { postCloneable } from './cloneable';

/** Asks the host for secrets; each request is answered by a `secret` message with its id. */
function hostSecrets(post: (message: WorkerMessage) => void): SecretProvider & { answer(requestId: number, value: string | undefined): void } {
  const pending = new Map<number, (value: string | undefined) => void>();
  let nextId = 1;
  return {
    get: (name) =>
      new Promise<string | undefined>((resolve) => {
        const requestId = nextId++;
        pending.set(requestId, resolve);
        post({ type: 'secret', requestId, name });
      }),
    answer(requestId, value) {
      pending.get(requestId)?.(value);
      pending.delete(requestId);
    },
  };
}

async function main(port: MessagePort, job: RunJob): Promise<void> {
  const post = (message: WorkerMessage) => postCloneable((m: WorkerMessage) => port.postMessage(m), message);
  const controller = new AbortController();
  const secrets = hostSecrets(post);
  port.on('message', (message: HostMessage) => {
    if (message.type === 'cancel') controller.abort(new CancelledError('the execution was cancelled'));
    else if (message.type === 'secret') secrets.answer(message.requestId, message.value);
  });
  const runner = sharedCodeRunner();
  try {
    const result = await runWorkflow(job.workflow, {
      executionId: job.executionId,
      input: job.input,
      trigger: job.trigger,
      triggerNodeId: job.triggerNodeId,
      timeoutMs: job.timeoutMs,
      signal: controller.signal,
      filePath: job.filePath,
      workspaceRoot: job.workspaceRoot,
      allowOutsideWorkspace: job.allowOutsideWorkspace,
      runCode: (request) => runner.run(request),
      secrets,
      listeners: [(event) => post({ type: 'event', event })],
    });
    post({ type: 'done', result });
  } finally {
    // Idle code workers would otherwise keep this thread alive.
    await disposeSharedCodeRunner();
    port.close();
  }
}

if (!parentPort) throw new Error('runnerWorker must run as a worker thread');
void main(parentPort, workerData as RunJob);
