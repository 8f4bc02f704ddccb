import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { runWorkflow } from '../../../src/core/engine/engine';
import { fanOut } from '../../../src/core/engine/runtime';
import { chainEdges, edge, node, probe, recorder, resetProbe, testNodeTypes, workflow } from './helpers';

beforeEach(resetProbe);
const run = (wf: Parameters<typeof runWorkflow>[0], options: Parameters<typeof runWorkflow>[1] = {}) =>
  runWorkflow(wf, { nodeTypes: testNodeTypes, ...options });

test('a chain of data.set merges fields and reports each node in order', async () => {
  const rec = recorder();
  const wf = workflow(
    [node('start', 'trigger.manual'), node('a', 'data.set', { values: { a: 1 } }), node('b', 'data.set', { values: { b: 2, a: 3 } })],
    chainEdges(['start', 'a', 'b']),
  );
  const result = await run(wf, { input: { x: 0 }, listeners: [rec.listener] });
  assert.equal(result.status, 'success');
  assert.deepEqual(result.output, { x: 0, a: 3, b: 2 });
  assert.equal(result.nodesExecuted, 3);
  assert.deepEqual(
    rec.events.map((e) => e.type + ('nodeId' in e ? `:${e.nodeId}` : '')),
    ['execution.started', 'node.started:start', 'node.finished:start', 'node.started:a', 'node.finished:a', 'node.started:b', 'node.finished:b', 'execution.finished'],
  );
});

test('flow.if: the untaken branch and everything only behind it is skipped; a join still runs', async () => {
  const rec = recorder();
  const wf = workflow(
    [
      node('start', 'trigger.manual'),
      node('check', 'flow.if', { condition: '{{ price > 10 }}' }),
      node('high', 'data.set', { values: { level: 'high' } }),
      node('low', 'data.set', { values: { level: 'low' } }),
      node('lowNext', 'data.set', { values: { more: true } }),
      node('join', 'data.set', { values: { joined: true } }),
    ],
    [edge('start', 'check'), edge('check', 'high', 'true'), edge('check', 'low', 'false'), edge('low', 'lowNext'), edge('high', 'join'), edge('lowNext', 'join')],
  );
  const result = await run(wf, { input: { price: 12 }, listeners: [rec.listener] });
  assert.equal(result.status, 'success');
  assert.deepEqual(result.output, { price: 12, level: 'high', joined: true });
  assert.equal(rec.statusOf('low'), 'skipped:branch');
  assert.equal(rec.statusOf('lowNext'), 'skipped:branch');
  assert.equal(rec.statusOf('join'), 'success');
});

test('a node with several inputs waits for all of them and gets an object keyed by source name', async () => {
  const wf = workflow(
    [
      node('start', 'trigger.manual'),
      node('slow', 'test.sleep', { ms: 40, value: 'S' }, { name: 'Slow' }),
      node('fast', 'test.sleep', { ms: 1, value: 'F' }, { name: 'Fast' }),
      node('join', 'data.transform', { expression: '$' }),
    ],
    [edge('start', 'slow'), edge('start', 'fast'), edge('slow', 'join'), edge('fast', 'join')],
  );
  const result = await run(wf);
  assert.equal(result.status, 'success');
  assert.deepEqual(result.output, { Slow: 'S', Fast: 'F' });
});

for (const concurrency of [1, 2, 4]) {
  test(`independent branches run in parallel up to settings.concurrency = ${concurrency}`, async () => {
    const branches = Array.from({ length: 6 }, (_, i) => node(`s${i}`, 'test.sleep', { ms: 25 }));
    const wf = workflow([node('start', 'trigger.manual'), ...branches], branches.map((b) => edge('start', b.id)), { settings: { concurrency } });
    const result = await run(wf);
    assert.equal(result.status, 'success');
    assert.equal(probe.maxInFlight, concurrency);
  });
}

test('retries with exponential backoff, then succeeds; delays follow the policy', async () => {
  const rec = recorder();
  const delays: number[] = [];
  const wf = workflow([node('f', 'test.flaky', { times: 2 }, { retry: { maxAttempts: 3, initialMs: 100, jitter: 0.5 } })], []);
  const result = await run(wf, {
    listeners: [rec.listener],
    random: () => 0.5, // zero spread: exact exponential delays
    sleep: async (ms) => void delays.push(ms),
  });
  assert.equal(result.status, 'success');
  assert.deepEqual(result.output, { attempt: 3 });
  assert.deepEqual(delays, [100, 200]);
  const failed = rec.of('node.failed');
  assert.deepEqual(failed.map((e) => [e.attempt, e.willRetry, e.retryInMs]), [[1, true, 100], [2, true, 200]]);
  assert.deepEqual(rec.of('node.started').map((e) => e.attempt), [1, 2, 3]);
});

