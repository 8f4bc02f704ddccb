import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep } from '../../../src/core/sleep';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('sleep resolves after ms', async () => {
  const startedAt = performance.now();
  await sleep(30, new AbortController().signal);
  assert.ok(performance.now() - startedAt >= 29);
});

test("an abort rejects at once with the aborter's reason and clears the timer", async () => {
  const controller = new AbortController();
  const before = timers();
  const waiting = sleep(60_000, controller.signal);
  assert.equal(timers(), before + 1);
  const reason = new Error('a sibling node failed');
  controller.abort(reason);
  await assert.rejects(waiting, (error) => error === reason);
  assert.equal(timers(), before);
});

test('an already aborted signal rejects without waiting', async () => {
  const reason = new Error('stopped');
  await assert.rejects(sleep(60_000, AbortSignal.abort(reason)), (error) => error === reason);
});
