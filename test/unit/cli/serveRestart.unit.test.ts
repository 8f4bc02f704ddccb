/**
 * The serving stack in-process across a stop and a start on one workspace (issue 11): a
 * timestamp-signed request accepted before the restart is still a replay after it, `/readyz`
 * answers 503 while the host stops, and the host closes its listener before it removes the
 * routes (so a late request is answered 503, never 404). Real store, real HTTP on 127.0.0.1.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { ServeHost, type ServeHostOptions } from '../../../src/cli/serve/serveHost';
import { serveLog } from '../../../src/cli/serve/serveLog';
import { defaultDatabasePath, silentLogger } from '../../../src/core/store';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { signWebhookBody } from '../../../src/core/triggers/webhook/signature';
import { fakeIo } from './helpers';
import { post } from './serveHelpers';
import { probe } from './serveKillRound';

const SECRET = 'restart-secret';
const hosts: ServeHost[] = [];
after(async () => {
  for (const host of hosts) await host.stop(0).catch(() => undefined);
});

function workflow(path: string, config: Record<string, unknown>, delayMs?: number): string {
  const nodes: unknown[] = [{ id: 'hook', type: 'trigger.webhook', name: 'Hook', position: { x: 0, y: 0 }, config: { path, ...config } }];
  const edges: unknown[] = [];
  if (delayMs !== undefined) {
    nodes.push({ id: 'wait', type: 'flow.delay', name: 'Wait', position: { x: 200, y: 0 }, config: { ms: delayMs } });
    edges.push({ id: 'e1', source: 'hook', target: 'wait' });
  }
  return serializeWorkflow({ formatVersion: 1, name: `Hook ${path}`, nodes, edges } as never);
}

async function activeWorkspace(files: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-restart-'));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    const { io, stderr } = fakeIo(dir);
    assert.equal(await main(['activate', name], io), 0, stderr());
  }
  return dir;
}

async function serve(dir: string, options: Partial<ServeHostOptions> = {}): Promise<ServeHost> {
  const host = await ServeHost.start({
    dir,
    root: dir,
    dbPath: defaultDatabasePath(dir),
    host: '127.0.0.1',
    port: 0,
    env: { WORKFLOW_SECRET_HOOK: SECRET },
    log: serveLog({ stdout: () => {}, stderr: () => {} }),
    storeLogger: silentLogger,
    cwd: dir,
    ...options,
  });
  hosts.push(host);
  return host;
}

test('a timestamp-signed request accepted before a restart is refused as a replay after it', async () => {
  const dir = await activeWorkspace({
    'signed.workflow.json': workflow('signed', { auth: { secret: 'HOOK', timestampHeader: 'x-timestamp', toleranceSeconds: 300 } }),
  });
  const body = '{"pay":1}';
  const ts = String(Math.floor(Date.now() / 1000));
  const headers = { 'x-timestamp': ts, 'x-hub-signature-256': signWebhookBody(SECRET, body, ts) };

  const first = await serve(dir);
  assert.equal((await post(`${first.url}/webhook/signed`, body, headers)).status, 202);
  assert.equal((await post(`${first.url}/webhook/signed`, body, headers)).status, 401, 'a replay while running');
  await first.stop(5_000);

  const second = await serve(dir);
  const replay = await post(`${second.url}/webhook/signed`, body, headers);
  assert.equal(replay.status, 401);
  assert.match(String(replay.json.error), /replayed/);
  // a fresh signature is served as ever
  const ts2 = String(Number(ts) + 1);
  assert.equal((await post(`${second.url}/webhook/signed`, body, { 'x-timestamp': ts2, 'x-hub-signature-256': signWebhookBody(SECRET, body, ts2) })).status, 202);
  await second.stop(5_000);
});

test('while the host stops: /readyz answers 503, and the listener is closed before the routes are removed', async () => {
  const dir = await activeWorkspace({ 'slow.workflow.json': workflow('slow', { responseMode: 'lastNode' }, 800) });
  const host = await serve(dir, { metricsPort: 0 });
  const probes = (host as unknown as { probes: { url: string } }).probes.url;
  assert.equal(await probe(`${probes}/readyz`), 200);
  assert.equal(await probe(`${probes}/healthz`), 200);

  let closedBeforeRoutesRemoved: boolean | undefined;
  const setRoutes = host.server.setRoutes.bind(host.server);
  host.server.setRoutes = (routes) => {
    if (routes.length === 0) closedBeforeRoutesRemoved = host.server.baseUrl() === undefined;
    setRoutes(routes);
  };
  const inFlight = new Promise<number>((resolve) => {
    const req = request(`${host.url}/webhook/slow`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.end('{}');
  });
  while (host.runner.runningCount === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const stopped = host.stop(5_000);
  assert.equal(await probe(`${probes}/readyz`), 503, 'not ready while stopping');
  assert.equal(await probe(`${probes}/healthz`), 200, 'but alive');
  assert.equal(await inFlight, 200, 'the run in flight is still answered');
  await stopped;
  assert.equal(closedBeforeRoutesRemoved, true);
});
