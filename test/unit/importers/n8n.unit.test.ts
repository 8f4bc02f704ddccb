import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { importWorkflow, importWorkflowValue } from '../../../src/core/importers/index';
import { createCodeRunner } from '../../../src/core/code/codeRunner';
import type { Workflow } from '../../../src/core/model/workflow';
import { fixtureText, hasWarning } from './support';

const runner = createCodeRunner();
after(() => runner.dispose());

function byName(workflow: Workflow, name: string) {
  const node = workflow.nodes.find((n) => n.name === name);
  assert.ok(node, `no node "${name}"`);
  return node;
}

function edgesFrom(workflow: Workflow, name: string): [string | undefined, string][] {
  const id = byName(workflow, name).id;
  const names = new Map(workflow.nodes.map((n) => [n.id, n.name]));
  return workflow.edges.filter((e) => e.source === id).map((e) => [e.sourceHandle, names.get(e.target) ?? e.target]);
}

async function runCode(code: string, input: unknown, node: Record<string, unknown> = {}): Promise<unknown> {
  return runner.run({ code, input, vars: {}, node, execution: { id: 'x', started: '' }, timeoutMs: 5000, signal: new AbortController().signal, log: () => {} });
}

test('n8n: webhook, Edit Fields, IF and HTTP Request carry their settings over', () => {
  const { workflow, format, report } = importWorkflow(fixtureText('n8n-webhook-order-alert.json'));
  assert.equal(format, 'n8n');
  assert.equal(workflow.name, 'Order alert');
  assert.deepEqual(byName(workflow, 'New order').config, { path: 'orders/new', method: 'POST', responseMode: 'lastNode' });
  assert.equal(byName(workflow, 'Order fields').type, 'data.transform', 'n8n Edit Fields keeps only the fields it sets');
  assert.equal(byName(workflow, 'Big order?').config.condition, '{{ $input.total > 100 }}');
  assert.deepEqual(edgesFrom(workflow, 'Big order?'), [['true', 'Notify sales (request)'], ['false', 'Small order']]);
  const request = byName(workflow, 'Notify sales (request)');
  assert.deepEqual(request.config, {
    method: 'POST',
    url: '{{ $env.ALERTS_URL }}/alerts',
    query: { source: 'n8n' },
    body: { text: 'Order {{ $input.orderId }} from {{ $node["Order fields"].customer }}: {{ $input.total }} {{ $input.currency }}', amount: '{{ $input.total }}' },
    headers: { 'X-Order': '{{ $input.orderId }}', Authorization: 'Bearer {{ $secrets.ALERTS_API }}' },
  });
  assert.deepEqual(byName(workflow, 'Notify sales').config, { expression: 'body' });
  assert.deepEqual(workflow.settings, { env: ['ALERTS_URL'] });
  assert.deepEqual(workflow.stickyNotes?.map((n) => [n.text.split('\n')[0], n.width, n.height, n.color]), [['## Order alert', 420, 220, 'blue']]);
  assert.deepEqual(report.secrets, [{ name: 'ALERTS_API', source: 'n8n credential "Alerts API" (httpBearerAuth)', usedBy: ['Notify sales'] }]);
  assert.ok(!JSON.stringify(workflow).includes('"7"'), 'the credential id is not in the file');
});

