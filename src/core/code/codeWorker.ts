/**
 * Entry of a code worker thread (bundled as dist/codeWorker.js). It runs one request at a
 * time in its sandbox and replies; the main thread's CodeRunner owns time limits and
 * cancellation and simply terminates this thread when either strikes.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { CodeFailure, CodeWorkerData, RunCodeMessage, WorkerReply } from './protocol';
import { createSandbox, describeThrown, type SandboxOutcome } from './sandbox';

if (!parentPort) throw new Error('codeWorker.ts must be started as a worker thread by the code runner');
const port: MessagePort = parentPort;
const settings = (workerData as Partial<CodeWorkerData> | undefined) ?? {};
const idleSpinMs = Math.max(0, settings.idleSpinMicros ?? 0) / 1000;
const offHeapLimitBytes = settings.offHeapLimitBytes ?? Infinity;

// A console.log in a loop must not flood the engine, the store and the output channel.
const MAX_LOG_LINES_PER_RUN = 1000;

/** Id of the request being run; console lines are attributed to it. */
let activeId: number | undefined;
let logLines = 0;

const sandbox = createSandbox((level, message) => {
  if (activeId === undefined || logLines > MAX_LOG_LINES_PER_RUN) return;
  logLines++;
  if (logLines <= MAX_LOG_LINES_PER_RUN) send({ type: 'log', id: activeId, level, message });
  else send({ type: 'log', id: activeId, level: 'warn', message: `The code logged more than ${MAX_LOG_LINES_PER_RUN} lines; the rest of this run's console output is dropped.` });
});

// A promise the code created and nobody awaited must not kill the thread (Node's default is to
// throw). It is not reported either: back-to-back requests run within one microtask checkpoint
// (see awaitNextRequestAwake), so Node would report it while a later request is running, and
// the warning would land in the wrong node's log.
process.on('unhandledRejection', () => undefined);

port.on('message', (request: RunCodeMessage) => start(request));
send({ type: 'ready' });

function start(request: RunCodeMessage): void {
  activeId = request.id;
  logLines = 0;
  sandbox.run(request, (outcome) => finish(request.id, outcome));
}

function finish(id: number, outcome: SandboxOutcome): void {
  // Buffers kept in a realm's globals (or not yet collected) outlive the run: past the limit
  // the worker asks to be replaced, the one way to give that memory back at once.
  const recycle = v8.getHeapStatistics().external_memory > offHeapLimitBytes ? true : undefined;
  if (outcome.ok) {
    try {
      port.postMessage({ type: 'result', id, value: outcome.value, recycle } satisfies WorkerReply);
    } catch (error) {
      send({ type: 'failure', id, failure: unclonableResult(error), recycle });
    }
  } else {
    send({ type: 'failure', id, failure: outcome.failure, recycle });
  }
  activeId = undefined;
  if (recycle) return;
  // A microtask: `finish` may run inside `start` (a syntax error), and requests picked up by the
  // poll must not pile up on the stack. Not setImmediate: a turn of the event loop first was
  // measurably slower.
  if (idleSpinMs > 0) queueMicrotask(awaitNextRequestAwake);
}

// Waking a sleeping thread costs 100–250 µs on virtualised CPUs (measured on the build
// machine), several times the cost of the run itself. Engines call code nodes back to back, so
// a worker that has just replied polls its port for a short while before it goes back to
// sleep in the event loop. Bounded by `idleSpinMicros` per request, and only when idle.
function awaitNextRequestAwake(): void {
  if (activeId !== undefined) return;
  const deadline = performance.now() + idleSpinMs;
  do {
    const next = receiveMessageOnPort(port);
    if (next) return start(next.message as RunCodeMessage);
  } while (performance.now() < deadline);
}

function unclonableResult(error: unknown): CodeFailure {
  const reason = (error instanceof Error ? error.message : describeThrown(error).message).replace(/\.?$/, '.');
  return {
    code: 'CODE_RESULT',
    message:
      `The code returned a value that cannot be passed on: ${reason} ` +
      'Return plain data (objects, arrays, strings, numbers, booleans, null); functions and symbols cannot leave the sandbox.',
  };
}

function send(reply: WorkerReply): void {
  port.postMessage(reply);
}
