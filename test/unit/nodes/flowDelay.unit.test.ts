import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { flowDelay } from '../../../src/core/nodes/flowDelay';
import { CancelledError, TimeoutError } from '../../../src/core/errors';
import { makeContext, makeContextFor } from './helpers';

function pendingTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

test('waits at least ms, then passes the same input on', async () => {
  const input = { id: 1 };
  const ms = 60;
  const context = await makeContextFor(flowDelay, { ms: '{{ wait }}' }, { input: { ...input, wait: ms } });
  const startedAt = performance.now();
  const emit = await flowDelay.run(context);
  assert.ok(performance.now() - startedAt >= ms - 1, 'returned too early');
  assert.equal(emit.out, context.input);
});

test('an abort ends the wait at once with CancelledError and clears the timer', async () => {
  const context = makeContext({ ms: 60_000 }, { input: 1 });
  const before = pendingTimers();
  const waiting = Promise.resolve(flowDelay.run(context));
  assert.equal(pendingTimers(), before + 1);
  await sleep(10);
  const abortedAt = performance.now();
  context.controller.abort();
  await assert.rejects(waiting, (error) => error instanceof CancelledError);
  assert.ok(performance.now() - abortedAt < 500);
  assert.equal(pendingTimers(), before);
});

test('an already aborted signal rejects without waiting', async () => {
  const context = makeContext({ ms: 60_000 });
  context.controller.abort();
  await assert.rejects(Promise.resolve(flowDelay.run(context)), (error) => error instanceof CancelledError);
});

test('a node timeout signalled through the abort reason stays a TimeoutError', async () => {
  const context = makeContext({ ms: 60_000 });
  const waiting = Promise.resolve(flowDelay.run(context));
  const reason = new TimeoutError('node timed out after 5 ms');
  context.controller.abort(reason);
  await assert.rejects(waiting, (error) => error === reason);
});

test('ms must be between 0 and the largest timer delay', () => {
  assert.equal(flowDelay.configSchema.safeParse({ ms: -1 }).success, false);
  assert.equal(flowDelay.configSchema.safeParse({ ms: 2 ** 31 }).success, false);
  assert.equal(flowDelay.configSchema.parse({}).ms, flowDelay.defaults.ms);
});
