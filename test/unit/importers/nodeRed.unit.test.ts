import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { importWorkflow, importWorkflows, importWorkflowValue, ImportError } from '../../../src/core/importers/index';
import { createCodeRunner } from '../../../src/core/code/codeRunner';
import { evaluateExpression } from '../../../src/core/expressions/evaluate';
import type { Workflow } from '../../../src/core/model/workflow';
import { fixtureText, hasWarning } from './support';

const runner = createCodeRunner();
after(() => runner.dispose());

function byId(workflow: Workflow, id: string) {
  const node = workflow.nodes.find((n) => n.id === id);
  assert.ok(node, `no node "${id}"`);
  return node;
}

function edges(workflow: Workflow): [string, string | undefined, string][] {
  return workflow.edges.map((e) => [e.source, e.sourceHandle, e.target]);
}

const scope = (input: unknown) => ({ input, vars: {}, node: {}, execution: { id: 'x', started: '' }, env: { SITE_NAME: 'north' }, secrets: async () => ({}) });

test('Node-RED: http in → function → switch → change/template/delay → http response', async () => {
  const { workflow, format, warnings } = importWorkflow(fixtureText('nodered-http-api.json'));
  assert.equal(format, 'nodered');
  assert.equal(workflow.name, 'Orders API');
  assert.equal(workflow.description, 'Receives orders over HTTP and answers each one.');
  assert.deepEqual(byId(workflow, 'n1http000000000a').config, { path: 'orders', method: 'POST', responseMode: 'lastNode' });
  // The message Node-RED makes of a request: the body as payload.
  const message = byId(workflow, 'n1http000000000a-msg');
  const msg = await evaluateExpression(String(message.config.expression), scope({ method: 'POST', path: 'orders', query: { a: '1' }, headers: {}, body: { customer: 'Ada' } }));
  assert.deepEqual(JSON.parse(JSON.stringify(msg)), { payload: { customer: 'Ada' }, req: { method: 'POST', query: { a: '1' }, headers: {} } });
  assert.deepEqual(edges(workflow).filter(([source]) => source.startsWith('n1')).sort(), [
    ['n1http000000000a', undefined, 'n1http000000000a-msg'],
    ['n1http000000000a-msg', undefined, 'n2func000000000b'],
  ]);
  const code = String(byId(workflow, 'n2func000000000b').config.code);
  const run = (input: unknown) => runner.run({ code, input, vars: {}, node: {}, execution: { id: 'x', started: '' }, timeoutMs: 5000, signal: new AbortController().signal, log: () => {} });
  assert.deepEqual(await run({ payload: { customer: 'Ada', refund: true } }), { payload: { customer: 'Ada', refund: true, kind: 'refund' } });
  assert.deepEqual(await run({ payload: {} }), { payload: { kind: 'invalid' } });
  assert.deepEqual(byId(workflow, 'n3switch0000000c').config, { value: '{{ payload.kind }}', cases: ['order', 'refund'] });
  assert.deepEqual(edges(workflow).filter(([source]) => source === 'n3switch0000000c'), [
    ['n3switch0000000c', 'order', 'n4change000000d'],
    ['n3switch0000000c', 'refund', 'n6delay0000000f'],
    ['n3switch0000000c', 'default', 'n7change000000g'],
  ]);
  assert.deepEqual(byId(workflow, 'n4change000000d').config, { values: { topic: 'order', total: '{{ payload.quantity * payload.price }}' } });
  assert.deepEqual(byId(workflow, 'n5templ000000e').config, { values: { payload: 'Thanks {{ payload.customer }}, your order of {{ total }} is in.' } });
  assert.deepEqual(byId(workflow, 'n6delay0000000f').config, { ms: 2000 });
  assert.equal(byId(workflow, 'n7change000000g').type, 'node-red:change');
  assert.deepEqual(byId(workflow, 'n8resp00000000h').config, { expression: 'payload' });
  assert.deepEqual(byId(workflow, 'n9debug00000000i').config, { message: '{{ payload }}' });
  assert.deepEqual(
    workflow.stickyNotes?.map((n) => [n.id, n.text, n.position, n.width, n.height, n.color]),
    [
      ['nAcomment00000j', 'Refunds wait two seconds\n\nSo that the ledger catches up before we answer.', { x: 760, y: 260 }, undefined, undefined, undefined],
      ['g1b2c3d4e5f60718', 'Intake', { x: 54, y: 79 }, 412, 82, 'yellow'],
    ],
  );
  assert.ok(hasWarning(warnings, /HTML-escaped/));
});