test('retries exhausted: the run fails naming the node and the last error', async () => {
  const wf = workflow([node('f', 'test.flaky', { times: 5 }, { name: 'Flaky', retry: { maxAttempts: 2, initialMs: 1 } })], []);
  const result = await run(wf);
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.nodeId, 'f');
  assert.equal(result.error?.nodeName, 'Flaky');
  assert.equal(result.error?.message, 'flaky failure 2');
  assert.equal(probe.attempts.get('f'), 2);
});

test('onError continue: the run goes on with the error as data and ends partial', async () => {
  const wf = workflow(
    [node('start', 'trigger.manual'), node('bad', 'test.throw', {}, { onError: 'continue' }), node('after', 'data.set', { values: { after: true } })],
    chainEdges(['start', 'bad', 'after']),
  );
  const result = await run(wf, { input: { v: 1 } });
  assert.equal(result.status, 'partial');
  assert.deepEqual(result.output, { error: { message: 'sync boom', code: 'INTERNAL', field: undefined }, input: { v: 1 }, after: true });
});

test('onError errorOutput: the error goes out of the "error" handle and the normal path is skipped', async () => {
  const rec = recorder();
  const wf = workflow(
    [node('bad', 'test.throw', {}, { onError: 'errorOutput' }), node('ok', 'data.set', { values: { ok: true } }), node('handler', 'data.set', { values: { handled: true } })],
    [edge('bad', 'ok'), edge('bad', 'handler', 'error')],
  );
  const result = await run(wf, { listeners: [rec.listener] });
  assert.equal(result.status, 'partial');
  assert.equal(rec.statusOf('ok'), 'skipped:branch');
  assert.equal((result.output as { handled: boolean }).handled, true);
});

test('a failing node stops the run: running siblings are aborted, waiting nodes are skipped as stopped', async () => {
  const rec = recorder();
  const wf = workflow(
    [node('start', 'trigger.manual'), node('bad', 'test.flaky', { times: 1 }), node('long', 'test.sleep', { ms: 5000 }), node('after', 'data.set', {})],
    [edge('start', 'bad'), edge('start', 'long'), edge('long', 'after')],
  );
  const t0 = Date.now();
  const result = await run(wf, { listeners: [rec.listener] });
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.nodeId, 'bad');
  await new Promise((r) => setImmediate(r));
  assert.ok(probe.aborted.has('long'), 'the sibling saw its signal abort');
  assert.equal(rec.statusOf('after'), 'skipped:stopped');
  assert.ok(Date.now() - t0 < 2000);
});

test('per-node timeout stops a node that never settles, with code TIMEOUT', async () => {
  const wf = workflow([node('h', 'test.hang', {}, { name: 'Hang', timeoutMs: 30 })], []);
  const result = await run(wf);
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.code, 'TIMEOUT');
  assert.match(result.error!.message, /Hang.*30 ms/);
});

test('the execution time limit ends the run with status timeout', async () => {
  const rec = recorder();
  const wf = workflow([node('h', 'test.hang'), node('next', 'data.set', {})], [edge('h', 'next')], { settings: { timeoutMs: 40 } });
  const result = await run(wf, { listeners: [rec.listener] });
  assert.equal(result.status, 'timeout');
  assert.equal(result.error?.code, 'TIMEOUT');
  assert.equal(rec.statusOf('next'), 'skipped:stopped');
});

test('cancelling through the AbortSignal ends the run promptly with status cancelled', async () => {
  const controller = new AbortController();
  const wf = workflow([node('s', 'test.sleep', { ms: 10_000 })], []);
  setTimeout(() => controller.abort(), 20);
  const t0 = Date.now();
  const result = await run(wf, { signal: controller.signal });
  assert.equal(result.status, 'cancelled');
  assert.equal(result.error?.code, 'CANCELLED');
  assert.ok(Date.now() - t0 < 1000);
  await new Promise((r) => setImmediate(r));
  assert.ok(probe.aborted.has('s'));
});

test('triggerNodeId starts from that trigger only; the other trigger\'s branch is not reached', async () => {
  const rec = recorder();
  const wf = workflow(
    [node('t1', 'trigger.manual'), node('t2', 'trigger.manual'), node('a', 'data.set', { values: { from: 1 } }), node('b', 'data.set', { values: { from: 2 } })],
    [edge('t1', 'a'), edge('t2', 'b')],
  );
  const result = await run(wf, { triggerNodeId: 't2', listeners: [rec.listener] });
  assert.deepEqual(result.output, { from: 2 });
  assert.equal(rec.statusOf('a'), 'skipped:not-reached');
  assert.equal(rec.statusOf('t1'), 'skipped:not-reached');
});

