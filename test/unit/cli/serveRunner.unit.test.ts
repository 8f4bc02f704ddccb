/**
 * The run queue of `workflow serve` (CliTriggerRunner): bounded concurrency and queue, the
 * execution id known at start, and cancellation — of a waiting run too, which still goes through
 * the engine so that it is recorded as cancelled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionEvent } from '../../../src/core/engine/events';
import type { Workflow } from '../../../src/core/model/workflow';
import { CliTriggerRunner } from '../../../src/cli/serve/cliRunner';
import { RunQueueFullError, type TriggerFire } from '../../../src/core/triggers/contract';

function delayWorkflow(ms: number): Workflow {
  return {
    formatVersion: 1,
    name: 'Delay',
    nodes: [
      { id: 'start', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} },
      { id: 'wait', type: 'flow.delay', name: 'Wait', position: { x: 200, y: 0 }, config: { ms } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'wait' }],
  } as Workflow;
}

function setup(options: { maxConcurrent: number; maxQueued: number }) {
  const events: ExecutionEvent[] = [];
  const runner = new CliTriggerRunner({
    workspaceRoot: process.cwd(),
    secrets: { get: () => undefined },
    runCode: () => Promise.reject(new Error('no code here')),
    recorderFor: () => (event) => events.push(event),
    ...options,
  });
  const fire = (ms: number): TriggerFire => ({
    target: { file: '/tmp/delay.workflow.json', workflowId: 'wf', status: 'active', workflow: delayWorkflow(ms) },
    nodeId: 'start',
    input: { ms },
    trigger: { type: 'webhook', nodeId: 'start' },
  });
  const finished = (id: string) => events.find((e) => e.type === 'execution.finished' && e.executionId === id);
  return { runner, fire, events, finished };
}

test('runs beyond maxConcurrent wait; beyond maxQueued start() throws RunQueueFullError', async () => {
  const { runner, fire, events } = setup({ maxConcurrent: 2, maxQueued: 1 });
  const runs = [runner.start(fire(50)), runner.start(fire(50)), runner.start(fire(50))];
  assert.equal(runner.runningCount, 2);
  assert.equal(runner.queuedCount, 1);
  assert.throws(() => runner.start(fire(50)), RunQueueFullError);
  assert.equal(new Set(runs.map((r) => r.executionId)).size, 3);
  const results = await Promise.all(runs.map((r) => r.done));
  assert.deepEqual(results.map((r) => r.status), ['success', 'success', 'success']);
  // the engine used the ids handed out at start
  assert.deepEqual(results.map((r) => r.executionId), runs.map((r) => r.executionId));
  assert.ok(runs.every((r) => events.some((e) => e.type === 'execution.started' && e.executionId === r.executionId && e.trigger.type === 'webhook')));
  assert.equal(runner.acceptedCount, 3);
  assert.equal(await runner.waitForIdle(1000), true);
  runner.start(fire(0)); // room again
});

test('cancelAll cancels running and waiting runs; each ends cancelled and reaches the recorder', async () => {
  const { runner, fire, finished } = setup({ maxConcurrent: 1, maxQueued: 5 });
  const running = runner.start(fire(60_000));
  const waiting = runner.start(fire(60_000));
  assert.equal(await runner.waitForIdle(50), false, 'grace period passes with runs still going');
  runner.stopAccepting();
  assert.throws(() => runner.start(fire(1)), RunQueueFullError);
  runner.cancelAll();
  const [a, b] = await Promise.all([running.done, waiting.done]);
  assert.deepEqual([a.status, b.status], ['cancelled', 'cancelled']);
  assert.equal((finished(waiting.executionId) as { status: string }).status, 'cancelled');
  assert.equal(await runner.waitForIdle(1000), true);
});

test('with accept and durable: the run is accepted before it starts, and done waits until its end is on disk', async () => {
  const order: string[] = [];
  let syncs: (() => void)[] = [];
  const runner = new CliTriggerRunner({
    workspaceRoot: process.cwd(),
    secrets: { get: () => undefined },
    runCode: () => Promise.reject(new Error('no code here')),
    recorderFor: () => (event) => void (event.type === 'execution.started' && order.push('started')),
    accept: async ({ executionId }) => void order.push(`accepted ${executionId}`),
    durable: () => new Promise<void>((resolve) => syncs.push(resolve)),
  });
  const fire: TriggerFire = {
    target: { file: '/tmp/delay.workflow.json', workflowId: 'wf', status: 'active', workflow: delayWorkflow(1) },
    nodeId: 'start',
    input: {},
    trigger: { type: 'webhook', nodeId: 'start' },
  };
  const run = runner.start(fire);
  // the engine starts once the run queue hands out a slot (a promise, so a few microtasks later)
  const deadline = Date.now() + 5000;
  while (!order.includes('started') && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, [`accepted ${run.executionId}`, 'started'], 'recorded as accepted before the engine starts it');
  await run.accepted;
  let resolved = false;
  void run.done.then(() => (resolved = true));
  while (syncs.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(resolved, false, 'not done before the final status is durable');
  syncs[0]();
  assert.equal((await run.done).status, 'success');

  // a result that cannot be made durable is a failure: a lastNode webhook must not answer 200
  syncs = [];
  const failing = new CliTriggerRunner({
    workspaceRoot: process.cwd(),
    secrets: { get: () => undefined },
    runCode: () => Promise.reject(new Error('no code here')),
    recorderFor: () => () => undefined,
    durable: () => Promise.reject(new Error('disk full')),
  });
  const result = await failing.start(fire).done;
  assert.equal(result.status, 'failed');
  assert.match(result.error?.message ?? '', /could not be recorded: disk full/);
});
