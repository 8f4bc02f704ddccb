import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEdit } from '../../../src/extension/editor/planEdit';
import { analyzeDocument } from '../../../src/extension/editor/documentView';
import type { EditIntent } from '../../../src/protocol/messages';
import { sampleText } from './fixtures';

const file = '/tmp/sample.workflow.json';

test('an edit produces the serializer output of the whole workflow', () => {
  const plan = planEdit(sampleText(), file, { type: 'moveNodes', positions: [{ id: 'log', x: 500.6, y: 10 }] });
  assert.equal(plan.kind, 'write');
  assert.ok(plan.kind === 'write' && plan.text.includes('"position": { "x": 501, "y": 10 }') && plan.text.endsWith('}\n'));
});

test('no-op intents write nothing, even to a hand-formatted or CRLF file', () => {
  const intent: EditIntent = { type: 'moveNodes', positions: [{ id: 'log', x: 480.2, y: 0 }] };
  assert.deepEqual(planEdit(sampleText(), file, intent), { kind: 'unchanged' });
  assert.deepEqual(planEdit(sampleText().replace(/\n/g, '\r\n'), file, intent), { kind: 'unchanged' });
  const compact = JSON.stringify(JSON.parse(sampleText()));
  assert.deepEqual(planEdit(compact, file, intent), { kind: 'unchanged' });
});

test('an invalid document is never written', () => {
  const broken = sampleText().replace('"nodes"', '"nodez"');
  const plan = planEdit(broken, file, { type: 'removeElements', nodeIds: ['log'], edgeIds: [] });
  assert.equal(plan.kind, 'refused');
  assert.equal(planEdit('{ not json', file, { type: 'removeElements', nodeIds: [], edgeIds: [] }).kind, 'refused');
});

test('an edit that would make the file invalid is refused with the reason', () => {
  const plan = planEdit(sampleText(), file, { type: 'connect', source: 'log', sourceHandle: 'out', target: 'start', targetHandle: 'in' });
  assert.equal(plan.kind, 'refused');
});

test('the document view: nodes with titles, icons and ports; edges with explicit handles', () => {
  const { view } = analyzeDocument(sampleText(), file, 4);
  assert.equal(view.kind, 'workflow');
  if (view.kind !== 'workflow') return;
  assert.equal(view.version, 4);
  assert.equal(view.name, 'Sample');
  const check = view.nodes.find((n) => n.id === 'check');
  assert.deepEqual(check?.outputs.map((p) => p.name), ['true', 'false']);
  assert.deepEqual(check?.inputs.map((p) => p.name), ['in']);
  assert.equal(typeof check?.icon, 'string');
  assert.deepEqual(view.edges[0], { id: 'e1', source: 'start', sourceHandle: 'out', target: 'check', targetHandle: 'in' });
});

test('the error view lists error diagnostics with line and column', () => {
  const { view, workflow } = analyzeDocument('{\n  "formatVersion": 1,\n  "name": \n}\n', file, 1);
  assert.equal(workflow, undefined);
  assert.equal(view.kind, 'invalid');
  assert.ok(view.problems.length > 0 && view.problems.every((p) => p.severity === 'error' && p.line >= 1));
});