test('n8n: schedule rules, Switch outputs, Wait, Execute Workflow, unknown nodes with their credentials as secrets', () => {
  const { workflow, warnings, report } = importWorkflow(fixtureText('n8n-schedule-tickets.json'));
  assert.deepEqual(byName(workflow, 'Weekday mornings').config, { cron: '0 8 * * 1-5', timezone: 'Europe/Berlin' });
  assert.ok(hasWarning(warnings, /"Weekday mornings": only the first of 2 schedule rules was kept/));
  assert.deepEqual(byName(workflow, 'By top priority').config, { value: '{{ $input.top }}', cases: ['urgent', 'high', 'low'] });
  assert.deepEqual(edgesFrom(workflow, 'By top priority'), [
    ['urgent', 'Page on-call'],
    ['high', 'Label'],
    ['low', 'Later'],
    ['default', 'No tickets'],
  ]);
  assert.deepEqual(byName(workflow, 'Label').config, { values: { label: 'High: {{ $input.total }} open' } });
  assert.deepEqual(byName(workflow, 'Later').config, { ms: 30 * 60_000 });
  assert.deepEqual(byName(workflow, 'Page on-call').config, { path: './page-on-call.workflow.json' });
  assert.deepEqual(byName(workflow, 'No tickets').config, { values: {} });
  const slack = byName(workflow, 'Tell the team');
  assert.equal(slack.type, 'n8n-nodes-base.slack');
  assert.equal((slack.config.parameters as Record<string, unknown>).text, '={{ $json.total }} open tickets, none urgent', 'unknown nodes keep their parameters verbatim');
  assert.deepEqual(slack.config.credentials, { slackApi: '{{ $secrets.TEAM_SLACK }}' });
  assert.deepEqual(report.secrets.map((s) => s.name), ['HELPDESK_TOKEN', 'TEAM_SLACK']);
  assert.deepEqual(workflow.tags, ['support']);
  assert.deepEqual(report.types.find((t) => t.from === 'n8n-nodes-base.slack'), { from: 'n8n-nodes-base.slack', to: 'n8n-nodes-base.slack', count: 1, status: 'kept' });
});

test('n8n: the Code node adapter gives the code n8n\'s names and returns one value', async () => {
  const { workflow } = importWorkflow(fixtureText('n8n-schedule-tickets.json'));
  const code = String(byName(workflow, 'Count by priority').config.code);
  const input = { tickets: [{ priority: 'high' }, { priority: 'low' }, { priority: 'high' }] };
  assert.deepEqual(await runCode(code, input), { total: 3, counts: { high: 2, low: 1 }, top: 'high' });
});

test('n8n: per-item code, old Function nodes and $(…) in code run on our single value', async () => {
  const { workflow, warnings } = importWorkflow(fixtureText('n8n-manual-merge.json'));
  const enrich = String(byName(workflow, 'Enrich').config.code);
  assert.match(enrich, /^\/\/ NOTE: uses Luxon dates/);
  assert.ok(hasWarning(warnings, /"Enrich": code: uses Luxon dates/));
  const mark = String(byName(workflow, 'Mark checked').config.code);
  assert.deepEqual(await runCode(mark, { limit: 10 }), { limit: 10, checked: true });
  const lookup = (await import('../../../src/core/importers/n8nCode')).adaptN8nCode("return { json: { price: $('Prices').item.json.eur, own: $json.n } };", true).code;
  assert.deepEqual(await runCode(lookup, { n: 1 }, { Prices: { eur: 9 } }), { price: 9, own: 1 });
});

test('n8n: Merge inputs in order, IF v1, Stop and Error, disabled, notes, continueOnFail, old Set', () => {
  const { workflow, warnings } = importWorkflow(fixtureText('n8n-manual-merge.json'));
  const merge = byName(workflow, 'Both');
  assert.deepEqual(merge.config, { mode: 'array' });
  const into = workflow.edges.filter((e) => e.target === merge.id).map((e) => [workflow.nodes.find((n) => n.id === e.source)!.name, e.targetHandle]);
  assert.deepEqual(into, [['Defaults', undefined], ['Enrich', undefined]], 'input 0 before input 1, both into "in"');
  assert.equal(byName(workflow, 'Enough?').config.condition, '{{ $input.limit > 5 }}');
  assert.deepEqual(byName(workflow, 'Too low').config, { message: 'Limit too low: {{ $input.limit }}' });
  assert.equal(byName(workflow, 'Mark checked').onError, 'continue');
  const day = byName(workflow, 'Day');
  assert.equal(day.disabled, true);
  assert.equal(day.notes, 'Formats the check time; turned off while the API is down.');
  assert.deepEqual(byName(workflow, 'Defaults').config, { expression: '{ "region": "eu", "limit": 10, "dryRun": true }' });
  assert.ok(hasWarning(warnings, /pinData not kept/));
});

