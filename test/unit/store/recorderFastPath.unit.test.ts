/**
 * What the recorder does to keep fast runs cheap, and that readers cannot tell:
 * - held node starts: an attempt that starts and ends in one synchronous stretch (the engine's
 *   fast path) is written as one `nr.run` row; an attempt that outlives the stretch is visible
 *   as running meanwhile; both read back (and replay in another process) as before;
 * - shared values: a node input (or the run's output) that is the very object an upstream node
 *   emitted (or the run input) is stored as a reference and read back whole.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionEvent, ExecutionStartedEvent } from '../../../src/core/engine/events';
import { workflowText } from './fixtures/events';
import { openTestStore, tempDbPath } from './fixtures/temp';

const AT = 1_700_000_000_000;
const node = (id: string) => ({ executionId: 'x', nodeId: id, nodeName: `Node ${id}`, nodeType: 'data.set' });
const started: ExecutionStartedEvent = { type: 'execution.started', executionId: 'x', at: AT, workflowName: 'Held', startedAt: new Date(AT).toISOString(), input: {}, trigger: { type: 'webhook' } };
const begin = (id: string, at: number, input: unknown): ExecutionEvent => ({ ...node(id), type: 'node.started', at, attempt: 1, input });
const end = (id: string, at: number, output: unknown): ExecutionEvent => ({ ...node(id), type: 'node.finished', at, attempt: 1, output: { out: output }, durationMs: 1 });

describe('recorder: node starts held until the end of the turn', () => {
  it('records fast-path and slow attempts alike; the slow one shows as running until it ends', async () => {
    const path = tempDbPath();
    const store = await openTestStore(path);
    const workflow = await store.registerWorkflow({ path: 'held.workflow.json', content: workflowText('Held', 2) });
    const record = store.recorder(workflow);

    // one synchronous stretch: `a` starts and ends (one row write), `b` only starts
    record(started);
    record(begin('a', AT + 1, { n: 1 }));
    record(end('a', AT + 2, { n: 2 }));
    record(begin('b', AT + 3, { n: 2 }));
    await new Promise((resolve) => setImmediate(resolve));
    const midway = await store.getExecution('x');
    assert.deepEqual(
      midway.nodeResults.map((r) => [r.nodeId, r.status, r.input, r.output]),
      [
        ['a', 'success', { n: 1 }, { out: { n: 2 } }],
        ['b', 'running', { n: 2 }, undefined],
      ],
    );

    record(end('b', AT + 10, { n: 3 }));
    record({ type: 'execution.finished', executionId: 'x', at: AT + 11, status: 'success', output: { n: 3 }, startedAt: new Date(AT).toISOString(), completedAt: new Date(AT + 11).toISOString(), durationMs: 11, nodesExecuted: 2 });
    const rows = (await store.getExecution('x')).nodeResults.map((r) => [r.nodeId, r.status, r.input, r.output, r.startedAt, r.completedAt]);
    const expected = [
      ['a', 'success', { n: 1 }, { out: { n: 2 } }, AT + 1, AT + 2],
      ['b', 'success', { n: 2 }, { out: { n: 3 } }, AT + 3, AT + 10],
    ];
    assert.deepEqual(rows, expected);
    await store.close();

    // replayed from the journal by another process: the same rows
    const again = await openTestStore(path);
    assert.deepEqual((await again.getExecution('x')).nodeResults.map((r) => [r.nodeId, r.status, r.input, r.output, r.startedAt, r.completedAt]), expected);
    await again.close();
  });

  it('a start still held when the store closes is recorded, then interrupted', async () => {
    const path = tempDbPath();
    const store = await openTestStore(path);
    const record = store.recorder(await store.registerWorkflow({ path: 'held.workflow.json', content: workflowText('Held', 2) }));
    record(started);
    record(begin('a', AT + 1, { n: 1 }));
    await store.close(); // in the same turn as the start
    const again = await openTestStore(path);
    const run = await again.getExecution('x');
    assert.equal(run.status, 'interrupted');
    assert.deepEqual(run.nodeResults.map((r) => [r.nodeId, r.status, r.input]), [['a', 'interrupted', { n: 1 }]]);
    await again.close();
  });
});

describe('recorder: node inputs shared with what is already stored', () => {
  const journalBytes = (path: string) => {
    const dir = `${path}.journals`;
    return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  };
  const big = (n: number) => ({ rows: Array.from({ length: 50 }, (_, i) => ({ i, text: `row ${i} of value ${n}` })) });

  /** A chain where each node's input is (shared) or equals (copied) the previous output. */
  function chainEvents(id: string, share: boolean, maxNodes = 4): ExecutionEvent[] {
    const input = big(0);
    const events: ExecutionEvent[] = [{ ...started, executionId: id, input }];
    let previous: unknown = input;
    for (let i = 0; i < maxNodes; i++) {
      const value = i === 2 ? previous : big(i + 1); // node 2 passes its input through
      const base = { executionId: id, nodeId: `n${i}`, nodeName: `Node ${i}`, nodeType: 'data.set' };
      events.push({ ...base, type: 'node.started', at: AT + 2 * i, attempt: 1, input: share ? previous : structuredClone(previous) });
      events.push({ ...base, type: 'node.finished', at: AT + 2 * i + 1, attempt: 1, output: { out: value }, durationMs: 1 });
      previous = value;
    }
    events.push({ type: 'execution.finished', executionId: id, at: AT + 99, status: 'success', output: previous, startedAt: new Date(AT).toISOString(), completedAt: new Date(AT + 99).toISOString(), durationMs: 99, nodesExecuted: maxNodes });
    return events;
  }

  it('reads back the same inputs whether they were shared or copied, and shared ones take far fewer bytes', async () => {
    const path = tempDbPath();
    const store = await openTestStore(path);
    const record = store.recorder(await store.registerWorkflow({ path: 'chain.workflow.json', content: workflowText('Chain', 4) }));
    await store.flush();
    const before = journalBytes(path);
    for (const event of chainEvents('shared', true)) record(event);
    await store.flush();
    const sharedBytes = journalBytes(path) - before;
    for (const event of chainEvents('copied', false)) record(event);
    await store.flush();
    const copiedBytes = journalBytes(path) - before - sharedBytes;

    const inputs = async (id: string) => (await store.getExecution(id)).nodeResults.map((r) => r.input);
    const outputs = async (id: string) => (await store.getExecution(id)).nodeResults.map((r) => r.output);
    // node 2 passes its input on: its output is a reference too
    assert.deepEqual(await outputs('shared'), [{ out: big(1) }, { out: big(2) }, { out: big(2) }, { out: big(4) }]);
    assert.deepEqual(await outputs('copied'), await outputs('shared'));
    const expected = [big(0), big(1), big(2), big(2)];
    assert.deepEqual(await inputs('shared'), expected);
    assert.deepEqual(await inputs('copied'), expected);
    // the run's output is the last node's: stored once too
    assert.deepEqual((await store.getExecution('shared')).output, big(4));
    assert.deepEqual((await store.getExecution('copied')).output, big(4));
    assert.ok(sharedBytes < copiedBytes * 0.7, `shared ${sharedBytes} bytes, copied ${copiedBytes} bytes`);
    await store.close();
    const again = await openTestStore(path);
    assert.deepEqual((await again.getExecution('shared')).nodeResults.map((r) => r.input), expected);
    await again.close();
  });

  it('an output cut to the size limit never stands in for an input', async () => {
    const store = await openTestStore(tempDbPath(), { retention: { maxValueBytes: 1500 } });
    const record = store.recorder(await store.registerWorkflow({ path: 'cut.workflow.json', content: workflowText('Cut', 2) }));
    const value = { text: 'x'.repeat(1485) }; // 1,496 bytes of JSON: fits alone, not inside { out: … }
    record(started);
    record(begin('a', AT + 1, {}));
    record(end('a', AT + 2, value));
    record(begin('b', AT + 3, value));
    record(end('b', AT + 4, {}));
    const [a, b] = (await store.getExecution('x')).nodeResults;
    assert.equal((a.output as { $truncated?: boolean }).$truncated, true);
    assert.deepEqual(b.input, value);
    await store.close();
  });
});
