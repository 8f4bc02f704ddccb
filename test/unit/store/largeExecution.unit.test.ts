/**
 * A large execution recorded in one turn (a 1,000-node synchronous chain hands the recorder
 * 2,000+ events without yielding): the recorder only queues, the queue commits in slices from
 * macrotasks, and after `flush()` everything is there, in order, durably.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OpQueue } from '../../../src/core/store/opQueue';
import type { Op } from '../../../src/core/store/ops';
import { NODE_TYPES, play, workflowText } from './fixtures/events';
import { openTestStore, tempDbPath } from './fixtures/temp';

const NODES = 1000;

describe('a 1,000-node execution', () => {
  it('is recorded completely: node results, logs and statistics, also after reopening', async () => {
    const path = tempDbPath();
    const store = await openTestStore(path);
    const workflow = await store.registerWorkflow({ path: 'flows/big.workflow.json', content: workflowText('Big', NODES) });
    const record = store.recorder(workflow);
    // every event in one synchronous turn, as the engine's fast path emits them
    const events = play(record, { executionId: 'big', nodes: NODES, logsPerNode: 2, retryNode: 7 });
    assert.equal(events.length, 2 + NODES * 2 + 2 + NODES * 2 + 2, 'started, node started/finished, one retry, 2 logs per attempt, finished');
    await store.flush();

    const check = async (s: typeof store) => {
      const run = await s.getExecution('big');
      assert.equal(run.status, 'success');
      assert.equal(run.nodesExecuted, NODES);
      assert.equal(run.nodeResults.length, NODES + 1, 'one row per attempt (node 7 ran twice)');
      assert.deepEqual(
        run.nodeResults.map((n) => n.nodeId),
        Array.from({ length: NODES }, (_, i) => `n${i}`).flatMap((id) => (id === 'n7' ? [id, id] : [id])),
        'node results in the order they happened',
      );
      assert.deepEqual(
        run.nodeResults.filter((n) => n.nodeId === 'n7').map((n) => [n.attempt, n.status]),
        [
          [1, 'failed'],
          [2, 'success'],
        ],
      );
      assert.ok(run.nodeResults.filter((n) => n.nodeId !== 'n7').every((n) => n.status === 'success'));
      assert.deepEqual(run.nodeResults[NODES].output, { out: { index: NODES - 1 } });
      assert.equal(run.logsTotal, (NODES + 1) * 2);
      assert.ok(run.logs.every((l, i) => i === 0 || l.seq > run.logs[i - 1].seq), 'logs in the order they were emitted');
      assert.equal(run.logs[run.logs.length - 1].message, `node ${NODES - 1} line 1`);

      const stats = await s.nodeTypeStats(workflow.workflowId);
      assert.equal(stats.length, NODE_TYPES.length);
      assert.equal(stats.reduce((sum, t) => sum + t.executions, 0), NODES + 1);
      assert.equal(stats.reduce((sum, t) => sum + t.failures, 0), 1);
      for (const type of stats) assert.equal(type.executions, NODES / NODE_TYPES.length + (type.nodeType === NODE_TYPES[7 % NODE_TYPES.length] ? 1 : 0));
      const totals = await s.executionStats(workflow.workflowId);
      assert.equal(totals.total, 1);
      assert.equal((await s.getWorkflow(workflow.workflowId))!.executionCount, 1);
    };
    await check(store);
    await store.close();

    const reopened = await openTestStore(path);
    await check(reopened);
    await reopened.close();
  });

  it('is complete after close() even when nobody waited for it', async () => {
    const path = tempDbPath();
    const store = await openTestStore(path);
    const workflow = await store.registerWorkflow({ path: 'flows/big.workflow.json', content: workflowText('Big', NODES) });
    play(store.recorder(workflow), { executionId: 'big', nodes: NODES, logsPerNode: 1 });
    await store.close();
    const reopened = await openTestStore(path);
    const run = await reopened.getExecution('big');
    assert.equal(run.status, 'success');
    assert.equal(run.nodeResults.length, NODES);
    assert.equal(run.logsTotal, NODES);
    await reopened.close();
  });

  it('is complete in a store over its retention limit, with older runs pruned', async () => {
    const store = await openTestStore(tempDbPath(), { retention: { executionsPerWorkflow: 5, pruneBatch: 2 } });
    const workflow = await store.registerWorkflow({ path: 'flows/big.workflow.json', content: workflowText('Big', NODES) });
    const record = store.recorder(workflow);
    for (let i = 0; i < 8; i++) play(record, { executionId: `small-${i}`, nodes: 3, logsPerNode: 1, startAt: 1_700_000_000_000 + i * 1000 });
    play(record, { executionId: 'big', nodes: NODES, logsPerNode: 1, startAt: 1_700_000_100_000 });
    await store.flush();
    await store.prune();
    const run = await store.getExecution('big');
    assert.equal(run.nodeResults.length, NODES);
    assert.equal(run.logsTotal, NODES);
    const left = await store.listExecutions({ limit: 50 });
    assert.equal(left.length, 5);
    assert.equal(left[0].id, 'big');
    await store.close();
  });
});

describe('OpQueue', () => {
  const op = (i: number): Op => ['wf.ran', `w${i}`, i];

  it('never commits on the caller’s stack, keeps each add whole and in order, and marks commit points durable', async () => {
    const batches: { ops: Op[]; durable: boolean }[] = [];
    const queue = new OpQueue((ops, durable) => batches.push({ ops, durable }), 500, 20, (error) => assert.fail(String(error)), 1);
    for (let i = 0; i < 2000; i++) queue.add([op(i)]);
    // a group of three that must stay together, then a commit point
    queue.add([op(2000), op(2001), op(2002)], true);
    assert.equal(batches.length, 0, 'nothing committed synchronously');
    assert.equal(queue.size, 2003);
    await queue.settle();
    assert.equal(queue.size, 0);
    const all = batches.flatMap((b) => b.ops);
    assert.deepEqual(
      all.map((o) => o[2]),
      Array.from({ length: 2003 }, (_, i) => i),
    );
    assert.ok(batches.every((b) => b.ops.length <= 500));
    const last = batches[batches.length - 1];
    assert.ok(last.ops.some((o) => o[2] === 2000) && last.ops.some((o) => o[2] === 2002), 'one add() is one batch');
    assert.equal(last.durable, true);
    assert.ok(batches.slice(0, -1).every((b) => !b.durable));
  });

  it('flush() commits everything at once; a failed commit rejects whoever waited for it', async () => {
    let fail = false;
    const batches: Op[][] = [];
    const errors: unknown[] = [];
    const queue = new OpQueue(
      (ops) => {
        if (fail) throw new Error('disk gone');
        batches.push(ops);
      },
      100,
      20,
      (error) => errors.push(error),
    );
    for (let i = 0; i < 250; i++) queue.add([op(i)]);
    queue.flush();
    assert.equal(batches.flat().length, 250);
    assert.ok(batches.every((b) => b.length <= 100));
    fail = true;
    queue.add([op(1)], true);
    await assert.rejects(queue.settle(), /disk gone/);
    assert.equal(errors.length, 1);
  });
});
