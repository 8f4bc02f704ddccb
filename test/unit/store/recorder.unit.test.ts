/** The recorder: what each engine event leaves in the store, size limits, retention, never throwing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isTruncated } from '../../../src/core/store';
import { play, syntheticEvents, workflowText } from './fixtures/events';
import { memoryLogger, openTestStore, tempDbPath } from './fixtures/temp';

async function storeWithWorkflow(options: Parameters<typeof openTestStore>[1] = {}) {
  const store = await openTestStore(tempDbPath(), options);
  const workflow = await store.registerWorkflow({ path: 'flows/rec.workflow.json', content: workflowText('Recorder', 5) });
  return { store, workflow, record: store.recorder(workflow) };
}

describe('recorder', () => {
  it('records the execution, each node attempt and iteration, skips and logs in order', async () => {
    const { store, workflow, record } = await storeWithWorkflow();
    play(record, { executionId: 'run-1', nodes: 5, logsPerNode: 2, retryNode: 1, loopNode: { index: 2, iterations: 3 }, skipNode: 4, trigger: 'webhook' });
    const run = await store.getExecution('run-1');
    assert.equal(run.status, 'success');
    assert.equal(run.workflowId, workflow.workflowId);
    assert.equal(run.versionId, workflow.versionId);
    assert.equal(run.versionNumber, 1);
    assert.equal(run.triggerType, 'webhook');
    assert.equal(run.triggerNodeId, 'n0');
    assert.deepEqual(run.input, { symbol: 'BTC', threshold: 42 });
    assert.deepEqual(run.output, { done: true });
    assert.equal(run.nodesExecuted, 4);
    assert.ok(run.durationMs! > 0 && run.completedAt! - run.startedAt === run.durationMs);
    assert.deepEqual(
      run.nodeResults.map((n) => [n.nodeId, n.iteration ?? '-', n.attempt, n.status]),
      [
        ['n0', '-', 1, 'success'],
        ['n1', '-', 1, 'failed'],
        ['n1', '-', 2, 'success'],
        ['n2', '0', 1, 'success'],
        ['n2', '1', 1, 'success'],
        ['n2', '2', 1, 'success'],
        ['n3', '-', 1, 'success'],
        ['n4', '-', 0, 'skipped'],
      ],
    );
    const retried = run.nodeResults[1];
    assert.deepEqual([retried.willRetry, retried.error?.message, retried.error?.code, retried.handling], [true, 'temporary failure', 'HTTP_STATUS', 'fail']);
    assert.equal(run.nodeResults[7].skipReason, 'branch');
    assert.deepEqual(run.nodeResults[0].output, { out: { index: 0 } });
    assert.deepEqual(run.nodeResults[0].input, { from: -1 });
    assert.equal(run.nodeResults[0].completedAt! - run.nodeResults[0].startedAt!, 3, 'start time of the attempt, not finish minus duration');
    assert.equal(run.logsTotal, 2 * 7);
    assert.ok(run.logs.every((l, i) => i === 0 || l.seq > run.logs[i - 1].seq), 'logs in the order they were emitted');
    assert.deepEqual([run.logs[0].nodeId, run.logs[0].nodeName, run.logs[0].message, run.logs[0].data], ['n0', 'Node 0', 'node 0 line 0', { line: 0 }]);
    assert.deepEqual(run.logs.filter((l) => l.nodeId === 'n2').map((l) => l.iteration), ['0', '0', '1', '1', '2', '2']);
    await store.close();
  });

  it('records a failed run with its error and node type statistics', async () => {
    const { store, workflow, record } = await storeWithWorkflow();
    play(record, { executionId: 'ok', nodes: 5, logsPerNode: 0 });
    play(record, { executionId: 'bad', nodes: 5, logsPerNode: 0, failNode: 3, startAt: 1_700_000_050_000 });
    const bad = await store.getExecution('bad');
    assert.equal(bad.status, 'failed');
    assert.deepEqual(bad.error, { message: 'node 3 broke', code: 'NODE_ERROR', nodeId: 'n3', field: undefined, stack: 'Error: broke' });
    assert.equal(bad.errorMessage, 'node 3 broke');
    assert.deepEqual(bad.nodeResults.map((n) => n.status), ['success', 'success', 'success', 'failed', 'skipped']);
    assert.equal(bad.nodeResults[3].error?.field, 'url');
    assert.equal(bad.nodeResults[4].skipReason, 'stopped');
    const stats = await store.nodeTypeStats(workflow.workflowId);
    const byType = Object.fromEntries(stats.map((s) => [s.nodeType, [s.executions, s.successes, s.failures, s.minDurationMs, s.maxDurationMs, s.averageDurationMs]]));
    assert.deepEqual(byType, {
      'trigger.manual': [2, 2, 0, 5, 5, 5],
      'http.request': [2, 2, 0, 6, 6, 6],
      'data.set': [2, 2, 0, 7, 7, 7],
      'flow.if': [2, 1, 1, 4, 5, 5],
      'code.javascript': [1, 1, 0, 6, 6, 6],
    });
    const record2 = await store.getWorkflow(workflow.workflowId);
    assert.equal(record2?.executionCount, 2);
    assert.equal(record2?.lastExecutedAt, bad.completedAt);
    await store.close();
  });

  it('truncates values and messages over the limits with an explicit marker', async () => {
    const { store, record } = await storeWithWorkflow({ retention: { maxValueBytes: 1000, maxLogMessageBytes: 300 } });
    const big = { rows: Array.from({ length: 500 }, (_, i) => ({ i, name: `row ${i}` })) };
    play(record, { executionId: 'big', nodes: 2, logsPerNode: 0, output: big, nodeOutput: () => 'x'.repeat(2000) });
    record({ type: 'log', executionId: 'big', at: 5, level: 'error', message: 'é'.repeat(400), data: { bigint: 10n } });
    const run = await store.getExecution('big');
    assert.ok(isTruncated(run.output));
    assert.equal(run.output.bytes, Buffer.byteLength(JSON.stringify(big)));
    assert.equal(run.output.preview, JSON.stringify(big).slice(0, 1000));
    const nodeOutput = run.nodeResults[0].output;
    assert.ok(isTruncated(nodeOutput) && nodeOutput.bytes === JSON.stringify({ out: 'x'.repeat(2000) }).length);
    const log = run.logs.at(-1)!;
    assert.match(log.message, /^é+ … \[truncated: 800 bytes\]$/);
    assert.ok(Buffer.byteLength(log.message) < 300 + 40);
    assert.deepEqual(log.data, { $unserializable: 'Do not know how to serialize a BigInt' });
    await store.close();
  });

  it('never throws at the engine, and records events of a run it did not see start', async () => {
    const logger = memoryLogger();
    const { store, record } = await storeWithWorkflow({ logger });
    const events = syntheticEvents({ executionId: 'late', nodes: 2, logsPerNode: 1 });
    for (const event of events.slice(1)) record(event);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.doesNotThrow(() => record({ type: 'log', executionId: 'late', at: 1, level: 'info', message: 'cycle', data: circular }));
    await store.flush();
    const run = await store.getExecution('late');
    assert.equal(run.status, 'success');
    assert.equal(run.triggerType, 'unknown');
    assert.equal(run.nodeResults.length, 2);
    assert.equal(run.logsTotal, 3);
    assert.deepEqual(logger.warnings, []);
    await store.close();
    // after close: still no throw, a warning instead
    assert.doesNotThrow(() => record(events[0]));
    assert.equal(logger.warnings.length, 1);
  });

  it('marks runs in progress interrupted when the store closes', async () => {
    const { store, record } = await storeWithWorkflow();
    const events = syntheticEvents({ executionId: 'open', nodes: 3, logsPerNode: 1 });
    for (const event of events.slice(0, 3)) record(event);
    await store.close();
    const again = await openTestStore(store.path);
    const run = await again.getExecution('open');
    assert.equal(run.status, 'interrupted');
    assert.match(run.errorMessage ?? '', /closed while the run was in progress/);
    assert.deepEqual(run.nodeResults.map((n) => n.status), ['interrupted']);
    await again.close();
  });
});

describe('retention', () => {
  it('keeps the newest executions of each workflow and deletes the rest with their logs', async () => {
    const { store, workflow, record } = await storeWithWorkflow({ retention: { executionsPerWorkflow: 5, pruneBatch: 2 } });
    const other = await store.registerWorkflow({ path: 'flows/other.workflow.json', content: workflowText('Other', 2) });
    const otherRecord = store.recorder(other);
    for (let i = 0; i < 12; i++) play(record, { executionId: `r-${String(i).padStart(2, '0')}`, nodes: 2, logsPerNode: 3, startAt: 1_700_000_000_000 + i * 1000 });
    for (let i = 0; i < 3; i++) play(otherRecord, { executionId: `o-${i}`, nodes: 2, logsPerNode: 1, startAt: 1_700_000_000_000 + i * 1000 });
    await store.prune();
    const kept = await store.listExecutions({ workflowId: workflow.workflowId, limit: 100 });
    assert.deepEqual(kept.map((e) => e.id), ['r-11', 'r-10', 'r-09', 'r-08', 'r-07']);
    assert.equal((await store.listExecutions({ workflowId: other.workflowId })).length, 3);
    await assert.rejects(store.getExecution('r-00'), /no execution/);
    // counters are history, not the current rows: they keep counting pruned runs
    assert.equal((await store.getWorkflow(workflow.workflowId))?.executionCount, 12);
    await store.close();
    const again = await openTestStore(store.path);
    assert.equal((await again.listExecutions({ workflowId: workflow.workflowId, limit: 100 })).length, 5);
    assert.equal((await again.getExecution('r-07')).logsTotal, 6);
    await again.close();
  });

  it('prunes in the background as runs finish', async () => {
    const { store, workflow, record } = await storeWithWorkflow({ retention: { executionsPerWorkflow: 3 } });
    for (let i = 0; i < 8; i++) play(record, { executionId: `b-${i}`, nodes: 1, logsPerNode: 1, startAt: 1_700_000_000_000 + i });
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual((await store.listExecutions({ workflowId: workflow.workflowId })).map((e) => e.id), ['b-7', 'b-6', 'b-5']);
    await store.close();
  });
});
