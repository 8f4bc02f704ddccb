// An imported n8n workflow (Webhook → Edit Fields → IF → HTTP Request / No Op) run end to end
// by our engine: a real request to our webhook server, a real call to a local HTTP server, and
// the answer n8n gives for it ("respond when the last node finishes": the last node's JSON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importWorkflow } from '../../../src/core/importers/index';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { runWorkflow } from '../../../src/core/engine/engine';
import { getNodeDefinition } from '../../../src/core/nodes/registry';
import { validate } from '../../../src/core/validation/validate';
import type { WebhookRoute } from '../../../src/core/triggers/contract';
import { send, startServer, startedRun } from '../triggers/webhookSupport';
import { fixtureText } from './support';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** The sales alert API the workflow calls: records each request, answers like a real API would. */
async function alertsApi(t: { after: (fn: () => Promise<void>) => void }): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ alert: `alert-${received.length}`, accepted: body.text }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

test('n8n webhook → Set → IF → HTTP: the imported workflow answers what n8n answers', { timeout: 30_000 }, async (t) => {
  const api = await alertsApi(t);
  const { workflow, report } = importWorkflow(fixtureText('n8n-webhook-order-alert.json'));
  const text = serializeWorkflow(workflow);
  const problems = validate(text, '/tmp/order-alert.workflow.json').filter((d) => d.severity !== 'info');
  assert.deepEqual(problems, [], 'every part of this workflow was converted');
  assert.deepEqual(report.secrets.map((s) => s.name), ['ALERTS_API']);

  const hook = workflow.nodes.find((node) => node.type === 'trigger.webhook')!;
  const route: WebhookRoute = {
    workflowId: 'order-alert',
    nodeId: hook.id,
    nodeName: hook.name,
    path: String(hook.config.path),
    config: getNodeDefinition('trigger.webhook')!.configSchema.parse(hook.config) as Record<string, unknown>,
    status: () => 'active',
    secret: async () => undefined,
    fire: (input, trigger) => {
      const done = runWorkflow(workflow, {
        input,
        trigger,
        triggerNodeId: hook.id,
        env: { ALERTS_URL: api.url },
        secrets: { get: (name) => (name === 'ALERTS_API' ? 'token-123' : undefined) },
      });
      return startedRun('run', done);
    },
  };
  const { server, url } = await startServer([{ route, fires: [], setStatus: () => {} }], { lastNodeTimeoutMs: 10_000 });
  t.after(() => server.close());

  // A big order: n8n calls the alert API and answers with its JSON response.
  const big = await send(`${url}/webhook/orders/new`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'A-17', customer: { name: 'Ada' }, quantity: 3, unitPrice: 50 }),
  });
  assert.equal(big.status, 200, big.text);
  assert.deepEqual(big.json(), { alert: 'alert-1', accepted: 'Order A-17 from Ada: 150 EUR' });
  assert.equal(api.received.length, 1);
  const call = api.received[0]!;
  assert.equal(call.method, 'POST');
  assert.equal(call.url, '/alerts?source=n8n');
  assert.equal(call.headers.authorization, 'Bearer token-123');
  assert.equal(call.headers['x-order'], 'A-17');
  assert.deepEqual(call.body, { text: 'Order A-17 from Ada: 150 EUR', amount: 150 });

  // A small order: the IF's false branch ends in No Op, which passes on Edit Fields' output —
  // only the fields it set, with the total as a number.
  const small = await send(`${url}/webhook/orders/new`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'A-18', customer: { name: 'Bo' }, quantity: '2', unitPrice: 25, note: 'not kept' }),
  });
  assert.equal(small.status, 200, small.text);
  assert.deepEqual(small.json(), { orderId: 'A-18', customer: 'Bo', total: 50, currency: 'EUR' });
  assert.equal(api.received.length, 1, 'no alert for a small order');
});
