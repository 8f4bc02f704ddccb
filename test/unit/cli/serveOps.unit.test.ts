/**
 * Operating `workflow serve` (issue 11): the probes and Prometheus metrics a supervisor scrapes,
 * on the webhook listener or a port of their own, and JSON-lines logs for log shippers. The
 * bundled CLI as a real process, a real HTTP client, 127.0.0.1 and free ports.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { bundleCli, eventually, post, runWorkflowCli, ServeProcess } from './serveHelpers';

let bin: string;
const servers: ServeProcess[] = [];

before(async () => {
  bin = await bundleCli();
});

after(() => {
  for (const server of servers) server.kill();
});

async function workspace(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'wf-ops-'));
  mkdirSync(join(dir, '.git'));
  const nodes = [
    { id: 'hook', type: 'trigger.webhook', name: 'Hook', position: { x: 0, y: 0 }, config: { path: 'orders', method: 'POST', responseMode: 'lastNode' } },
    { id: 'set', type: 'data.set', name: 'Set', position: { x: 200, y: 0 }, config: { values: { seen: true } } },
  ];
  writeFileSync(join(dir, 'orders.workflow.json'), serializeWorkflow({ formatVersion: 1, name: 'Orders', nodes, edges: [{ id: 'e1', source: 'hook', target: 'set' }] } as never));
  const activated = await runWorkflowCli(bin, ['activate', 'orders.workflow.json'], dir);
  assert.equal(activated.code, 0, activated.stderr);
  return dir;
}

function get(url: string): Promise<{ status: number; type: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], text }));
    })
      .on('error', reject)
      .end();
  });
}

function serve(dir: string, extra: string[]): ServeProcess {
  const server = new ServeProcess(bin, [dir, '--port', '0', '--host', '127.0.0.1', ...extra], { cwd: dir });
  servers.push(server);
  return server;
}

/** The value of one sample line of the exposition, e.g. `name{label="x"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('GET /healthz, /readyz and /metrics on the webhook port; runs, durations and answers are counted; logs are JSON lines', async () => {
  const dir = await workspace();
  const server = serve(dir, ['--log-format', 'json']);
  const url = await server.url();
  await eventually(async () => ((await get(`${url}/readyz`)).status === 200 ? true : undefined), 15_000, 'readyz');
  const health = await get(`${url}/healthz`);
  assert.deepEqual([health.status, JSON.parse(health.text)], [200, { status: 'ok' }]);

  for (let i = 0; i < 3; i++) assert.equal((await post(`${url}/webhook/orders`, '{}')).status, 200);
  assert.equal((await post(`${url}/webhook/nowhere`, '{}')).status, 404);

  const metrics = await get(`${url}/metrics`);
  assert.equal(metrics.status, 200);
  assert.match(metrics.type ?? '', /^text\/plain; version=0\.0\.4/);
  const text = metrics.text;
  assert.equal(sample(text, 'workflow_runs_started_total{workflow="orders.workflow.json"}'), 3);
  assert.equal(sample(text, 'workflow_runs_finished_total{workflow="orders.workflow.json",status="success"}'), 3);
  assert.equal(sample(text, 'workflow_run_duration_seconds_count{workflow="orders.workflow.json"}'), 3);
  assert.equal(sample(text, 'workflow_run_duration_seconds_bucket{le="+Inf",workflow="orders.workflow.json"}'), 3);
  assert.equal(sample(text, 'workflow_webhook_responses_total{code="200"}'), 3);
  assert.equal(sample(text, 'workflow_webhook_responses_total{code="404"}'), 1);
  assert.equal(sample(text, 'workflow_run_queue_depth'), 0);
  assert.equal(sample(text, 'workflow_runs_running'), 0);
  assert.ok((sample(text, 'process_resident_memory_bytes') ?? 0) > 10_000_000, 'RSS is reported');
  assert.match(text, /# TYPE workflow_run_duration_seconds histogram/);

  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);
  const lines = (server.stdout + server.stderr).split('\n').filter((l) => l !== '');
  assert.ok(lines.length >= 3);
  for (const line of lines) {
    const entry = JSON.parse(line) as { time: string; level: string; msg: string };
    assert.ok(!Number.isNaN(Date.parse(entry.time)) && ['info', 'warn', 'error'].includes(entry.level) && typeof entry.msg === 'string', line);
  }
  assert.ok(lines.some((l) => /"msg":"run \S+ success in \d+ ms: orders\.workflow\.json"/.test(l)), 'run lines are JSON too');
});

test('--metrics-port serves the probes and metrics on a port of their own; --no-metrics turns /metrics off', async () => {
  const dir = await workspace();
  const own = serve(dir, ['--metrics-port', '0']);
  const url = await own.url();
  const probes = (await own.waitFor(/health at (http:\/\/\S+)\/healthz/))[1];
  assert.notEqual(probes, url);
  await eventually(async () => ((await get(`${probes}/readyz`)).status === 200 ? true : undefined), 15_000, 'readyz');
  assert.equal((await get(`${probes}/metrics`)).status, 200);
  assert.equal((await get(`${probes}/webhook/orders`)).status, 404, 'no webhooks on the metrics port');
  assert.equal((await get(`${url}/metrics`)).status, 404, 'metrics left the webhook port');
  assert.equal((await get(`${url}/healthz`)).status, 200, 'the probes stay on it');
  own.signal('SIGTERM');
  assert.equal((await own.exited).code, 0);

  const off = serve(dir, ['--no-metrics']);
  const offUrl = await off.url();
  // signals are handled once it is ready (before that, SIGTERM ends it the default way)
  await eventually(async () => ((await get(`${offUrl}/readyz`)).status === 200 ? true : undefined), 15_000, 'readyz');
  assert.equal((await get(`${offUrl}/metrics`)).status, 404);
  assert.equal((await get(`${offUrl}/healthz`)).status, 200);
  off.signal('SIGTERM');
  assert.equal((await off.exited).code, 0);
});

test('--log-format must be text or json', async () => {
  const result = await runWorkflowCli(bin, ['serve', '.', '--log-format', 'xml'], tmpdir());
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--log-format expects text or json, got "xml"/);
});
