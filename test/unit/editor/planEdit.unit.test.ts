import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planEdit } from '../../../src/extension/editor/planEdit';
import { analyzeDocument } from '../../../src/extension/editor/documentView';
import type { EditIntent } from '../../../src/protocol/messages';
import { serializeWorkflow } from '../../../src/core/model/serialize';
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

// ---- a file with node-level errors stays editable ----

/** The sample with an HTTP node whose URL is empty (a CONFIG error), wired after the log. */
function withEmptyUrl(): string {
  const w = JSON.parse(sampleText());
  w.nodes.push({ id: 'fetch', type: 'http.request', name: 'Fetch', position: { x: 700, y: 0 }, config: { url: '' } });
  w.edges.push({ id: 'e3', source: 'log', target: 'fetch' });
  return serializeWorkflow(w);
}

test('a node-level error shows the canvas, the node badged through problems with nodeId and path', () => {
  const analyzed = analyzeDocument(withEmptyUrl(), file, 1);
  assert.equal(analyzed.view.kind, 'workflow');
  assert.ok(analyzed.draft);
  assert.equal(analyzed.workflow, undefined, 'nothing runs a draft');
  if (analyzed.view.kind !== 'workflow') return;
  const problem = analyzed.view.problems.find((p) => p.severity === 'error');
  assert.deepEqual({ code: problem?.code, nodeId: problem?.nodeId, path: problem?.path }, { code: 'CONFIG', nodeId: 'fetch', path: '/nodes/3/config/url' });
  assert.match(problem?.message ?? '', /node "Fetch" \(fetch\): config\.url must not be empty/);
});

test('unknown node types and bad expressions keep the canvas too; a cycle or a format error does not', () => {
  const unknown = sampleText().replace('"type": "util.log"', '"type": "util.logg"');
  assert.equal(analyzeDocument(unknown, file, 1).view.kind, 'workflow');
  const badExpression = sampleText().replace('"message": "hi"', '"message": "{{ $input. }}"');
  const view = analyzeDocument(badExpression, file, 1).view;
  assert.equal(view.kind, 'workflow');
  assert.ok(view.problems.some((p) => p.code === 'EXPRESSION' && p.nodeId === 'log'));
  const cycle = JSON.parse(sampleText());
  cycle.edges.push({ id: 'back', source: 'log', target: 'check' });
  assert.equal(analyzeDocument(serializeWorkflow(cycle), file, 1).view.kind, 'invalid');
  assert.equal(analyzeDocument(sampleText().replace('"x": 480', '"x": "far"'), file, 1).view.kind, 'invalid');
});

test('adding a node with an empty required field is written (the inspector shows the error)', () => {
  const plan = planEdit(sampleText(), file, { type: 'addNode', nodeType: 'http.request', position: { x: 0, y: 200 } });
  assert.equal(plan.kind, 'write');
  assert.ok(plan.kind === 'write' && plan.created?.[0] === 'request-1');
  // and the file with that error can be edited further
  const next = plan.kind === 'write' ? plan.text : '';
  const moved = planEdit(next, file, { type: 'moveNodes', positions: [{ id: 'request-1', x: 10, y: 10 }] });
  assert.equal(moved.kind, 'write');
  assert.equal(planEdit(withEmptyUrl(), file, { type: 'updateNode', id: 'fetch', changes: { config: { url: 'https://example.test' } } }).kind, 'write');
});

test('edits that add a structural error are refused with the reason', () => {
  const cycle = planEdit(withEmptyUrl(), file, { type: 'connect', source: 'fetch', sourceHandle: 'out', target: 'check', targetHandle: 'in' });
  assert.ok(cycle.kind === 'refused' && /would make the workflow invalid: cycle/.test(cycle.error), JSON.stringify(cycle));
  const handle = planEdit(sampleText(), file, { type: 'connect', source: 'check', sourceHandle: 'maybe', target: 'log', targetHandle: 'in' });
  assert.ok(handle.kind === 'refused' && /no output "maybe"/.test(handle.error), JSON.stringify(handle));
  const twoTriggers = JSON.parse(sampleText());
  twoTriggers.nodes.push({ id: 'again', type: 'trigger.manual', name: 'Again', position: { x: 0, y: 200 }, config: {} });
  const trigger = planEdit(serializeWorkflow(twoTriggers), file, { type: 'connect', source: 'log', sourceHandle: 'out', target: 'again', targetHandle: 'in' });
  assert.ok(trigger.kind === 'refused' && /trigger/.test(trigger.error), JSON.stringify(trigger));
  const badRetry = planEdit(sampleText(), file, { type: 'updateNode', id: 'log', changes: { retry: { maxAttempts: 0 } } });
  assert.equal(badRetry.kind, 'refused');
  const badColor = planEdit(sampleText(), file, { type: 'addSticky', position: { x: 0, y: 0 }, text: '' });
  assert.equal(badColor.kind, 'write');
  const withNote = badColor.kind === 'write' ? badColor.text : '';
  assert.equal(planEdit(withNote, file, { type: 'updateSticky', id: 'note-1', color: 'chartreuse' }).kind, 'refused');
});

test('a file that does not parse, or fails the format, is never written', () => {
  assert.equal(planEdit('{ "formatVersion": 1, ', file, { type: 'addSticky', position: { x: 0, y: 0 }, text: '' }).kind, 'refused');
  const format = sampleText().replace('"name": "Log"', '"name": ""');
  assert.equal(planEdit(format, file, { type: 'addSticky', position: { x: 0, y: 0 }, text: '' }).kind, 'refused');
});

test('sticky notes reach the view with their size made explicit', () => {
  const plan = planEdit(sampleText(), file, { type: 'addSticky', position: { x: 3, y: 4 }, text: 'Hi' });
  assert.equal(plan.kind, 'write');
  const text = plan.kind === 'write' ? plan.text : '';
  assert.match(text, /"stickyNotes": \[\n {4}\{\n {6}"id": "note-1",\n {6}"text": "Hi",\n {6}"position": \{ "x": 3, "y": 4 \}\n {4}\}\n {2}\]\n\}\n$/);
  const view = analyzeDocument(text, file, 1).view;
  assert.ok(view.kind === 'workflow');
  assert.deepEqual(view.kind === 'workflow' && view.stickies, [{ id: 'note-1', text: 'Hi', position: { x: 3, y: 4 }, width: 240, height: 160 }]);
});

test('a node with onError errorOutput draws its "error" handle', () => {
  const w = JSON.parse(sampleText());
  w.nodes[2].onError = 'errorOutput';
  const view = analyzeDocument(serializeWorkflow(w), file, 1).view;
  assert.ok(view.kind === 'workflow');
  assert.deepEqual(view.kind === 'workflow' && view.nodes[2]?.outputs.map((p) => p.name), ['out', 'error']);
});
