/** `workflow activate`, `workflow pause` and `workflow status`: the status that decides whether triggers fire. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { fakeIo } from './helpers';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-status-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(
    join(dir, 'hook.workflow.json'),
    serializeWorkflow({
      formatVersion: 1,
      name: 'Hook',
      nodes: [{ id: 'hook', type: 'trigger.webhook', name: 'Hook', position: { x: 0, y: 0 }, config: { path: 'hook' } }],
      edges: [],
    } as never),
  );
  return dir;
}

async function cli(dir: string, ...args: string[]) {
  const { io, stdout, stderr } = fakeIo(dir);
  const code = await main(args, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

test('a new file is a draft; activate, pause and status set and show the status in the history', async () => {
  const dir = workspace();
  assert.deepEqual(await cli(dir, 'status', 'hook.workflow.json'), { code: 0, stdout: 'hook.workflow.json: draft (not recorded yet)\n', stderr: '' });
  assert.equal((await cli(dir, 'activate', 'hook.workflow.json')).stdout, 'hook.workflow.json: active (was draft)\n');
  assert.equal((await cli(dir, 'activate', 'hook.workflow.json')).stdout, 'hook.workflow.json: active (unchanged)\n');
  assert.equal((await cli(dir, 'status', 'hook.workflow.json')).stdout, 'hook.workflow.json: active\n');
  assert.equal((await cli(dir, 'pause', 'hook.workflow.json')).stdout, 'hook.workflow.json: paused (was active)\n');
  assert.equal((await cli(dir, 'status', 'hook.workflow.json', 'archived')).stdout, 'hook.workflow.json: archived (was paused)\n');
  const json = await cli(dir, 'status', 'hook.workflow.json', '--json');
  assert.equal(JSON.parse(json.stdout).status, 'archived');
  // the same record the history commands read
  const listed = await cli(dir, 'search', 'Hook', '--status', 'archived', '--json');
  assert.equal(JSON.parse(listed.stdout).length, 1);
});

test('status commands refuse mistakes with exit 2: unknown status, invalid file, missing file, no file', async () => {
  const dir = workspace();
  const unknown = await cli(dir, 'status', 'hook.workflow.json', 'running');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown status "running"; use one of draft, active, paused, archived/);

  writeFileSync(join(dir, 'bad.workflow.json'), '{\n  "formatVersion": 1,\n  "name": "Bad",\n  "nodes": [],\n  "edges": [\n');
  const invalid = await cli(dir, 'activate', 'bad.workflow.json');
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /^bad\.workflow\.json:\d+:\d+ error /m);
  assert.match(invalid.stderr, /bad\.workflow\.json is not a valid workflow; fix it first/);

  const missing = await cli(dir, 'status', 'nope.workflow.json');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file: nope\.workflow\.json/);
  assert.equal((await cli(dir, 'pause')).code, 2);
});
