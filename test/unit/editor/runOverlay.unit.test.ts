import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionEvent } from '../../../src/core/engine/events';
import type { ExecutionDetail } from '../../../src/core/store';
import { RunUpdateSchema, type RunUpdate } from '../../../src/protocol/run';
import { nodeResultFromExecution, overlayFromExecution } from '../../../src/extension/editor/recordedRun';
import { RunOverlay, type OverlayGraph } from '../../../src/extension/editor/runOverlay';
import { UpdateThrottle, type ThrottleTimers } from '../../../src/extension/editor/updateThrottle';

// start → fetch → (if) check: true → alert, false → calm
const EDGES = [
  { id: 'e1', source: 'start', handle: 'out' },
  { id: 'e2', source: 'fetch', handle: 'out' },
  { id: 'e3', source: 'check', handle: 'true' },
  { id: 'e4', source: 'check', handle: 'false' },
];
const graph: OverlayGraph = {
  nodeIds: ['start', 'fetch', 'check', 'alert', 'calm'],
  edgesFrom: (nodeId, handle) => EDGES.filter((e) => e.source === nodeId && e.handle === handle).map((e) => e.id),
};

const at = 1_700_000_000_000;
const node = (executionId: string, nodeId: string) => ({ executionId, at, nodeId, nodeName: nodeId, nodeType: 't' });
const started = (executionId: string, parentExecutionId?: string): ExecutionEvent => ({
  type: 'execution.started',
  executionId,
  at,
  workflowName: 'W',
  startedAt: '',
  input: {},
  trigger: { type: 'manual' },
  ...(parentExecutionId ? { parentExecutionId } : {}),
});
const finishedNode = (executionId: string, nodeId: string, output: Record<string, unknown>, durationMs = 2): ExecutionEvent => ({
  ...node(executionId, nodeId),
  type: 'node.finished',
  attempt: 1,
  output,
  durationMs,
});
const finished = (executionId: string, status: 'success' | 'failed' | 'cancelled', durationMs = 40): ExecutionEvent => ({
  type: 'execution.finished',
  executionId,
  at,
  status,
  output: null,
  startedAt: '',
  completedAt: '',
  durationMs,
  nodesExecuted: 3,
});

test('a run folds into node states and edge counts; batches carry only what changed', () => {
  const overlay = new RunOverlay(() => graph);
  assert.equal(overlay.takeBatch(), undefined, 'nothing before a run');
  assert.ok(overlay.apply(started('x1')));
  const first = overlay.takeBatch()!;
  assert.equal(first.reset, true);
  assert.equal(first.status, 'running');
  assert.deepEqual(Object.keys(first.nodes), graph.nodeIds);
  assert.ok(Object.values(first.nodes).every((n) => n.status === 'queued'));

  overlay.apply({ ...node('x1', 'start'), type: 'node.started', attempt: 1, input: {} });
  overlay.apply(finishedNode('x1', 'start', { out: { a: 1 } }));
  overlay.apply(finishedNode('x1', 'fetch', { out: [1, 2, 3] }, 12));
  overlay.apply(finishedNode('x1', 'check', { true: [1, 2] }));
  overlay.apply({ ...node('x1', 'calm'), type: 'node.skipped', reason: 'branch' });
  assert.equal(overlay.apply({ type: 'log', executionId: 'x1', at, level: 'info', message: 'hi' }), false);
  const second = overlay.takeBatch()!;
  assert.equal(second.reset, false);
  assert.deepEqual(second.nodes, {
    start: { status: 'success', durationMs: 2, itemCount: 1 },
    fetch: { status: 'success', durationMs: 12, itemCount: 3 },
    check: { status: 'success', durationMs: 2, itemCount: 2 },
    calm: { status: 'skipped' },
  });
  assert.deepEqual(second.edges, { e1: 1, e2: 3, e3: 2 });
  assert.equal(overlay.takeBatch(), undefined, 'nothing changed since');

  overlay.apply({ ...node('x1', 'alert'), type: 'node.started', attempt: 1, input: {} });
  overlay.apply({ ...node('x1', 'alert'), type: 'node.failed', attempt: 1, error: { message: 'boom' }, durationMs: 3, willRetry: true, handling: 'fail' });
  assert.equal(overlay.takeBatch()!.nodes.alert!.status, 'running', 'a retried failure still runs');
  overlay.apply({ ...node('x1', 'alert'), type: 'node.failed', attempt: 2, error: { message: 'boom' }, durationMs: 4, willRetry: false, handling: 'fail' });
  overlay.apply(finished('x1', 'failed'));
  const last = overlay.takeBatch()!;
  assert.deepEqual(last.nodes, { alert: { status: 'failed', durationMs: 4, error: 'boom' } });
  assert.equal(last.status, 'failed');
  assert.equal(last.durationMs, 40);
  assert.ok(RunUpdateSchema.safeParse(last).success);
  assert.equal(overlay.isLive, false);

  const whole = overlay.snapshot()!;
  assert.equal(whole.reset, true);
  assert.equal(Object.keys(whole.nodes).length, 5);
  assert.deepEqual(whole.edges, { e1: 1, e2: 3, e3: 2 });
});

