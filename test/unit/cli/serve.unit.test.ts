/**
 * `workflow serve` as a real process: signed webhook requests start recorded runs, a draft's
 * path is not served, and SIGTERM stops it cleanly — a run in flight finishes within the grace
 * period (recorded success) or is cancelled when the grace period is shorter (recorded
 * cancelled); either way the process exits 0. Servers bind 127.0.0.1 on a free port.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { bundleCli, eventually, post, runWorkflowCli, ServeProcess, sign } from './serveHelpers';

const SECRET = 'serve-test-secret';
let bin: string;
const servers: ServeProcess[] = [];

before(async () => {
  bin = await bundleCli();
});

after(() => {
  for (const server of servers) server.kill();
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-serve-'));
  mkdirSync(join(dir, '.git'));
  return dir;
}

/** A webhook at `path` followed by `after` nodes in a chain. */
function hookWorkflow(name: string, path: string, after: { type: string; config: Record<string, unknown> }[], auth = true): string {
  const nodes = [
    {
      id: 'hook',
      type: 'trigger.webhook',
      name: 'Hook',
      position: { x: 0, y: 0 },
      config: { path, method: 'POST', responseMode: 'immediate', ...(auth ? { auth: { secret: 'X' } } : {}) },
    },
    ...after.map((n, i) => ({ id: `n${i + 1}`, type: n.type, name: `Step ${i + 1}`, position: { x: 200 * (i + 1), y: 0 }, config: n.config })),
  ];
  const edges = after.map((_, i) => ({ id: `e${i + 1}`, source: i === 0 ? 'hook' : `n${i}`, target: `n${i + 1}` }));
  return serializeWorkflow({ formatVersion: 1, name, nodes, edges } as never);
}

/** New files are drafts: serving needs them active. */
async function activate(dir: string, file: string): Promise<void> {
  const result = await runWorkflowCli(bin, ['activate', file], dir);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`${file.replace('.', '\\.')}: active`));
}

function startServe(dir: string, extra: string[] = []): ServeProcess {
  const server = new ServeProcess(bin, [dir, '--port', '0', '--host', '127.0.0.1', ...extra], { cwd: dir, env: { WORKFLOW_SECRET_X: SECRET } });
  servers.push(server);
  return server;
}

/** The execution as `workflow show --json` prints it, once it has ended. */
async function finishedExecution(dir: string, id: string): Promise<{ status: string; triggerType: string; input: { body: unknown } }> {
  return eventually(
    async () => {
      const shown = await runWorkflowCli(bin, ['show', id, '--json'], dir);
      if (shown.code !== 0) return undefined;
      const detail = JSON.parse(shown.stdout) as { status: string; triggerType: string; input: { body: unknown } };
      return detail.status === 'running' ? undefined : detail;
    },
    15_000,
    `execution ${id} to be recorded`,
  );
}