test('a disabled node is skipped and passes its input through', async () => {
  const rec = recorder();
  const wf = workflow(
    [node('a', 'data.set', { values: { a: 1 } }), node('off', 'data.set', { values: { off: 1 } }, { disabled: true }), node('c', 'data.set', { values: { c: 1 } })],
    chainEdges(['a', 'off', 'c']),
  );
  const result = await run(wf, { listeners: [rec.listener] });
  assert.deepEqual(result.output, { a: 1, c: 1 });
  assert.equal(rec.statusOf('off'), 'skipped:disabled');
});

test('expressions see $input, $vars, $node by name and id, $execution and allow-listed $env', async () => {
  const wf = workflow(
    [
      node('first', 'data.set', { values: { price: 2 } }, { name: 'First' }),
      node('calc', 'data.set', {
        values: {
          total: '{{ price * $vars.QTY }}',
          label: 'total is {{ price * $vars.QTY }} {{ $vars.CUR }}',
          byName: '{{ $node["First"].price }}',
          byId: '{{ $node.first.price }}',
          exec: '{{ $execution.id }}',
          home: '{{ $env.WF_TEST_HOME }}',
          hidden: '{{ $env.WF_TEST_SECRET }}',
        },
      }),
    ],
    [edge('first', 'calc')],
    { variables: { QTY: 3, CUR: 'EUR' }, settings: { env: ['WF_TEST_HOME'] } },
  );
  const result = await run(wf, { executionId: 'exec-1', env: { WF_TEST_HOME: '/home/x', WF_TEST_SECRET: 'nope' } });
  assert.equal(result.status, 'success');
  assert.deepEqual(result.output, {
    price: 2, total: 6, label: 'total is 6 EUR', byName: 2, byId: 2, exec: 'exec-1', home: '/home/x', hidden: undefined,
  });
});

test('secrets resolve through the provider and are redacted from logs and errors', async () => {
  const rec = recorder();
  const wf = workflow(
    [node('log', 'util.log', { message: 'token={{ $secrets.API_TOKEN }}' }), node('fail', 'flow.fail', { message: 'bad {{ $secrets.API_TOKEN }}' })],
    [edge('log', 'fail')],
  );
  const result = await run(wf, { secrets: { get: (name) => (name === 'API_TOKEN' ? 's3cr3t-value' : undefined) }, listeners: [rec.listener] });
  assert.equal(result.status, 'failed');
  const logs = rec.of('log');
  assert.equal(logs.length, 1);
  assert.equal(logs[0].message, 'token=***');
  assert.equal(result.error?.message, 'bad ***');
  assert.ok(!JSON.stringify(rec.of('node.failed')).includes('s3cr3t-value'));
});

test('a missing secret or a failing expression fails the node naming the field', async () => {
  const wf = workflow([node('s', 'data.set', { values: { key: '{{ $secrets.NOPE }}' } }, { name: 'Setter' })], []);
  const result = await run(wf, { secrets: { get: () => undefined } });
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.code, 'EXPRESSION');
  assert.equal(result.error?.field, 'values.key');
  assert.match(result.error!.message, /secret "NOPE" is not set/);
});

test('flow.forEach runs its body per item (iteration on events) and emits results on done, in order', async () => {
  const rec = recorder();
  const wf = workflow(
    [
      node('loop', 'flow.forEach', { items: '{{ orders }}', concurrency: 3 }),
      node('wait', 'test.sleep', { ms: 5 }),
      node('double', 'data.transform', { expression: '{ "id": id, "twice": n * 2 }' }),
      node('after', 'data.transform', { expression: '$count($)' }),
    ],
    [edge('loop', 'wait', 'item'), edge('wait', 'double'), edge('loop', 'after', 'done')],
  );
  const orders = [{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'c', n: 3 }, { id: 'd', n: 4 }];
  const result = await run(wf, { input: { orders }, listeners: [rec.listener] });
  assert.equal(result.status, 'success', JSON.stringify(result.error));
  assert.equal(result.output, 4);
  const loopDone = rec.of('node.finished').find((e) => e.nodeId === 'loop')!;
  assert.deepEqual(JSON.parse(JSON.stringify(loopDone.output.done)), orders.map((o) => ({ id: o.id, twice: o.n * 2 })));
  assert.deepEqual(rec.of('node.finished').filter((e) => e.nodeId === 'double').map((e) => e.iteration).sort(), ['0', '1', '2', '3']);
  assert.equal(probe.maxInFlight, 3);
});

