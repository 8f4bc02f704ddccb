import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunUpdate } from '../../../src/protocol/run';
import { RunOverlayStore, mergeUpdates } from '../../../webview/run/runStore';

const batch = (fields: Partial<RunUpdate>): RunUpdate => ({ executionId: 'x1', status: 'running', reset: false, nodes: {}, edges: {}, ...fields });

test('batches of one frame merge in order; a reset or another run starts over', () => {
  const merged = mergeUpdates([
    batch({ reset: true, nodes: { a: { status: 'queued' }, b: { status: 'queued' } } }),
    batch({ nodes: { a: { status: 'running' } }, edges: { e1: 1 } }),
    batch({ nodes: { a: { status: 'success', durationMs: 3 } }, edges: { e1: 2 } }),
  ]);
  assert.deepEqual(merged, batch({ reset: true, nodes: { a: { status: 'success', durationMs: 3 }, b: { status: 'queued' } }, edges: { e1: 2 } }));
  const ended = mergeUpdates([batch({ nodes: { a: { status: 'running' } } }), batch({ status: 'failed', durationMs: 9, error: 'boom' })]);
  assert.equal(ended.status, 'failed');
  assert.equal(ended.durationMs, 9);
  assert.equal(ended.reset, false);
  const next = mergeUpdates([batch({ nodes: { a: { status: 'running' } } }), batch({ executionId: 'x2', reset: true, nodes: { b: { status: 'queued' } } })]);
  assert.deepEqual(next, batch({ executionId: 'x2', reset: true, nodes: { b: { status: 'queued' } } }));
});

test('the store tells only the listeners of what a batch changed', () => {
  const store = new RunOverlayStore();
  const told: string[] = [];
  store.subscribeNode('a', () => told.push('a'));
  store.subscribeNode('b', () => told.push('b'));
  store.subscribeEdge('e1', () => told.push('e1'));
  store.subscribeSummary(() => told.push('summary'));
  store.apply(batch({ reset: true, nodes: { a: { status: 'running' } } }));
  assert.deepEqual(told.sort(), ['a', 'summary']);
  told.length = 0;
  const before = store.node('a');
  store.apply(batch({ edges: { e1: 4 } }));
  assert.deepEqual(told, ['e1'], 'same run, same status: the summary is not told');
  assert.equal(store.node('a'), before, 'an untouched node keeps its state object (no re-render)');
  told.length = 0;
  store.apply(batch({ executionId: 'x2', reset: true, nodes: { b: { status: 'queued' } } }));
  assert.deepEqual(told.sort(), ['a', 'b', 'e1', 'summary'], 'a new run clears what the old one showed');
  assert.equal(store.node('a'), undefined);
  assert.equal(store.edge('e1'), undefined);
  assert.equal(store.getSummary()?.executionId, 'x2');
});

test('batches that arrive within one frame are applied together, at the frame', () => {
  let frame: (() => void) | undefined;
  const store = new RunOverlayStore((callback) => {
    frame = callback;
    return () => (frame = undefined);
  });
  let told = 0;
  store.subscribeNode('a', () => told++);
  store.enqueue(batch({ reset: true, nodes: { a: { status: 'queued' } } }));
  store.enqueue(batch({ nodes: { a: { status: 'running' } } }));
  store.enqueue(batch({ nodes: { a: { status: 'success', durationMs: 2 } } }));
  assert.equal(store.node('a'), undefined, 'nothing before the frame');
  frame!();
  assert.equal(told, 1, 'one notification for three batches');
  assert.deepEqual(store.node('a'), { status: 'success', durationMs: 2 });
  store.enqueue(batch({ nodes: { a: { status: 'failed' } } }));
  store.flushQueued();
  assert.equal(store.node('a')?.status, 'failed');
});