test('Node-RED: several tabs need --tab; each tab is its own workflow; links become edges or calls', () => {
  const text = fixtureText('nodered-multi-tab.json');
  assert.throws(() => importWorkflow(text), (error: unknown) => error instanceof ImportError && /the flows hold 2 tabs \("Ingest", "Notify"\); pick one/.test(error.message));
  assert.throws(() => importWorkflow(text, { tab: 'Nope' }), /no tab "Nope"; the flows hold "Ingest", "Notify"/);
  const [ingest, notify] = importWorkflows(text);
  assert.equal(importWorkflow(text, { tab: 'tabNotify0000002' }).workflow.name, 'Notify', 'a tab by id');
  assert.equal(importWorkflow(text, { tab: 'notify', name: 'Renamed' }).workflow.name, 'Renamed', 'a tab by label, any case');
  const w = ingest!.workflow;
  assert.deepEqual(byId(w, 'i1inject00000001').config, { cron: '*/5 * * * *', timezone: 'UTC' });
  assert.equal(byId(w, 'i4linkout00004').type, 'flow.subworkflow');
  assert.deepEqual(byId(w, 'i4linkout00004').config, { path: './notify.workflow.json' });
  assert.equal(byId(w, 'i5linkout00005').type, 'data.set');
  assert.ok(edges(w).some(([s, , t]) => s === 'i5linkout00005' && t === 'i6linkin000006'), 'a link within the tab is an edge');
  assert.deepEqual(byId(w, 'i2change0000002').config, { values: { reading: { celsius: 21.5 }, site: '{{ $env.SITE_NAME }}', at: '{{ $millis() }}' } });
  assert.deepEqual(w.settings, { env: ['SITE_NAME'] });
  const mqtt = byId(w, 'i7mqtt00000007');
  assert.equal(mqtt.type, 'node-red:mqtt out');
  assert.equal((mqtt.config.configNodes as Record<string, { name: string }>).broker.name, 'Local broker', 'the config node it uses is kept in it');
  assert.equal(byId(notify!.workflow, 'n1linkin000001').type, 'trigger.workflow');
  assert.deepEqual(byId(notify!.workflow, 'n2delay0000002').config, { ms: 500 });
  assert.deepEqual(byId(notify!.workflow, 'n3debug0000003').config, { message: '{{ reading.celsius }}' });
});

test('Node-RED: the message an inject sends is built after the trigger', async () => {
  const [ingest] = importWorkflows(fixtureText('nodered-multi-tab.json'));
  const message = byId(ingest!.workflow, 'i1inject00000001-msg');
  const value = (await evaluateExpression(String(message.config.expression), scope({}))) as { payload: number; topic: string };
  assert.equal(value.topic, 'reading');
  assert.ok(Math.abs(value.payload - Date.now()) < 60_000, 'a date payload is the time in ms');
});

test('Node-RED: link call, return links, subflows, multi-output functions, crontab', () => {
  const [schedules, calls, library] = importWorkflows(fixtureText('nodered-three-tabs.json'));
  assert.deepEqual(byId(schedules!.workflow, 'a1').config, { cron: '00 07 * * 1,2,3,4,5', timezone: 'UTC' });
  const split = byId(schedules!.workflow, 'a2');
  assert.equal(split.type, 'node-red:function');
  assert.deepEqual(edges(schedules!.workflow).filter(([s]) => s === 'a2'), [['a2', undefined, 'a3'], ['a2', 'output_1', 'a4']]);
  const stamp = byId(schedules!.workflow, 'a3').config.subflow as { name: string; nodes: { id: string }[] };
  assert.equal(stamp.name, 'Stamp');
  assert.deepEqual(stamp.nodes.map((n) => n.id), ['sf1n1']);
  assert.deepEqual(byId(schedules!.workflow, 'a4').config, { message: '{{ $input }}' });
  assert.deepEqual(byId(schedules!.workflow, 'a5').config, { message: '{{ $string(payload.n) & " is even" }}' });
  assert.deepEqual(byId(calls!.workflow, 'b2').config, { path: './library.workflow.json' });
  assert.equal(byId(library!.workflow, 'c1').type, 'trigger.workflow');
  assert.deepEqual(byId(library!.workflow, 'c2').config, { values: { payload: '{{ $uppercase($string(payload)) }}' } });
});

test('Node-RED: malformed flows are refused naming the node', () => {
  assert.throws(() => importWorkflowValue([{ id: 'a', type: 'inject', wires: 'b' }], { format: 'nodered' }), /node a\.wires: expected a list of outputs/);
  assert.throws(() => importWorkflowValue([{ id: 'a', type: 'inject', wires: [['b']] }, { id: 3, type: 'x' }], { format: 'nodered' }), /\[1\]\.id: /);
});

test('Node-RED: a template with JSON output gives the parsed value, fixed or with message values', async () => {
  const flows = [
    { id: 't', type: 'tab', label: 'T' },
    { id: 'a', type: 'template', z: 't', field: 'payload', fieldType: 'msg', syntax: 'mustache', output: 'json', template: '{ "n": {{payload.n}}, "label": "x{{topic}}" }', x: 0, y: 0, wires: [['b']] },
    { id: 'b', type: 'template', z: 't', field: 'payload', fieldType: 'msg', syntax: 'plain', output: 'json', template: '{"fixed": [1, 2]}', x: 0, y: 0, wires: [['c']] },
    { id: 'c', type: 'function', z: 't', func: 'node.log(msg.payload);', outputs: 0, x: 0, y: 0, wires: [] },
  ];
  const { workflow } = importWorkflowValue(flows);
  const value = String((byId(workflow, 'a').config.values as Record<string, unknown>).payload);
  assert.match(value, /^\{\{ \$eval\(/);
  const { compileValue } = await import('../../../src/core/expressions/template');
  const compiled = compileValue(value);
  assert.ok(compiled.dynamic);
  assert.deepEqual(JSON.parse(JSON.stringify(await compiled.evaluate(scope({ payload: { n: 4 }, topic: 'y' })))), { n: 4, label: 'xy' });
  assert.deepEqual(byId(workflow, 'b').config, { values: { payload: { fixed: [1, 2] } } });
  assert.equal(byId(workflow, 'c').type, 'code.javascript', 'a function without outputs is a code node whose output nothing reads');
});