test('sub-workflow events and other runs are ignored; a new run resets; a run seen mid-way is adopted only when allowed', () => {
  const overlay = new RunOverlay(() => graph);
  overlay.apply(started('x1'));
  overlay.takeBatch();
  assert.equal(overlay.apply(started('child', 'x1')), false);
  assert.equal(overlay.apply(finishedNode('child', 'fetch', { out: [1] })), false);
  assert.equal(overlay.apply(finishedNode('other', 'fetch', { out: [1] })), false);
  assert.equal(overlay.apply(finishedNode('other', 'fetch', { out: [1] }), () => false), false);
  assert.equal(overlay.takeBatch(), undefined);

  assert.ok(overlay.apply(finishedNode('seen-late', 'fetch', { out: [1, 2] }), (id) => id === 'seen-late'));
  const adopted = overlay.takeBatch()!;
  assert.equal(adopted.executionId, 'seen-late');
  assert.equal(adopted.reset, true);
  assert.deepEqual(adopted.nodes, { fetch: { status: 'success', durationMs: 2, itemCount: 2 } }, 'no queued guesses for a run seen mid-way');

  overlay.apply(started('x2'));
  assert.equal(overlay.takeBatch()!.executionId, 'x2');
});

test('a run stopped while nodes wait or run leaves none of them waiting', () => {
  const overlay = new RunOverlay(() => graph);
  overlay.begin('x1', 'queued', true);
  assert.equal(overlay.takeBatch()!.status, 'queued');
  overlay.apply(started('x1'));
  overlay.apply({ ...node('x1', 'start'), type: 'node.started', attempt: 1, input: {} });
  overlay.apply(finished('x1', 'cancelled'));
  const batch = overlay.takeBatch()!;
  assert.equal(batch.status, 'cancelled');
  assert.equal(batch.nodes.start!.status, 'cancelled');
  assert.equal(batch.nodes.fetch!.status, 'skipped');
});

test('a burst of 10,000 events through the throttle yields few batches with the right final states', () => {
  // a fake clock: each event takes 0.1 ms, so 10,000 events span one second
  let now = 0;
  const queue: { due: number; fn: () => void }[] = [];
  const timers: ThrottleTimers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const entry = { due: now + ms, fn };
      queue.push(entry);
      return entry;
    },
    clearTimeout: (handle) => {
      const i = queue.indexOf(handle as (typeof queue)[number]);
      if (i >= 0) queue.splice(i, 1);
    },
  };
  const runDue = (): void => {
    for (const entry of queue.filter((e) => e.due <= now)) {
      queue.splice(queue.indexOf(entry), 1);
      entry.fn();
    }
  };
  const ids = Array.from({ length: 1000 }, (_, i) => `n${i}`);
  const chain: OverlayGraph = { nodeIds: ids, edgesFrom: (nodeId) => (nodeId === 'n999' ? [] : [`e${nodeId.slice(1)}`]) };
  const overlay = new RunOverlay(() => chain);
  const batches: RunUpdate[] = [];
  const throttle = new UpdateThrottle(50, () => {
    const batch = overlay.takeBatch();
    if (batch) batches.push(batch);
  }, timers);

  const events: ExecutionEvent[] = [started('big')];
  for (const id of ids) {
    events.push({ ...node('big', id), type: 'node.started', attempt: 1, input: {} });
    for (let i = 0; i < 8; i++) events.push({ type: 'log', executionId: 'big', at, level: 'debug', message: 'x', nodeId: id });
    events.push(finishedNode('big', id, { out: [1, 2] }, 1));
  }
  events.push(finished('big', 'success', 1000));
  assert.equal(events.length, 10_002);
  for (const event of events) {
    now += 0.1;
    runDue();
    if (overlay.apply(event)) throttle.poke();
  }
  now += 100;
  runDue();

  assert.ok(batches.length <= 1000 / 50 + 2, `${batches.length} batches for one second of events`);
  assert.ok(batches.length >= 10);
  for (const batch of batches) assert.ok(RunUpdateSchema.safeParse(batch).success);
  // Applied in order, the batches give the final state.
  const nodes = new Map<string, unknown>();
  const edges = new Map<string, number>();
  for (const batch of batches) {
    if (batch.reset) {
      nodes.clear();
      edges.clear();
    }
    for (const [id, state] of Object.entries(batch.nodes)) nodes.set(id, state);
    for (const [id, count] of Object.entries(batch.edges)) edges.set(id, count);
  }
  assert.equal(batches.at(-1)!.status, 'success');
  assert.equal(nodes.size, 1000);
  for (const id of ids) assert.deepEqual(nodes.get(id), { status: 'success', durationMs: 1, itemCount: 2 });
  assert.equal(edges.size, 999);
  assert.ok([...edges.values()].every((c) => c === 2));
  throttle.dispose();
});

