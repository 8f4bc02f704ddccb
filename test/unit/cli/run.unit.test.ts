import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../../src/cli/commands/run';
import { main } from '../../../src/cli/main';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { fakeIo, runBin, REPO } from './helpers';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-run-'));
  mkdirSync(join(dir, '.git')); // the workspace root marker
  return dir;
}

function write(dir: string, name: string, workflow: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof workflow === 'string' ? workflow : serializeWorkflow(workflow));
  return path;
}

const twoSteps = {
  formatVersion: 1,
  name: 'Two steps',
  variables: { RATE: 2 },
  nodes: [
    { id: 'start', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} },
    { id: 'calc', type: 'data.set', name: 'Calc', position: { x: 200, y: 0 }, config: { values: { doubled: '{{ n * $vars.RATE }}', key: '{{ $secrets.KEY }}' } } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'calc' }],
};

test('run prints progress per node and the output; --input, --var and secrets from the environment apply', async () => {
  const dir = workspace();
  write(dir, 'two.workflow.json', twoSteps);
  const { io, stdout } = fakeIo(dir, { WORKFLOW_SECRET_KEY: 'k-123' });
  const code = await runCommand.run(['two.workflow.json', '--input', '{"n": 21}', '--var', 'RATE=3', '--no-record'], io);
  assert.equal(code, 0);
  const text = stdout();
  assert.match(text, /✓ Start \(trigger\.manual\)/);
  assert.match(text, /✓ Calc \(data\.set\)/);
  assert.match(text, /success in .* · 2 nodes ran/);
  const output = JSON.parse(text.slice(text.indexOf('output:\n') + 8));
  // the secret reached the node (it is in its output) and is printed redacted (docs/secrets.md)
  assert.deepEqual(output, { n: 21, doubled: 63, key: '***' });
  assert.ok(!text.includes('k-123'));
});

test('run --json prints one parseable document with status, output and node outcomes', async () => {
  const dir = workspace();
  write(dir, 'two.workflow.json', twoSteps);
  const { io, stdout } = fakeIo(dir, { WORKFLOW_SECRET_KEY: 'x' });
  const code = await runCommand.run(['two.workflow.json', '--input', '{"n": 1}', '--json', '--no-record'], io);
  assert.equal(code, 0);
  const doc = JSON.parse(stdout());
  assert.equal(doc.status, 'success');
  assert.deepEqual(doc.output, { n: 1, doubled: 2, key: '***' });
  assert.deepEqual(doc.nodes.map((n: { nodeId: string; status: string }) => `${n.nodeId}:${n.status}`), ['start:success', 'calc:success']);
});

test('a failing node: exit 1, the error names the node and the field', async () => {
  const dir = workspace();
  write(dir, 'fail.workflow.json', { ...twoSteps, nodes: [twoSteps.nodes[0], { ...twoSteps.nodes[1], config: { values: { x: '{{ $secrets.MISSING }}' } } }] });
  const { io, stdout } = fakeIo(dir);
  const code = await runCommand.run(['fail.workflow.json', '--no-record'], io);
  assert.equal(code, 1);
  assert.match(stdout(), /error: node "Calc", field values\.x: .*secret "MISSING" is not set/);
});

test('an invalid file: exit 2, file:line:column diagnostics, nothing runs', async () => {
  const dir = workspace();
  write(dir, 'bad.workflow.json', '{\n  "formatVersion": 1,\n  "name": "Bad",\n  "nodes": [\n    { "id": "a", "type": "nope.nope", "name": "A", "position": { "x": 0, "y": 0 }, "config": {} }\n  ],\n  "edges": []\n}\n');
  const { io, stdout, stderr } = fakeIo(dir);
  const code = await runCommand.run(['bad.workflow.json', '--no-record'], io);
  assert.equal(code, 2);
  assert.match(stderr(), /^bad\.workflow\.json:5:\d+ error .*nope\.nope/m);
  assert.match(stderr(), /not a valid workflow; nothing was run/);
  assert.equal(stdout(), '');
});

test('bad arguments: exit 2 with a message, never a stack trace', async () => {
  const dir = workspace();
  write(dir, 'two.workflow.json', twoSteps);
  for (const args of [['run'], ['run', 'two.workflow.json', '--input', '{nope'], ['run', 'two.workflow.json', '--var', 'novalue'], ['run', 'two.workflow.json', '--trigger', 'ghost'], ['run', 'two.workflow.json', '--bogus'], ['run', 'missing.workflow.json']]) {
    const { io, stderr } = fakeIo(dir);
    const code = await main(args, io);
    assert.equal(code, 2, `${args.join(' ')} → ${code}: ${stderr()}`);
    assert.ok(stderr().length > 0, args.join(' '));
    assert.doesNotMatch(stderr(), /\n\s+at /, 'no stack trace');
  }
});

test('the built binary runs the demo example end to end and writes its report', async () => {
  const result = await runBin(['run', 'examples/price-alert.workflow.json', '--input', '@examples/price-alert.input.json', '--no-record']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /warn Log result: ACME is at 0\.81, above 0\.75/);
  assert.match(result.stdout, /- No alert skipped \(branch\)/);
  const report = JSON.parse(readFileSync(join(REPO, 'examples/output/ACME-report.json'), 'utf8'));
  assert.equal(report.alert, true);
  assert.equal(report.symbol, 'ACME');
});

