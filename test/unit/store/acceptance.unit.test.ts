/**
 * Runs accepted before they execute, and runs whose process died (issue 11): an accepted run is
 * durable (`queued`) once `acceptExecution` resolves and moves to `running` when the engine
 * starts it; a run the dead process left unfinished becomes `interrupted` at the next open,
 * naming that process, counting the nodes that succeeded and ending at its last recorded event.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openTestStore, tempDbPath } from './fixtures/temp';
import { workflowText } from './fixtures/events';

const deadEverywhere = () => false;
const T0 = 1_700_000_000_000;

async function storeWithWorkflow(path: string) {
  const store = await openTestStore(path);
  const workflow = await store.registerWorkflow({ path: 'flows/acc.workflow.json', content: workflowText('Accept', 4) });
  return { store, workflow, record: store.recorder(workflow) };
}

describe('accepted and abandoned runs', () => {
  it('an accepted run is queued on disk before it starts, running once started, and keeps its input and trigger', async () => {
    const path = tempDbPath();
    const { store, workflow, record } = await storeWithWorkflow(path);
    const input = { body: { order: 7 } };
    await store.acceptExecution({ executionId: 'acc-1', ...workflow, workflowName: 'Accept', trigger: { type: 'webhook', nodeId: 'n0', data: { path: 'p' } }, input, at: T0 });
    // another process sees it, from the journal alone
    const reader = await openTestStore(path);
    const queued = await reader.getExecution('acc-1');
    assert.deepEqual([queued.status, queued.triggerType, queued.triggerNodeId, queued.startedAt], ['queued', 'webhook', 'n0', T0]);
    assert.deepEqual(queued.input, input);
    await reader.close();

    record({ type: 'execution.started', executionId: 'acc-1', at: T0 + 5, workflowName: 'Accept', startedAt: new Date(T0 + 5).toISOString(), input, trigger: { type: 'webhook', nodeId: 'n0' } });
    record({ type: 'node.started', executionId: 'acc-1', at: T0 + 6, nodeId: 'n0', nodeName: 'Node 0', nodeType: 'trigger.webhook', attempt: 1, input });
    record({ type: 'node.finished', executionId: 'acc-1', at: T0 + 7, nodeId: 'n0', nodeName: 'Node 0', nodeType: 'trigger.webhook', attempt: 1, durationMs: 1, output: { out: input } });
    const running = await store.getExecution('acc-1');
    assert.deepEqual([running.status, running.startedAt], ['running', T0 + 5]);
    assert.deepEqual(running.input, input, 'one execution row, the input stored once');
    assert.deepEqual(running.nodeResults[0].input, input, 'a node input that is the run input refers to it');
    await store.close();
  });

  it('after a crash, an unfinished run ends at its last event with the nodes that succeeded, and names the process', async () => {
    const path = tempDbPath();
    const { store, workflow, record } = await storeWithWorkflow(path);
    await store.acceptExecution({ executionId: 'never-ran', ...workflow, workflowName: 'Accept', trigger: { type: 'webhook' }, input: {}, at: T0 });
    await store.acceptExecution({ executionId: 'half', ...workflow, workflowName: 'Accept', trigger: { type: 'webhook' }, input: {}, at: T0 });
    record({ type: 'execution.started', executionId: 'half', at: T0 + 10, workflowName: 'Accept', startedAt: new Date(T0 + 10).toISOString(), input: {}, trigger: { type: 'webhook' } });
    for (let i = 0; i < 3; i++) {
      record({ type: 'node.started', executionId: 'half', at: T0 + 20 + i * 10, nodeId: `n${i}`, nodeName: `Node ${i}`, nodeType: 'data.set', attempt: 1, input: {} });
      record({ type: 'node.finished', executionId: 'half', at: T0 + 25 + i * 10, nodeId: `n${i}`, nodeName: `Node ${i}`, nodeType: 'data.set', attempt: 1, durationMs: 5, output: { out: i } });
    }
    record({ type: 'log', executionId: 'half', at: T0 + 60, level: 'info', message: 'last thing it said' });
    record({ type: 'node.started', executionId: 'half', at: T0 + 61, nodeId: 'n3', nodeName: 'Node 3', nodeType: 'data.set', attempt: 1, input: {} });
    await store.flush();
    // the process "dies": its store is never closed; the next one finds the writer gone
    const later = await openTestStore(path, { liveness: deadEverywhere });
    const half = await later.getExecution('half');
    assert.equal(half.status, 'interrupted');
    assert.equal(half.nodesExecuted, 3, 'the nodes that succeeded, not 0');
    assert.equal(half.completedAt, T0 + 61, 'ends at its last recorded event, not when it was noticed');
    assert.equal(half.durationMs, 51);
    assert.match(half.error?.message ?? '', new RegExp(`pid ${process.pid} on .+ was killed or crashed before the run finished`));
    assert.equal(half.nodeResults.find((n) => n.nodeId === 'n3')?.status, 'interrupted');
    const never = await later.getExecution('never-ran');
    assert.deepEqual([never.status, never.nodesExecuted, never.completedAt], ['interrupted', 0, T0]);
    await later.close();
  });
});