test('nested loops tag events with an iteration path', async () => {
  const rec = recorder();
  const wf = workflow(
    [node('outer', 'flow.forEach', { items: '{{ $ }}' }), node('inner', 'flow.forEach', { items: '{{ $ }}' }), node('leaf', 'data.transform', { expression: '$ * 10' })],
    [edge('outer', 'inner', 'item'), edge('inner', 'leaf', 'item')],
  );
  const result = await run(wf, { input: [[1, 2], [3]], listeners: [rec.listener] });
  assert.equal(result.status, 'success', JSON.stringify(result.error));
  const outerDone = rec.of('node.finished').find((e) => e.nodeId === 'outer')!;
  assert.deepEqual(outerDone.output.done, [[10, 20], [30]]);
  assert.deepEqual(rec.of('node.finished').filter((e) => e.nodeId === 'leaf').map((e) => e.iteration).sort(), ['0/0', '0/1', '1/0']);
});

test('a failure inside a loop body fails the loop node with the body\'s error', async () => {
  const wf = workflow(
    [node('loop', 'flow.forEach', { items: '{{ $ }}' }, { name: 'Loop' }), node('check', 'flow.fail', { message: 'item {{ $ }} is bad' })],
    [edge('loop', 'check', 'item')],
  );
  const result = await run(wf, { input: [7, 8] });
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.nodeId, 'loop');
  assert.equal(result.error?.message, 'item 7 is bad');
});

test('a cycle or an unknown node type fails the run before any node starts, naming the nodes', async () => {
  const cyclic = workflow([node('a', 'data.set', {}, { name: 'A' }), node('b', 'data.set', {}, { name: 'B' }), node('c', 'data.set', {})], [edge('c', 'a'), edge('a', 'b'), edge('b', 'a')]);
  const rec = recorder();
  const result = await run(cyclic, { listeners: [rec.listener] });
  assert.equal(result.status, 'failed');
  assert.match(result.error!.message, /cycle through "A", "B"/);
  assert.equal(rec.of('node.started').length, 0);
  const unknown = await run(workflow([node('x', 'nope.type', {}, { name: 'X' })], []));
  assert.equal(unknown.status, 'failed');
  assert.match(unknown.error!.message, /"X".*unknown node type "nope.type"/);
});

test('a 10,000-node synchronous chain runs without deep recursion', async () => {
  const ids = Array.from({ length: 10_000 }, (_, i) => `n${i}`);
  const wf = workflow(ids.map((id, i) => node(id, 'data.set', { values: { i } })), chainEdges(ids));
  const result = await run(wf, { input: {} });
  assert.equal(result.status, 'success');
  assert.deepEqual(result.output, { i: 9999 });
  assert.equal(result.nodesExecuted, 10_000);
});

test('a long synchronous run yields to the event loop, so a cancel timer stops it midway', async () => {
  // 300 nodes × 2 ms of synchronous work: without yielding, the timer could only fire at the end
  const ids = Array.from({ length: 300 }, (_, i) => `b${i}`);
  const wf = workflow(ids.map((id) => node(id, 'test.busy', { ms: 2 })), chainEdges(ids));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const result = await run(wf, { signal: controller.signal });
  assert.equal(result.status, 'cancelled');
  assert.ok(result.nodesExecuted < 300, `ran ${result.nodesExecuted} of 300 nodes before the cancel took effect`);
});

test('a listener that throws does not break the run, and is reported once', async () => {
  const wf = workflow([node('a', 'data.set', { values: { a: 1 } })], []);
  const reported: unknown[] = [];
  // reported to the test, not as a process warning: an intentional error stays out of the output
  const result = await run(wf, { listeners: [() => { throw new Error('listener bug'); }], onListenerError: (error) => reported.push(error) });
  assert.equal(result.status, 'success');
  assert.deepEqual(reported.map((e) => (e as Error).message), ['listener bug']);
});

test('by default a throwing listener becomes a process warning', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  // node prints warnings unless something else handles them: catch this one before it is printed
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', onWarning);
  try {
    const emit = fanOut([() => { throw new Error('listener bug'); }]);
    emit({ type: 'log', executionId: 'x', at: 0, level: 'info', message: 'm' });
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', onWarning);
    for (const printer of printers) process.on('warning', printer);
  }
  assert.deepEqual(warnings, ['workflow engine: an event listener threw: Error: listener bug']);
});
