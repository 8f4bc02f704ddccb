/**
 * A runaway expression under `workflow serve` (issue 11, item 2): while one run is stuck in an
 * endless `{{ }}`, other webhooks are still answered and their runs finish, and SIGTERM still
 * stops the server (the stuck run is cancelled when the grace period ends). Without the
 * expression's turns of the event loop, the server would answer nothing until SIGKILL.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import type { Workflow } from '../../../src/core/model/workflow';
import { bundleCli, post, runWorkflowCli, ServeProcess } from './serveHelpers';

let bin: string;
let server: ServeProcess | undefined;

before(async () => {
  bin = await bundleCli();
});

after(() => server?.kill());

/** An unsigned webhook at `path` feeding one data.set node with `values`. */
function webhookInto(path: string, values: Record<string, unknown>): string {
  const workflow: Workflow = {
    formatVersion: 1,
    name: path,
    nodes: [
      { id: 'hook', type: 'trigger.webhook', name: 'Hook', position: { x: 0, y: 0 }, config: { path, method: 'POST', responseMode: 'immediate' } },
      { id: 'set', type: 'data.set', name: 'Set', position: { x: 200, y: 0 }, config: { values } },
    ],
    edges: [{ id: 'e1', source: 'hook', target: 'set' }],
  };
  return serializeWorkflow(workflow);
}

test('serve: a run stuck in an endless expression neither blocks other webhooks nor SIGTERM', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-serve-expr-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'spin.workflow.json'), webhookInto('spin', { x: '{{ ($f := function($n){ $f($n+1) }; $f(0)) }}' }));
  writeFileSync(join(dir, 'quick.workflow.json'), webhookInto('quick', { done: true }));
  for (const file of ['spin.workflow.json', 'quick.workflow.json']) {
    const activated = await runWorkflowCli(bin, ['activate', file], dir);
    assert.equal(activated.code, 0, activated.stderr);
  }
  server = new ServeProcess(bin, [dir, '--port', '0', '--host', '127.0.0.1', '--grace', '0.5'], { cwd: dir });
  const url = await server.url();
  await server.waitFor(/armed webhook trigger "Hook" of quick\.workflow\.json/);

  const stuck = await post(`${url}/webhook/spin`, '{}');
  assert.equal(stuck.status, 202);
  await server.waitFor(new RegExp(`run ${String(stuck.json.executionId)} started`));

  const quick = await post(`${url}/webhook/quick`, '{}');
  assert.equal(quick.status, 202);
  await server.waitFor(new RegExp(`run ${String(quick.json.executionId)} success`));

  const signalled = Date.now();
  server.signal('SIGTERM');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.ok(Date.now() - signalled < 10_000, `stopped soon after the grace period (took ${Date.now() - signalled} ms)`);
  assert.match(server.stdout + server.stderr, new RegExp(`run ${String(stuck.json.executionId)} cancelled`));
});