test('n8n: Loop Over Items becomes For Each; the loop-back connection is implied; retries and full responses', () => {
  const { workflow, warnings } = importWorkflow(fixtureText('n8n-loop-callback.json'));
  const loop = byName(workflow, 'Loop Over Items');
  assert.equal(loop.type, 'flow.forEach');
  assert.deepEqual(edgesFrom(workflow, 'Loop Over Items'), [['done', 'Finished'], ['item', 'Fetch item']]);
  assert.ok(!workflow.edges.some((e) => e.target === loop.id && e.source === byName(workflow, 'Pause').id));
  assert.ok(hasWarning(warnings, /connection back into the loop/));
  const fetch = byName(workflow, 'Fetch item');
  assert.equal(fetch.type, 'http.request', 'a full response needs no body adapter');
  assert.equal(fetch.config.url, 'https://api.example.com/items/{{ $input.id }}');
  assert.deepEqual(fetch.retry, { maxAttempts: 4, backoff: 'fixed', initialMs: 2000, jitter: 0 });
  assert.deepEqual(byName(workflow, 'Pause').config, { ms: 2000 });
  const back = byName(workflow, 'Report back (request)');
  assert.equal(back.onError, 'continue');
  assert.match(String(back.config.url), /^\{\{ \$unconverted\("n8n", /);
});

test('n8n: errors routed to the error output, Filter, Switch v2, Cron, local sub-workflows', () => {
  const { workflow } = importWorkflow(fixtureText('n8n-cron-errors.json'));
  assert.deepEqual(byName(workflow, 'Every morning').config, { cron: '30 9 * * *', timezone: 'America/New_York' });
  const status = byName(workflow, 'Status (request)');
  assert.equal(status.onError, 'errorOutput');
  assert.deepEqual(edgesFrom(workflow, 'Status (request)'), [['error', 'Log failure'], [undefined, 'Status']]);
  assert.deepEqual(edgesFrom(workflow, 'How bad'), [['none', 'All good'], ['minor', 'Degraded'], ['default', 'Outage']]);
  assert.equal(byName(workflow, 'Has status').type, 'flow.if');
  assert.deepEqual(byName(workflow, 'Degraded').config, { path: 'alerts/degraded.workflow.json' });
});

test('n8n: nodes a rule cannot carry over keep their type and data, with the reason', () => {
  const value = {
    nodes: [
      { id: 'a', name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { path: 'x/:id', httpMethod: 'GET' } },
      { id: 'b', name: 'Py', type: 'n8n-nodes-base.code', typeVersion: 2, position: [0, 0], parameters: { language: 'python', pythonCode: 'return items' } },
      { id: 'c', name: 'Combine', type: 'n8n-nodes-base.merge', typeVersion: 3, position: [0, 0], parameters: { mode: 'combine' } },
    ],
    connections: {},
  };
  const { workflow, warnings } = importWorkflowValue(value);
  assert.deepEqual(workflow.nodes.map((n) => n.type), ['n8n-nodes-base.webhook', 'n8n-nodes-base.code', 'n8n-nodes-base.merge']);
  assert.deepEqual(workflow.nodes[1]!.config, { typeVersion: 2, parameters: { language: 'python', pythonCode: 'return items' } });
  assert.ok(hasWarning(warnings, /"Hook": kept as n8n-nodes-base\.webhook: the path is empty or has route parameters/));
  assert.ok(hasWarning(warnings, /"Py": kept as n8n-nodes-base\.code: python code does not run here/));
  assert.ok(hasWarning(warnings, /"Combine": kept as n8n-nodes-base\.merge: the mode "combine" has no equivalent/));
});

test('n8n: a malformed export is refused naming the place', () => {
  assert.throws(() => importWorkflowValue({ nodes: [{ name: 'A', type: 3 }], connections: {} }, { format: 'n8n' }), /not a valid n8n node: nodes\[0\]\.type: /);
  assert.throws(
    () => importWorkflowValue({ nodes: [{ name: 'A', type: 'n8n-nodes-base.noOp', parameters: {}, typeVersion: 1 }], connections: { A: { main: [[{ index: 0 }]] } } }),
    /connections\["A"\]\.main\[0\]\[0\]\.node: /,
  );
});

test('n8n: older exports: errorOutput + continueOnFail, HTTP Request v1, Cron times without a mode, connections to no node', () => {
  const value = {
    nodes: [
      { id: 'a', name: 'Every day', type: 'n8n-nodes-base.cron', typeVersion: 1, position: [0, 0], parameters: { triggerTimes: { item: [{ hour: 7, minute: 5 }] } } },
      {
        id: 'b',
        name: 'Get',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 1,
        position: [200, 0],
        parameters: { requestMethod: 'POST', url: '=https://x.example/{{ $json.id }}', jsonParameters: true, bodyParametersJson: '{"a":1}', options: {}, headerParametersUi: { parameter: [{ name: 'ignored', value: 'x' }] } },
      },
      { id: 'c', name: 'Throw', type: 'n8n-nodes-base.code', typeVersion: 2, position: [400, 0], parameters: { jsCode: 'return $input.all();' }, errorOutput: true, continueOnFail: true },
      { id: 'd', name: 'Ok', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, 0], parameters: {} },
      { id: 'e', name: 'Failed', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [600, 200], parameters: {} },
    ],
    connections: {
      'Every day': { main: [[{ node: 'Get', type: 'main', index: 0 }]] },
      Get: { main: [[{ node: 'Throw', type: 'main', index: 0 }]] },
      c: { main: [[{ node: 'Ok', type: 'main', index: 0 }], [{ node: 'Failed', type: 'main', index: 0 }]] },
      Ok: { main: [[{ node: 'error-handler-1', type: 'main', index: 0 }]] },
    },
  };
  const { workflow, warnings, report } = importWorkflowValue(value);
  assert.deepEqual(byName(workflow, 'Every day').config, { cron: '5 7 * * *', timezone: 'UTC' });
  assert.deepEqual(byName(workflow, 'Get (request)').config, { method: 'POST', url: 'https://x.example/{{ $input.id }}', body: { a: 1 } });
  assert.equal(byName(workflow, 'Throw').onError, 'errorOutput');
  assert.deepEqual(edgesFrom(workflow, 'Throw'), [[undefined, 'Ok'], ['error', 'Failed']], 'connections keyed by node id are read too');
  assert.ok(hasWarning(warnings, /connections\["Ok"\]\.main\[0\]\[0\]: "error-handler-1" is no node of the workflow \(n8n ignores this connection too\); not kept/));
  assert.deepEqual(report.counts.find((c) => c.kind === 'connections to no node'), { kind: 'connections to no node', in: 1, out: 0, note: 'n8n ignores them too' });
  assert.deepEqual(report.counts.find((c) => c.kind === 'edges'), { kind: 'edges', in: 5, out: 5 }, 'one connection to no node left out, one edge into the response-body Transform added');
});

test('n8n: a webhook answered by Respond to Webhook answers with the run\'s output, which is what that node gives', async () => {
  const value = {
    nodes: [
      { id: 'w', name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { path: 'ping', httpMethod: 'POST', responseMode: 'responseNode' } },
      { id: 'r', name: 'Answer', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [200, 0], parameters: { respondWith: 'json', responseBody: '={{ { "pong": $json.body.n } }}', options: {} } },
      { id: 'f', name: 'Fixed', type: 'n8n-nodes-base.respondToWebhook', typeVersion: 1.1, position: [200, 200], parameters: { respondWith: 'json', responseBody: '{ "ok": true }', options: { responseCode: 201 } } },
    ],
    connections: { Hook: { main: [[{ node: 'Answer', type: 'main', index: 0 }]] } },
  };
  const { workflow, warnings } = importWorkflowValue(value);
  assert.deepEqual(byName(workflow, 'Hook').config, { path: 'ping', method: 'POST', responseMode: 'lastNode' });
  assert.equal(byName(workflow, 'Answer').type, 'data.transform');
  assert.match(String(byName(workflow, 'Answer').config.expression), /^\$unconverted\("n8n", /, 'an object literal in JavaScript is kept as written');
  assert.deepEqual(byName(workflow, 'Fixed').config, { expression: '{ "ok": true }' });
  assert.ok(hasWarning(warnings, /"Fixed": its status code and headers are not kept/));
});
