/**
 * Engine benchmark (`npm run bench`): per-node overhead of the in-process engine.
 *
 *   chain N       N data.set nodes in a line (N = 10, 100, 1,000, 10,000)
 *   fan 1000      a trigger fanning out to 1,000 data.set nodes, merged by one flow.merge
 *   secret 1000   the chain of 1,000 with a secret in the data: every event is redacted
 *   secret 1 MB   a chain of 100 carrying 1 MB of input, with and without a secret named
 *   code 1000     a chain of 1,000 code.javascript nodes (worker-thread isolation)
 *   cli 1000      `workflow run` of a 1,000-node chain as a child process, recording included
 *
 * Each in-process case runs a warm-up, then the median of several runs, with one event
 * listener attached (as the CLI and the store have). Results go to stdout as a table and to
 * bench/results/engine.json.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { serializeWorkflow } from '../src/core/model/serialize';
import { runWorkflow, type RunOptions } from '../src/core/engine/engine';
import type { Workflow, WorkflowNode, WorkflowEdge } from '../src/core/model/workflow';
import type { ExecutionEvent } from '../src/core/engine/events';

function chain(n: number, type = 'data.set', config: (i: number) => Record<string, unknown> = (i) => ({ values: { step: i } })): Workflow {
  const nodes: WorkflowNode[] = [];
  const edges: WorkflowEdge[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `n${i}`, type, name: `Node ${i}`, position: { x: i * 200, y: 0 }, config: config(i) });
    if (i > 0) edges.push({ id: `e${i}`, source: `n${i - 1}`, target: `n${i}` });
  }
  return { formatVersion: 1, name: `chain-${n}`, nodes, edges };
}

function fan(n: number): Workflow {
  const nodes: WorkflowNode[] = [{ id: 'start', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} }];
  const edges: WorkflowEdge[] = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `b${i}`, type: 'data.set', name: `Branch ${i}`, position: { x: 200, y: i * 100 }, config: { values: { i } } });
    edges.push({ id: `s${i}`, source: 'start', target: `b${i}` }, { id: `m${i}`, source: `b${i}`, target: 'merge' });
  }
  nodes.push({ id: 'merge', type: 'flow.merge', name: 'Merge', position: { x: 400, y: 0 }, config: { mode: 'array' } });
  return { formatVersion: 1, name: `fan-${n}`, nodes, edges, settings: { concurrency: 8 } };
}

async function median(runs: number, once: () => Promise<number>): Promise<number> {
  await once(); // warm-up: JIT, plan and config caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function timeRun(workflow: Workflow, options: RunOptions = {}): Promise<number> {
  let events = 0;
  const listener = (e: ExecutionEvent) => void (events += e.type.length > 0 ? 1 : 0);
  const t0 = performance.now();
  const result = await runWorkflow(workflow, { input: { seed: 1 }, listeners: [listener], ...options });
  if (options.secrets && JSON.stringify(result.output).includes('bench-secret')) throw new Error(`${workflow.name}: the secret was not redacted`);
  const ms = performance.now() - t0;
  if (result.status !== 'success') throw new Error(`${workflow.name}: ${result.status} ${result.error?.message}`);
  return ms;
}

interface Row {
  case: string;
  nodes: number;
  totalMs: number;
  perNodeUs: number;
  target?: string;
}

export async function main(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of [10, 100, 1_000, 10_000]) {
    const wf = chain(n);
    const ms = await median(n >= 10_000 ? 7 : 15, () => timeRun(wf));
    rows.push({ case: `chain data.set ×${n}`, nodes: n, totalMs: ms, perNodeUs: (ms * 1000) / n, target: n === 10_000 ? '< 2 µs/node' : undefined });
  }
  const fanWf = fan(1000);
  const fanMs = await median(9, () => timeRun(fanWf));
  rows.push({ case: 'fan-out/fan-in ×1000', nodes: 1002, totalMs: fanMs, perNodeUs: (fanMs * 1000) / 1002 });

  // Expressions pay for their limits (a hook per evaluation step, see expressions/limits.ts).
  const exprWf = chain(1000, 'data.set', () => ({ values: { step: '{{ $input.step + 1 }}', label: 'n={{ $uppercase($string(step)) }}' } }));
  const exprMs = await median(9, () => timeRun(exprWf, { input: { step: 0 } }));
  rows.push({ case: 'chain data.set ×1000, 2 templates each', nodes: 1000, totalMs: exprMs, perNodeUs: (exprMs * 1000) / 1000 });

  // Redaction (docs/secrets.md): the first node copies a secret into the data, so every later
  // event carries it; the 1 MB case shows the cost of walking big data (shared between events).
  const secrets = { get: () => 'bench-secret-value-0123456789' };
  const withSecret = chain(1000, 'data.set', (i) => ({ values: i === 0 ? { tok: '{{ $secrets.API }}' } : { step: i } }));
  const secretMs = await median(15, () => timeRun(withSecret, { secrets }));
  rows.push({ case: 'chain data.set ×1000, secret in the data (redacted)', nodes: 1000, totalMs: secretMs, perNodeUs: (secretMs * 1000) / 1000 });
  const bigInput = { rows: Array.from({ length: 10_000 }, (_, i) => ({ id: i, name: `row ${i} `.padEnd(90, 'x') })) };
  const big = (named: boolean) => chain(100, 'data.set', (i) => ({ values: i === 0 && named ? { tok: '{{ $secrets.API }}' } : { step: i } }));
  for (const named of [false, true]) {
    const wf = big(named);
    const ms = await median(9, () => timeRun(wf, { secrets, input: bigInput }));
    rows.push({ case: `chain data.set ×100, 1 MB input, ${named ? 'secret named (redacted)' : 'no secret'}`, nodes: 100, totalMs: ms, perNodeUs: (ms * 1000) / 100 });
  }

  const { sharedCodeRunner } = await import('../src/core/code/codeRunner');
  const runner = sharedCodeRunner();
  const codeWf = chain(1000, 'code.javascript', (i) => ({ code: `return { ...$input, step: ${i} };` }));
  const codeMs = await median(5, () => timeRun(codeWf, { runCode: (r) => runner.run(r) }));
  rows.push({ case: 'chain code.javascript ×1000', nodes: 1000, totalMs: codeMs, perNodeUs: (codeMs * 1000) / 1000, target: '< 50 µs/node' });
  await runner.dispose();

  // The real CLI, as a user runs it: process start, validation, run, recording, exit.
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-'));
  const file = join(dir, 'chain-1000.workflow.json');
  writeFileSync(file, serializeWorkflow(chain(1000)));
  const bin = join(__dirname, '..', 'bin', 'workflow.js');
  const cliRuns: { wallMs: number; firstNodeMs: number }[] = [];
  for (let i = 0; i < 6; i++) {
    const spawnedAt = Date.now();
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [bin, 'run', file, '--json', '--db', join(dir, 'history.sqlite')], { encoding: 'utf8' });
    const wallMs = performance.now() - t0;
    if (child.status !== 0) throw new Error(`workflow run failed: ${child.stderr}`);
    const doc = JSON.parse(child.stdout) as { startedAt: string };
    cliRuns.push({ wallMs, firstNodeMs: Date.parse(doc.startedAt) - spawnedAt });
  }
  cliRuns.shift(); // the first run creates the database
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const cliWall = med(cliRuns.map((r) => r.wallMs));
  const cliFirst = med(cliRuns.map((r) => r.firstNodeMs));
  rows.push({ case: '`workflow run` chain ×1000 (process wall, recorded)', nodes: 1000, totalMs: cliWall, perNodeUs: (cliWall * 1000) / 1000, target: '< 1000 ms wall' });
  rows.push({ case: '`workflow run` start-up to first node', nodes: 0, totalMs: cliFirst, perNodeUs: 0, target: '< 300 ms' });

  const r10k = rows.find((r) => r.nodes === 10_000)!;
  const r1k = rows.find((r) => r.nodes === 1_000 && r.case.startsWith('chain data.set'))!;
  const ratio = r10k.totalMs / r1k.totalMs;

  console.log('\nEngine benchmark (median, one listener attached)\n');
  console.log('| case | nodes | total ms | µs / node | target |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of rows) console.log(`| ${r.case} | ${r.nodes} | ${r.totalMs.toFixed(2)} | ${r.perNodeUs.toFixed(2)} | ${r.target ?? ''} |`);
  console.log(`\nlinearity: 10k time / 1k time = ${ratio.toFixed(2)} (target ≤ 12)`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'engine.json'), JSON.stringify({ rows, linearity: ratio, node: process.version }, null, 2) + '\n');
  return rows;
}

void main();
