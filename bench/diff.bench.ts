/**
 * Diff benchmark (`npm run bench:diff`): `workflow diff a b` of two versions of a 1,000-node
 * workflow, whole command in process (read both files, check their syntax and format, diff,
 * print), and the core `diffWorkflows` alone. Version b changes a config field of 100 nodes,
 * removes 20, adds 20 (with their edges) and moves every node.
 *
 * Target (issue 13): under 100 ms, judged on the median of the timed runs (after warm-up); the
 * slowest run is reported too (on a loaded VM it measures the load). Writes bench/results/diff.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main';
import type { CliIo } from '../src/cli/command';
import { diffWorkflows } from '../src/core/graph/diff';
import { serializeWorkflow } from '../src/core/model/serialize';
import type { Workflow, WorkflowNode } from '../src/core/model/workflow';

const NODES = Number(process.env.BENCH_NODES ?? 1000);
const RUNS = 30;
const WARMUP = 5;

function node(i: number): WorkflowNode {
  if (i === 0) return { id: 'n0', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} };
  return i % 3 === 0
    ? { id: `n${i}`, type: 'http.request', name: `Fetch ${i}`, position: { x: i * 240, y: (i % 7) * 80 }, config: { url: `https://api.example.com/items/${i}`, method: 'GET', headers: { Accept: 'application/json', 'X-Trace': `t${i}` } } }
    : { id: `n${i}`, type: 'data.set', name: `Set ${i}`, position: { x: i * 240, y: (i % 7) * 80 }, config: { values: { index: i, label: `{{ $json.label }}-${i}`, tags: ['a', 'b', String(i)] } } };
}

function versionA(): Workflow {
  const nodes = Array.from({ length: NODES }, (_, i) => node(i));
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: nodes[i].id, target: n.id }));
  return { formatVersion: 1, name: 'Big', variables: { LIMIT: 10 }, settings: { concurrency: 4 }, nodes, edges };
}

function versionB(a: Workflow): Workflow {
  const b = structuredClone(a);
  for (const n of b.nodes) n.position = { x: n.position.x + 16, y: n.position.y + 8 };
  for (let i = 5; i < NODES; i += Math.floor(NODES / 100)) {
    const n = b.nodes[i];
    if (n.type === 'http.request') n.config.url = `${String(n.config.url)}?v=2`;
    else (n.config.values as Record<string, unknown>).index = -i;
  }
  const removed = new Set(b.nodes.slice(-20).map((n) => n.id));
  b.nodes = b.nodes.filter((n) => !removed.has(n.id));
  b.edges = b.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target));
  for (let k = 0; k < 20; k++) {
    b.nodes.push({ id: `new${k}`, type: 'util.log', name: `Log ${k}`, position: { x: k * 100, y: 900 }, config: { message: `step ${k}` } });
    b.edges.push({ id: `enew${k}`, source: `n${k * 10 + 1}`, target: `new${k}` });
  }
  b.variables = { LIMIT: 20 };
  return b;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((x, y) => x - y);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], maxMs: sorted[sorted.length - 1] };
}

async function measure(body: () => Promise<void> | void): Promise<{ medianMs: number; maxMs: number }> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    await body();
    if (i >= WARMUP) samples.push(performance.now() - t0);
  }
  return stats(samples);
}

async function benchmark(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-diff-bench-'));
  try {
    const a = versionA();
    const b = versionB(a);
    const textA = serializeWorkflow(a);
    const textB = serializeWorkflow(b);
    writeFileSync(join(dir, 'a.workflow.json'), textA);
    writeFileSync(join(dir, 'b.workflow.json'), textB);
    let printed = 0;
    let exitCode = -1;
    const io: CliIo = { stdout: (t) => void (printed += t.length), stderr: (t) => process.stderr.write(t), cwd: dir, env: {}, isTty: false };
    const command = await measure(async () => {
      exitCode = await main(['diff', 'a.workflow.json', 'b.workflow.json'], io);
    });
    if (exitCode !== 1) throw new Error(`workflow diff exited ${exitCode}, expected 1 (the versions differ)`);
    const json = await measure(async () => {
      await main(['diff', 'a.workflow.json', 'b.workflow.json', '--json'], io);
    });
    const core = await measure(() => void diffWorkflows(a, b));
    const results = {
      nodes: NODES,
      fileBytes: textA.length,
      runs: RUNS,
      command,
      commandJson: json,
      coreDiff: core,
      targetMs: 100,
      pass: command.medianMs < 100 && json.medianMs < 100,
    };
    const rows: [string, { medianMs: number; maxMs: number }][] = [
      ['workflow diff a b (text)', command],
      ['workflow diff a b --json', json],
      ['diffWorkflows (core only)', core],
    ];
    process.stdout.write(`workflow diff of two ${NODES}-node versions (${(textA.length / 1024).toFixed(0)} KiB each), ${RUNS} runs after ${WARMUP} warm-up\n`);
    for (const [name, s] of rows) process.stdout.write(`  ${name.padEnd(28)} median ${s.medianMs.toFixed(1).padStart(6)} ms   max ${s.maxMs.toFixed(1).padStart(6)} ms\n`);
    process.stdout.write(`target < 100 ms (median): ${results.pass ? 'met' : 'MISSED'}\n`);
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'diff.json'), JSON.stringify(results, null, 2) + '\n');
    if (!results.pass) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void benchmark();
