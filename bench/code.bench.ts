/**
 * Micro-benchmark of the code runner: µs per `code.javascript`-sized request (small input and
 * output), 1,000 in sequence and 1,000 with 4 in flight, after a warm-up.
 *
 *   npx tsx bench/code.bench.ts              worker from TypeScript sources (through tsx)
 *   npx tsx bench/code.bench.ts --bundled    worker from dist/codeWorker.js (run the build first)
 *   npx tsx bench/code.bench.ts --spin=0     another idleSpinMicros (default: the runner's)
 *
 * Then the same in sequence with a new execution id per request (a new realm each, the cost of
 * execution isolation), and a workflow of 1,000 chained code.javascript nodes through the
 * engine: µs per node.
 *
 * It also times a bare echo worker (same payload, same idle spin, no sandbox, no pool) in the
 * same rounds: the floor of a worker round trip on this machine at this moment, which moves a
 * lot with the load of other processes.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createCodeRunner, type CodeRunner } from '../src/core/code/codeRunner';
import type { CodeRequest } from '../src/core/nodes/definition';
import { runWorkflow } from '../src/core/engine/engine';
import type { Workflow } from '../src/core/model/workflow';

const REQUESTS = 1000;
const ROUNDS = 5;

const spinArgument = process.argv.find((arg) => arg.startsWith('--spin='));
const idleSpinMicros = spinArgument ? Number(spinArgument.slice('--spin='.length)) : undefined;
const runner = createCodeRunner({
  idleSpinMicros,
  entry: process.argv.includes('--bundled') ? { kind: 'file', path: join(__dirname, '..', 'dist', 'codeWorker.js') } : undefined,
});

// Each execution gets its own realm (sandbox.ts): `freshExecutions` gives every request a new
// one, which measures a realm's cost; otherwise all requests share the execution "bench".
function request(i: number, freshExecutions = false): CodeRequest {
  return {
    code: 'return { sku: $input.sku, total: $input.price * $input.quantity, tag: $vars.TAG };',
    input: { sku: `A-${i}`, price: 2.5, quantity: i },
    vars: { TAG: 'bench' },
    node: {},
    execution: { id: freshExecutions ? `bench-${i}` : 'bench', started: '2024-01-01T00:00:00.000Z' },
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    log: () => undefined,
  };
}

// The smallest thing that does a round trip like the runner's worker: echo, then poll a while.
const ECHO_WORKER = `
const { parentPort, receiveMessageOnPort, workerData } = require('node:worker_threads');
const reply = (m) => { parentPort.postMessage({ type: 'result', id: m.id, value: m.input }); queueMicrotask(poll); };
const poll = () => { const end = performance.now() + workerData / 1000; do { const n = receiveMessageOnPort(parentPort); if (n) return reply(n.message); } while (performance.now() < end); };
parentPort.on('message', reply);`;

function echoRunner(): CodeRunner {
  const worker = new Worker(ECHO_WORKER, { eval: true, workerData: idleSpinMicros ?? 200 });
  let pending: ((value: unknown) => void) | undefined;
  worker.on('message', (reply: { value: unknown }) => pending?.(reply.value));
  return {
    run: ({ code, input, vars, node, execution }) =>
      new Promise((resolve) => {
        pending = resolve;
        worker.postMessage({ id: 1, code, input, vars, node, execution });
      }),
    dispose: async () => void (await worker.terminate()),
    stats: () => ({ workers: 1, busy: 0, queued: 0 }),
  };
}

async function sequential(pool: CodeRunner, freshExecutions = false): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < REQUESTS; i++) await pool.run(request(i, freshExecutions));
  return ((performance.now() - start) * 1000) / REQUESTS;
}

async function concurrent(pool: CodeRunner, inFlight: number): Promise<number> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < REQUESTS) await pool.run(request(next++));
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  return ((performance.now() - start) * 1000) / REQUESTS;
}

const chain: Workflow = {
  formatVersion: 1,
  name: 'code chain',
  nodes: Array.from({ length: REQUESTS }, (_, i) => ({
    id: `n${i}`,
    type: 'code.javascript',
    name: `n${i}`,
    position: { x: i * 200, y: 0 },
    config: { code: 'return { sku: $input.sku, n: $input.n + 1 };' },
  })),
  edges: Array.from({ length: REQUESTS - 1 }, (_, i) => ({ id: `e${i}`, source: `n${i}`, target: `n${i + 1}` })),
};

async function engineChain(pool: CodeRunner): Promise<number> {
  const start = performance.now();
  const result = await runWorkflow(chain, { input: { sku: 'A', n: 0 }, runCode: (r) => pool.run(r) });
  if (result.status !== 'success') throw new Error(`chain failed: ${JSON.stringify(result.error)}`);
  return ((performance.now() - start) * 1000) / REQUESTS;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} µs/request (rounds: ${samples.map((s) => s.toFixed(1)).join(', ')})`;
}

async function main(): Promise<void> {
  // start both workers and let V8 optimise both sides
  const echo = echoRunner();
  await concurrent(runner, 4);
  await sequential(runner);
  await sequential(echo);
  const inSequence: number[] = [];
  const withFour: number[] = [];
  const floor: number[] = [];
  const freshRealms: number[] = [];
  const inEngine: number[] = [];
  await engineChain(runner);
  for (let round = 0; round < ROUNDS; round++) {
    inSequence.push(await sequential(runner));
    freshRealms.push(await sequential(runner, true));
    withFour.push(await concurrent(runner, 4));
    inEngine.push(await engineChain(runner));
    floor.push(await sequential(echo));
  }
  console.log(`code runner, ${REQUESTS} requests per round, pool of ${runner.stats().workers}`);
  console.log(`  sequential:          ${summary(inSequence)}`);
  console.log(`  sequential, each request a new execution: ${summary(freshRealms)}`);
  console.log(`  concurrency 4:       ${summary(withFour)}`);
  console.log(`  engine, node chain:  ${summary(inEngine).replace('request', 'node')}`);
  console.log(`  bare echo (floor):   ${summary(floor)}`);
  await Promise.all([runner.dispose(), echo.dispose()]);
}

void main();
