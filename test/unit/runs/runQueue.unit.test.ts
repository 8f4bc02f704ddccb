import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RunQueue } from '../../../src/core/runs/runQueue';
import { CancelledError } from '../../../src/core/errors';

describe('RunQueue', () => {
  it('lets `concurrency` entries go at once, queues the rest in order, and follows limit changes', async () => {
    let limit = 2;
    const queue = new RunQueue({ concurrency: () => limit });
    const order: number[] = [];
    const releases = await Promise.all([queue.acquire(), queue.acquire()]);
    const third = queue.acquire().then((release) => (order.push(3), release));
    const fourth = queue.acquire().then((release) => (order.push(4), release));
    assert.equal(queue.waiting, 2, 'counted as waiting before acquire() returns a settled promise');
    releases[0]!();
    releases[0]!(); // a second release is ignored
    const r3 = await third;
    assert.deepEqual(order, [3]);
    assert.equal(queue.running, 2);
    limit = 3;
    releases[1]!();
    await fourth;
    assert.deepEqual(order, [3, 4]);
    r3();
  });

  it('a raised concurrency lets waiting entries go at the next decision; a lowered one holds new ones back', async () => {
    let limit = 1;
    const queue = new RunQueue({ concurrency: () => limit });
    const first = await queue.acquire();
    const second = queue.acquire();
    const third = queue.acquire();
    limit = 3;
    const fourth = queue.acquire(); // a decision: the two waiting go, the newcomer waits
    const [r2, r3] = await Promise.all([second, third]);
    assert.deepEqual([queue.running, queue.waiting], [3, 1]);
    limit = 1;
    first();
    assert.deepEqual([queue.running, queue.waiting], [2, 1], 'two still run above the new limit of one; none starts');
    r2!();
    assert.deepEqual([queue.running, queue.waiting], [1, 1]);
    r3!();
    (await fourth)();
    assert.equal(queue.running, 0);
  });

  it('treats a concurrency below 1 (or not a number) as 1', async () => {
    for (const concurrency of [0, -3, Number.NaN]) {
      const queue = new RunQueue({ concurrency });
      const release = await queue.acquire();
      assert.equal(queue.concurrency, 1);
      const next = queue.acquire();
      assert.equal(queue.waiting, 1);
      release();
      (await next)();
    }
  });

  it('has room while a slot is free or fewer than maxQueued entries wait', async () => {
    let maxQueued = 0;
    const queue = new RunQueue({ concurrency: 1, maxQueued: () => maxQueued });
    assert.equal(queue.hasRoom(), true, 'a free slot needs no queue');
    const release = await queue.acquire();
    assert.equal(queue.hasRoom(), false);
    maxQueued = 1;
    assert.equal(queue.hasRoom(), true);
    const waiting = queue.acquire();
    assert.equal(queue.hasRoom(), false);
    release();
    (await waiting)();
    assert.equal(queue.hasRoom(), true);
    assert.equal(new RunQueue({ concurrency: 1 }).maxQueued, Infinity, 'unbounded unless told');
  });

  it('drops a waiting entry when its signal aborts, with CancelledError, and lets the next one go', async () => {
    const queue = new RunQueue({ concurrency: 1, maxQueued: 5 });
    const release = await queue.acquire();
    const controller = new AbortController();
    const cancelled = queue.acquire(controller.signal);
    const next = queue.acquire();
    controller.abort();
    await assert.rejects(cancelled, CancelledError);
    assert.equal(queue.waiting, 1);
    release();
    (await next)();
    assert.equal(queue.running, 0);
    await assert.rejects(queue.acquire(AbortSignal.abort()), CancelledError, 'an aborted signal never waits');
    assert.equal(queue.waiting, 0);
  });

  it('an abort after the slot was granted changes nothing: the holder releases it', async () => {
    const queue = new RunQueue({ concurrency: 1 });
    const controller = new AbortController();
    const release = await queue.acquire(controller.signal);
    controller.abort();
    assert.equal(queue.running, 1);
    release();
    assert.equal(queue.running, 0);
  });
});
