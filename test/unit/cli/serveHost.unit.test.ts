/**
 * The serving stack of `workflow serve` in-process: it follows the directory (files added,
 * changed, removed) and the statuses other processes set in the store (`workflow pause`), and a
 * full run queue answers 429. Real HTTP on 127.0.0.1, a free port.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { ServeHost } from '../../../src/cli/serve/serveHost';
import { serveLog } from '../../../src/cli/serve/serveLog';
import { defaultDatabasePath, silentLogger } from '../../../src/core/store';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { fakeIo } from './helpers';
import { eventually, post } from './serveHelpers';

const hosts: ServeHost[] = [];
after(async () => {
  for (const host of hosts) await host.stop(0).catch(() => undefined);
});

function hook(path: string, delayMs?: number): string {
  const nodes: unknown[] = [{ id: 'hook', type: 'trigger.webhook', name: 'Hook', position: { x: 0, y: 0 }, config: { path } }];
  const edges: unknown[] = [];
  if (delayMs !== undefined) {
    nodes.push({ id: 'wait', type: 'flow.delay', name: 'Wait', position: { x: 200, y: 0 }, config: { ms: delayMs } });
    edges.push({ id: 'e1', source: 'hook', target: 'wait' });
  }
  return serializeWorkflow({ formatVersion: 1, name: `Hook ${path}`, nodes, edges } as never);
}

async function serve(dir: string, options: { maxConcurrent?: number; maxQueued?: number } = {}) {
  const out: string[] = [];
  const host = await ServeHost.start({
    dir,
    root: dir,
    dbPath: defaultDatabasePath(dir),
    host: '127.0.0.1',
    port: 0,
    env: {},
    log: serveLog({ stdout: (t) => out.push(t), stderr: (t) => out.push(t) }),
    storeLogger: silentLogger,
    statusPollMs: 100,
    cwd: dir,
    ...options,
  });
  hosts.push(host);
  return { host, log: () => out.join('') };
}

/** `workflow <args>` in this process, with a store of its own (another journal writer, as another process would be). */
async function cli(dir: string, ...args: string[]): Promise<void> {
  const { io, stderr } = fakeIo(dir);
  assert.equal(await main(args, io), 0, stderr());
}

const statusOf = async (url: string) => (await post(url, '{}')).status;

test('serve follows files added, changed and removed, and statuses set by other processes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-serve-host-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'a.workflow.json'), hook('a'));
  await cli(dir, 'activate', 'a.workflow.json');
  const { host, log } = await serve(dir);
  assert.equal(await statusOf(`${host.url}/webhook/a`), 202);

  // another process pauses it: 503 within the status poll; activates it: 202 again
  await cli(dir, 'pause', 'a.workflow.json');
  await eventually(async () => ((await statusOf(`${host.url}/webhook/a`)) === 503 ? true : undefined), 10_000, '503 after pause');
  await cli(dir, 'activate', 'a.workflow.json');
  await eventually(async () => ((await statusOf(`${host.url}/webhook/a`)) === 202 ? true : undefined), 10_000, '202 after activate');

  // a new file in a new folder is picked up (as a draft until activated)
  mkdirSync(join(dir, 'more'));
  writeFileSync(join(dir, 'more', 'b.workflow.json'), hook('b'));
  await eventually(async () => (log().includes('loaded more/b.workflow.json draft') ? true : undefined), 10_000, 'b loaded');
  assert.equal(await statusOf(`${host.url}/webhook/b`), 404);
  await cli(dir, 'activate', 'more/b.workflow.json');
  await eventually(async () => ((await statusOf(`${host.url}/webhook/b`)) === 202 ? true : undefined), 10_000, 'b served');

  // a change of path is re-armed; a removed file is no longer served
  writeFileSync(join(dir, 'a.workflow.json'), hook('a2'));
  await eventually(async () => ((await statusOf(`${host.url}/webhook/a2`)) === 202 ? true : undefined), 10_000, 'a re-armed at a2');
  assert.equal(await statusOf(`${host.url}/webhook/a`), 404);
  rmSync(join(dir, 'more', 'b.workflow.json'));
  await eventually(async () => ((await statusOf(`${host.url}/webhook/b`)) === 404 ? true : undefined), 10_000, 'b gone');
  assert.match(log(), /removed more\/b\.workflow\.json/);
});

test('a full run queue answers 429; every accepted run is recorded once the host stops', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wf-serve-host-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'slow.workflow.json'), hook('slow', 300));
  await cli(dir, 'activate', 'slow.workflow.json');
  const { host } = await serve(dir, { maxConcurrent: 1, maxQueued: 1 });
  const answers = await Promise.all([1, 2, 3].map(() => statusOf(`${host.url}/webhook/slow`)));
  assert.deepEqual(answers.sort(), [202, 202, 429]);
  const store = host.store;
  const workflowId = (await store.findWorkflowByPath('slow.workflow.json'))!.id;
  await host.stop(5_000);
  hosts.splice(hosts.indexOf(host), 1);
  const { io, stdout } = fakeIo(dir);
  assert.equal(await main(['history', '--json'], io), 0);
  const runs = JSON.parse(stdout()) as { workflowId: string; status: string }[];
  assert.deepEqual(runs.filter((r) => r.workflowId === workflowId).map((r) => r.status), ['success', 'success']);
});