test('the built binary runs the order pipeline (forEach, switch, sub-workflow)', async () => {
  const result = await runBin(['run', 'examples/order-pipeline.workflow.json', '--input', '@examples/order-pipeline.input.json', '--json', '--no-record']);
  assert.equal(result.code, 0, result.stderr + result.stdout);
  const doc = JSON.parse(result.stdout);
  assert.equal(doc.status, 'success');
  assert.deepEqual(doc.output, {
    orders: 4,
    revenue: 103.99,
    currency: 'EUR',
    lines: [
      { id: 'A-1', status: 'paid', total: 120 },
      { id: 'A-2', status: 'refunded', total: -40 },
      { id: 'A-3', status: 'paid', total: 23.99 },
      { id: 'A-4', status: 'pending', total: 0 },
    ],
  });
});

/**
 * Runs a one-node workflow with the built binary, sends SIGINT once its header is printed
 * (the run is under way, however slow the machine), and kills it 20 s later if it is still
 * there, so that a run that ignores SIGINT fails the test instead of hanging it.
 */
async function interruptRun(dir: string, name: string, node: Record<string, unknown>) {
  write(dir, 'interrupted.workflow.json', { formatVersion: 1, name, nodes: [{ position: { x: 0, y: 0 }, ...node }], edges: [] });
  let pid = 0;
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const pending = runBin(['run', 'interrupted.workflow.json', '--no-record'], { cwd: dir, onSpawn: (p) => (pid = p), onStdout: (text) => text.includes(`▶ ${name}`) && started() });
  await running;
  process.kill(pid, 'SIGINT');
  const killer = setTimeout(() => process.kill(pid, 'SIGKILL'), 20_000);
  const result = await pending;
  clearTimeout(killer);
  assert.equal(result.signal, null, 'the run ignored SIGINT and had to be killed');
  return result;
}

test('SIGINT cancels a running workflow: exit 1, status cancelled', { timeout: 60_000 }, async () => {
  const dir = workspace();
  const result = await interruptRun(dir, 'Slow', { id: 'wait', type: 'flow.delay', name: 'Wait', config: { ms: 30000 } });
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /cancelled in/);
  assert.ok(!existsSync(join(dir, 'never')));
});

test('SIGINT cancels a run stuck in a runaway expression (the expression gives the event loop turns)', { timeout: 60_000 }, async () => {
  const spin = { id: 'set', type: 'data.set', name: 'Set', config: { values: { x: '{{ ($f := function($n){ $f($n+1) }; $f(0)) }}' } } };
  const result = await interruptRun(workspace(), 'Spin', spin);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /cancelled in/);
});

test('run records the execution in the workspace history, even though the store opens while it runs', async () => {
  const dir = workspace();
  write(dir, 'two.workflow.json', twoSteps);
  const { io } = fakeIo(dir, { WORKFLOW_SECRET_KEY: 'k' });
  assert.equal(await runCommand.run(['two.workflow.json', '--input', '{"n": 2}'], io), 0);
  const history = fakeIo(dir);
  assert.equal(await main(['history', '--json'], history.io), 0);
  const executions = JSON.parse(history.stdout());
  assert.equal(executions.length, 1);
  assert.equal(executions[0].status, 'success');
  const shown = fakeIo(dir);
  assert.equal(await main(['show', executions[0].id, '--json'], shown.io), 0);
  const detail = JSON.parse(shown.stdout());
  assert.deepEqual(detail.output, { n: 2, doubled: 4, key: '***' });
  assert.equal(detail.nodeResults.filter((r: { status: string }) => r.status === 'success').length, 2);
});

test('run refuses a history database from a newer version before running anything (exit 2)', async () => {
  const dir = workspace();
  const marker = join(dir, 'ran.txt');
  write(dir, 'effect.workflow.json', {
    formatVersion: 1,
    name: 'Side effect',
    nodes: [{ id: 'w', type: 'file.write', name: 'Write', position: { x: 0, y: 0 }, config: { path: 'ran.txt', content: 'yes' } }],
    edges: [],
  });
  const dbDir = join(dir, '.workflow-studio');
  mkdirSync(dbDir);
  const header = Buffer.alloc(4096);
  header.write('SQLite format 3\u0000', 0, 'latin1');
  header.writeUInt32BE(99, 60); // PRAGMA user_version of a future schema
  writeFileSync(join(dbDir, 'history.sqlite'), header);
  const { io, stderr } = fakeIo(dir);
  const code = await main(['run', 'effect.workflow.json'], io);
  assert.equal(code, 2);
  assert.match(stderr(), /newer version of Workflow Studio \(schema 99/);
  assert.ok(!existsSync(marker), 'the workflow must not have run');
});

test('WORKFLOW_KEEP_EXECUTIONS bounds the recorded history; a malformed value is exit 2', async () => {
  const dir = workspace();
  write(dir, 'two.workflow.json', twoSteps);
  const env = { WORKFLOW_SECRET_KEY: 'k', WORKFLOW_KEEP_EXECUTIONS: '2' };
  for (let i = 0; i < 5; i++) {
    const { io, stderr } = fakeIo(dir, env);
    assert.equal(await runCommand.run(['two.workflow.json', '--input', `{"n": ${i}}`], io), 0, stderr());
  }
  const history = fakeIo(dir, env);
  assert.equal(await main(['history', '--json'], history.io), 0);
  const kept = JSON.parse(history.stdout()) as { id: string }[];
  // pruning runs a few deletions per macrotask, so the run that just finished may still count
  assert.ok(kept.length <= 3 && kept.length >= 2, `kept ${kept.length}`);
  const newest = fakeIo(dir, env);
  assert.equal(await main(['show', kept[0].id, '--json'], newest.io), 0);
  assert.deepEqual(JSON.parse(newest.stdout()).input, { n: 4 }, 'the newest run is kept');
  const bad = fakeIo(dir, { WORKFLOW_KEEP_EXECUTIONS: 'lots' });
  assert.equal(await main(['run', 'two.workflow.json'], bad.io), 2);
  assert.match(bad.stderr(), /WORKFLOW_KEEP_EXECUTIONS must be a positive whole number/);
});