test('serve: a signed request runs the workflow (202, recorded with its trigger), a bad signature is refused, a draft is not served', async () => {
  const dir = workspace();
  writeFileSync(join(dir, 'orders.workflow.json'), hookWorkflow('Orders', 'orders', [{ type: 'data.set', config: { values: { seen: true } } }]));
  writeFileSync(join(dir, 'draft.workflow.json'), hookWorkflow('Draft', 'drafty', [{ type: 'data.set', config: { values: {} } }]));
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'node_modules', 'ignored.workflow.json'), hookWorkflow('Ignored', 'ignored', [], false));
  writeFileSync(join(dir, 'broken.workflow.json'), '{\n  "formatVersion": 1,\n  "name": "Broken",\n  "nodes": [\n    { "id": "a", "type": "nope.nope", "name": "A", "position": { "x": 0, "y": 0 }, "config": {} }\n  ],\n  "edges": []\n}\n');
  await activate(dir, 'orders.workflow.json');
  const drafted = await runWorkflowCli(bin, ['status', 'draft.workflow.json', 'draft'], dir);
  assert.equal(drafted.code, 0, drafted.stderr);

  const server = startServe(dir);
  const url = await server.url();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  await server.waitFor(/armed webhook trigger "Hook" of orders\.workflow\.json: http:\/\/127\.0\.0\.1:\d+\/webhook\/orders/);
  // the invalid file is reported where it is wrong, and skipped
  await server.waitFor(/broken\.workflow\.json:5:\d+ error .*nope\.nope/, 5_000, 'stderr');

  const body = JSON.stringify({ order: 7 });
  const accepted = await post(`${url}/webhook/orders`, body, { 'x-hub-signature-256': sign(SECRET, body) });
  assert.equal(accepted.status, 202);
  const executionId = accepted.json.executionId as string;
  assert.match(executionId, /^[0-9a-f-]{36}$/);
  await server.waitFor(new RegExp(`run ${executionId} success in (\\d+ ms|\\d\\.\\d s|\\d+ s): orders\\.workflow\\.json`));

  assert.equal((await post(`${url}/webhook/orders`, body, { 'x-hub-signature-256': sign('wrong', body) })).status, 401);
  assert.equal((await post(`${url}/webhook/orders`, body)).status, 401);
  assert.equal((await post(`${url}/webhook/drafty`, body, { 'x-hub-signature-256': sign(SECRET, body) })).status, 404);
  assert.equal((await post(`${url}/webhook/ignored`, body)).status, 404);

  const detail = await finishedExecution(dir, executionId);
  assert.equal(detail.status, 'success');
  assert.equal(detail.triggerType, 'webhook');
  assert.deepEqual(detail.input.body, { order: 7 });

  server.signal('SIGTERM');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.match(server.stdout, /stopped after 1 run\(s\)/);
});

test('serve: SIGTERM lets a run in flight finish within --grace, records it as success, exits 0', async () => {
  const dir = workspace();
  writeFileSync(join(dir, 'slow.workflow.json'), hookWorkflow('Slow', 'slow', [{ type: 'flow.delay', config: { ms: 1500 } }, { type: 'data.set', config: { values: { done: true } } }]));
  await activate(dir, 'slow.workflow.json');
  const server = startServe(dir, ['--grace', '20']);
  const url = await server.url();
  await server.waitFor(/armed webhook trigger "Hook" of slow\.workflow\.json/);
  const body = '{}';
  const accepted = await post(`${url}/webhook/slow`, body, { 'x-hub-signature-256': sign(SECRET, body) });
  assert.equal(accepted.status, 202);
  const executionId = accepted.json.executionId as string;
  await server.waitFor(new RegExp(`run ${executionId} started`));

  const signalled = Date.now();
  server.signal('SIGTERM');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.ok(Date.now() - signalled < 15_000, 'stopped within the grace period');
  assert.match(server.stdout, new RegExp(`run ${executionId} success`));
  assert.equal((await finishedExecution(dir, executionId)).status, 'success');
});

test('serve: a run longer than --grace is cancelled on SIGTERM and recorded as cancelled; exit 0', async () => {
  const dir = workspace();
  writeFileSync(join(dir, 'stuck.workflow.json'), hookWorkflow('Stuck', 'stuck', [{ type: 'flow.delay', config: { ms: 60_000 } }]));
  await activate(dir, 'stuck.workflow.json');
  const server = startServe(dir, ['--grace', '0.5']);
  const url = await server.url();
  await server.waitFor(/armed webhook trigger "Hook" of stuck\.workflow\.json/);
  const body = '{}';
  const accepted = await post(`${url}/webhook/stuck`, body, { 'x-hub-signature-256': sign(SECRET, body) });
  assert.equal(accepted.status, 202);
  const executionId = accepted.json.executionId as string;
  await server.waitFor(new RegExp(`run ${executionId} started`));

  const signalled = Date.now();
  server.signal('SIGTERM');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.ok(Date.now() - signalled < 10_000, `stopped soon after the grace period (took ${Date.now() - signalled} ms)`);
  assert.match(server.stderr, /grace period over: cancelling 1 run/);
  assert.equal((await finishedExecution(dir, executionId)).status, 'cancelled');
});
