import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEditIntent, newEdgeId } from '../../../src/protocol/edits';
import { sampleWorkflow } from './fixtures';

test('moveNodes moves only the named nodes and leaves the input untouched', () => {
  const before = sampleWorkflow();
  const result = applyEditIntent(before, { type: 'moveNodes', positions: [{ id: 'check', x: 300.4, y: 50 }] });
  assert.ok(result.ok);
  assert.deepEqual(result.workflow.nodes[1]?.position, { x: 300.4, y: 50 });
  assert.deepEqual(result.workflow.nodes[0], before.nodes[0]);
  assert.deepEqual(before.nodes[1]?.position, { x: 240, y: 0 });
});

test('moveNodes of an unknown node is refused (stale canvas)', () => {
  const result = applyEditIntent(sampleWorkflow(), { type: 'moveNodes', positions: [{ id: 'gone', x: 1, y: 1 }] });
  assert.deepEqual(result, { ok: false, error: 'no node with id "gone" in the document' });
});

test('removeElements removes nodes with their edges, and edges; unknown ids are ignored', () => {
  const result = applyEditIntent(sampleWorkflow(), { type: 'removeElements', nodeIds: ['log', 'nope'], edgeIds: ['e1'] });
  assert.ok(result.ok);
  assert.deepEqual(result.workflow.nodes.map((n) => n.id), ['start', 'check']);
  assert.deepEqual(result.workflow.edges, []);
});

test('connect adds an edge with a readable unique id; connecting twice changes nothing', () => {
  const w = sampleWorkflow();
  const first = applyEditIntent(w, { type: 'connect', source: 'check', sourceHandle: 'false', target: 'log', targetHandle: 'in' });
  assert.ok(first.ok);
  assert.deepEqual(first.workflow.edges[2], { id: 'check-log', source: 'check', sourceHandle: 'false', target: 'log', targetHandle: 'in' });
  const again = applyEditIntent(first.workflow, { type: 'connect', source: 'check', sourceHandle: 'false', target: 'log', targetHandle: 'in' });
  assert.ok(again.ok);
  assert.equal(again.workflow, first.workflow);
  assert.equal(newEdgeId(first.workflow, 'check', 'log'), 'check-log-2');
});

test('connect refuses self-loops and unknown nodes', () => {
  assert.equal(applyEditIntent(sampleWorkflow(), { type: 'connect', source: 'log', sourceHandle: 'out', target: 'log', targetHandle: 'in' }).ok, false);
  assert.equal(applyEditIntent(sampleWorkflow(), { type: 'connect', source: 'x', sourceHandle: 'out', target: 'log', targetHandle: 'in' }).ok, false);
});

test('updateNode changes name, config and disabled; enabling removes the key; other keys stay', () => {
  const disabled = applyEditIntent(sampleWorkflow(), { type: 'updateNode', id: 'log', changes: { name: 'Say', config: { message: 'yo' }, disabled: true } });
  assert.ok(disabled.ok);
  assert.deepEqual(disabled.workflow.nodes[2], { id: 'log', type: 'util.log', name: 'Say', position: { x: 480, y: 0 }, config: { message: 'yo' }, notes: 'kept', disabled: true });
  const enabled = applyEditIntent(disabled.workflow, { type: 'updateNode', id: 'log', changes: { disabled: false } });
  assert.ok(enabled.ok);
  assert.equal('disabled' in (enabled.workflow.nodes[2] ?? {}), false);
});

test('updateNode refuses a name another node has, and unknown nodes', () => {
  assert.equal(applyEditIntent(sampleWorkflow(), { type: 'updateNode', id: 'log', changes: { name: 'Start' } }).ok, false);
  assert.equal(applyEditIntent(sampleWorkflow(), { type: 'updateNode', id: 'zz', changes: {} }).ok, false);
});
