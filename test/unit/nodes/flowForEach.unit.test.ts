import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { flowForEach } from '../../../src/core/nodes/flowForEach';
import { CancelledError, NodeError } from '../../../src/core/errors';
import { makeContextFor, runNode } from './helpers';

/** A body that records how many iterations overlap; later items finish sooner, to shuffle completion order. */
function trackingBody(count: number) {
  const state = { inFlight: 0, maxInFlight: 0, started: [] as number[] };
  const body = async (item: unknown, index: number) => {
    state.started.push(index);
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await sleep(5 + (count - index) * 2);
    state.inFlight--;
    return { doubled: (item as number) * 2, index };
  };
  return { state, body };
}

test('emits the body results on done in item order, whatever order they finish in', async () => {
  const items = [3, 1, 4, 1, 5, 9, 2, 6];
  const { body } = trackingBody(items.length);
  const { emit } = await runNode(flowForEach, { items: '{{ numbers }}', concurrency: 4 }, { input: { numbers: items }, runBody: body });
  assert.deepEqual(emit, { done: items.map((n, index) => ({ doubled: n * 2, index })) });
});

for (const concurrency of [1, 3]) {
  test(`never has more than concurrency=${concurrency} iterations in flight, and uses all of them`, async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const { state, body } = trackingBody(items.length);
    await runNode(flowForEach, { items: '{{ $input }}', concurrency }, { input: items, runBody: body });
    assert.equal(state.maxInFlight, concurrency);
    assert.deepEqual([...state.started].sort((a, b) => a - b), items);
  });
}

test('the default concurrency is 1', async () => {
  const { state, body } = trackingBody(4);
  await runNode(flowForEach, { items: '{{ $input }}' }, { input: [1, 2, 3, 4], runBody: body });
  assert.equal(state.maxInFlight, 1);
});

test('a failing iteration stops new ones and its error propagates as is', async () => {
  const failure = new NodeError('bad item', { code: 'X', field: 'y' });
  const started: number[] = [];
  const body = async (_item: unknown, index: number) => {
    started.push(index);
    await sleep(1);
    if (index === 2) throw failure;
    return index;
  };
  await assert.rejects(runNode(flowForEach, { items: '{{ $input }}' }, { input: [0, 1, 2, 3, 4, 5], runBody: body }), (error) => error === failure);
  assert.deepEqual(started, [0, 1, 2]);
});

test('with several failing in parallel, the first failure wins and running ones are awaited', async () => {
  const finished: number[] = [];
  const body = async (_item: unknown, index: number) => {
    await sleep(index === 0 ? 40 : 5 + index);
    finished.push(index);
    if (index === 1 || index === 2) throw new Error(`item ${index}`);
    return index;
  };
  await assert.rejects(
    runNode(flowForEach, { items: '{{ $input }}', concurrency: 3 }, { input: [0, 1, 2, 3, 4, 5], runBody: body }),
    /item 1/,
  );
  // Item 0 was in flight when item 1 failed: the node settles only after it.
  assert.ok(finished.includes(0));
  assert.ok(!finished.includes(4) && !finished.includes(5));
});

test('an abort stops starting items and rejects with CancelledError', async () => {
  const started: number[] = [];
  const context = await makeContextFor(flowForEach, { items: '{{ $input }}', concurrency: 2 }, {
    input: Array.from({ length: 8 }, (_, i) => i),
    runBody: async (_item, index) => {
      started.push(index);
      await sleep(10_000, undefined, { signal: context.signal });
      return index;
    },
  });
  const running = Promise.resolve(flowForEach.run(context));
  await sleep(20);
  context.controller.abort();
  const startedAt = Date.now();
  await assert.rejects(running, (error) => error instanceof CancelledError);
  assert.ok(Date.now() - startedAt < 1000);
  assert.deepEqual(started, [0, 1]);
});

test('an empty array emits an empty done without running the body', async () => {
  let calls = 0;
  const { emit } = await runNode(flowForEach, { items: [] }, { runBody: async () => ++calls });
  assert.deepEqual(emit, { done: [] });
  assert.equal(calls, 0);
});

test('items that are not an array are a NodeError naming the field', async () => {
  for (const input of [{ orders: { a: 1 } }, { orders: 'abc' }, { orders: null }, { orders: 3 }, {}]) {
    await assert.rejects(runNode(flowForEach, { items: '{{ orders }}' }, { input, runBody: async () => 1 }), (error: unknown) => {
      assert.ok(error instanceof NodeError);
      assert.equal(error.code, 'NOT_AN_ARRAY');
      assert.equal(error.field, 'items');
      assert.match(error.message, /^items must be an array/);
      return true;
    });
  }
});

test('concurrency must be a whole number of at least 1', () => {
  for (const concurrency of [0, -1, 1.5]) assert.equal(flowForEach.configSchema.safeParse({ items: [], concurrency }).success, false);
  assert.equal(flowForEach.bodyHandle, 'item');
});