test('the throttle flushes on the next turn after a quiet period and at most once per interval', () => {
  let now = 1000;
  const scheduled: number[] = [];
  let pending: (() => void) | undefined;
  const timers: ThrottleTimers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      scheduled.push(ms);
      pending = fn;
      return 1;
    },
    clearTimeout: () => (pending = undefined),
  };
  let flushes = 0;
  const throttle = new UpdateThrottle(50, () => flushes++, timers);
  throttle.poke();
  throttle.poke();
  assert.deepEqual(scheduled, [0]);
  pending!();
  assert.equal(flushes, 1);
  now += 10;
  throttle.poke();
  assert.deepEqual(scheduled, [0, 40]);
  throttle.flushNow();
  assert.equal(flushes, 2);
  throttle.dispose();
  throttle.poke();
  assert.equal(scheduled.length, 2);
});

const detail: ExecutionDetail = {
  id: 'rec1',
  workflowId: 'w',
  status: 'partial',
  triggerType: 'manual',
  startedAt: at,
  durationMs: 55,
  nodesExecuted: 3,
  nodeResults: [
    { nodeId: 'start', nodeName: 'Start', nodeType: 't', attempt: 1, status: 'success', output: { out: {} }, willRetry: false, durationMs: 1 },
    { nodeId: 'fetch', nodeName: 'Fetch', nodeType: 't', attempt: 1, status: 'failed', error: { message: 'HTTP 500' }, willRetry: true, durationMs: 5 },
    { nodeId: 'fetch', nodeName: 'Fetch', nodeType: 't', attempt: 2, status: 'success', input: { q: 1 }, output: { out: [1, 2] }, willRetry: false, durationMs: 7 },
    { nodeId: 'check', nodeName: 'Check', nodeType: 't', attempt: 1, status: 'failed', error: { message: 'bad', code: 'X' }, willRetry: false, handling: 'errorOutput', durationMs: 2 },
    { nodeId: 'calm', nodeName: 'Calm', nodeType: 't', attempt: 0, status: 'skipped', skipReason: 'branch', willRetry: false },
    { nodeId: 'alert', nodeName: 'Alert', nodeType: 't', attempt: 1, status: 'success', output: { out: { $truncated: true, bytes: 9999, preview: '[' } }, willRetry: false, durationMs: 3 },
  ],
  logs: [
    { seq: 1, level: 'info', message: 'fetching', nodeId: 'fetch', at },
    { seq: 2, level: 'info', message: 'other', nodeId: 'start', at },
    { seq: 3, level: 'warn', message: 'slow', nodeId: 'fetch', at: at + 5 },
  ],
  logsTotal: 3,
};

test('a recorded execution becomes a reset overlay', () => {
  const update = overlayFromExecution(detail, graph);
  assert.ok(RunUpdateSchema.safeParse(update).success);
  assert.equal(update.reset, true);
  assert.equal(update.status, 'partial');
  assert.equal(update.durationMs, 55);
  assert.deepEqual(update.nodes.fetch, { status: 'success', durationMs: 7, itemCount: 2 });
  assert.deepEqual(update.nodes.check, { status: 'failed', durationMs: 2, error: 'bad', itemCount: 1 });
  assert.deepEqual(update.nodes.calm, { status: 'skipped' });
  assert.deepEqual(update.edges, { e1: 1, e2: 2 });
  const overlay = new RunOverlay(() => graph);
  overlay.load(update);
  assert.deepEqual(overlay.takeBatch(), update);
  assert.equal(overlay.isLive, false);
});

test('a node result: last attempt, its logs, truncation marked', () => {
  const fetch = nodeResultFromExecution(detail, 'fetch')!;
  assert.deepEqual(fetch, {
    executionId: 'rec1',
    nodeId: 'fetch',
    status: 'success',
    durationMs: 7,
    input: { q: 1 },
    output: { out: [1, 2] },
    logs: [
      { level: 'info', message: 'fetching', at },
      { level: 'warn', message: 'slow', at: at + 5 },
    ],
  });
  assert.deepEqual(nodeResultFromExecution(detail, 'check')!.error, { message: 'bad', code: 'X' });
  assert.equal(nodeResultFromExecution(detail, 'calm')!.status, 'skipped (branch)');
  assert.equal(nodeResultFromExecution(detail, 'alert')!.truncated, true);
  assert.equal(nodeResultFromExecution(detail, 'nope'), undefined);
});
