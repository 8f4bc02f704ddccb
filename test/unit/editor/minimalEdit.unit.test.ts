import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planEdit } from '../../../src/extension/editor/planEdit';
import { changedSpan, formattingOf } from '../../../src/extension/editor/minimalEdit';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import type { EditIntent } from '../../../src/protocol/messages';

const file = '/tmp/hand.workflow.json';
const ROOT = join(__dirname, '../../..');

// Written by hand: one node per line, a tab-free 4-space indent, edges grouped on one line.
const HAND = `{
    "formatVersion": 1,
    "name": "Hand written",
    "nodes": [
        { "id": "start", "type": "trigger.manual", "name": "Start", "position": { "x": 0, "y": 0 }, "config": {} },
        { "id": "log", "type": "util.log", "name": "Log", "position": { "x": 240, "y": 0 }, "config": { "message": "hi" } },
        { "id": "end", "type": "util.log", "name": "End", "position": { "x": 480, "y": 0 }, "config": { "message": "bye" } }
    ],
    "edges": [ { "id": "e1", "source": "start", "target": "log" }, { "id": "e2", "source": "log", "target": "end" } ]
}
`;

function written(text: string, intent: EditIntent): string {
  const plan = planEdit(text, file, intent);
  assert.equal(plan.kind, 'write', JSON.stringify(plan));
  return plan.kind === 'write' ? plan.text : '';
}

function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  return after.split('\n').filter((line, i) => line !== a[i]);
}

test('moving one node of a hand-written file changes its line only, and only its numbers', () => {
  const after = written(HAND, { type: 'moveNodes', positions: [{ id: 'log', x: 260, y: 40 }] });
  assert.equal(after.split('\n').length, HAND.split('\n').length);
  assert.deepEqual(changedLines(HAND, after), [
    '        { "id": "log", "type": "util.log", "name": "Log", "position": { "x": 260, "y": 40 }, "config": { "message": "hi" } },',
  ]);
});

test('renaming and configuring a hand-written node touches those values only', () => {
  const renamed = written(HAND, { type: 'updateNode', id: 'end', changes: { name: 'Finish' } });
  assert.deepEqual(changedLines(HAND, renamed), [
    '        { "id": "end", "type": "util.log", "name": "Finish", "position": { "x": 480, "y": 0 }, "config": { "message": "bye" } }',
  ]);
  const configured = written(HAND, { type: 'updateNode', id: 'log', changes: { config: { message: 'hello' } } });
  assert.equal(configured, HAND.replace('"message": "hi"', '"message": "hello"'));
});

test('removing a node and its edge of a hand-written file removes their text only', () => {
  const after = written(HAND, { type: 'removeElements', nodeIds: ['end'], edgeIds: [] });
  const expected = HAND.replace(',\n        { "id": "end", "type": "util.log", "name": "End", "position": { "x": 480, "y": 0 }, "config": { "message": "bye" } }', '').replace(
    ', { "id": "e2", "source": "log", "target": "end" }',
    '',
  );
  assert.equal(after, expected);
});

test('disabling a one-line node adds the flag on its line; a new edge joins the others on theirs', () => {
  const disabled = written(HAND, { type: 'setDisabled', nodeIds: ['log'], disabled: true });
  assert.deepEqual(changedLines(HAND, disabled), [
    '        { "id": "log", "type": "util.log", "name": "Log", "position": { "x": 240, "y": 0 }, "config": { "message": "hi" }, "disabled": true },',
  ]);
  const connected = written(HAND, { type: 'connect', source: 'start', sourceHandle: 'out', target: 'end', targetHandle: 'in' });
  const [edges] = changedLines(HAND, connected);
  assert.match(edges!, /^ {4}"edges": \[ \{ "id": "e1", .*\}, \{ "id": "e2", .*\}, \{ "id": "[^"]+", "source": "start", .*"target": "end".* \} \]$/);
  assert.equal(changedLines(HAND, connected).length, 1);
});

test('an added node goes in with the file\'s indentation; everything before it is untouched', () => {
  const after = written(HAND, { type: 'addNode', nodeType: 'util.log', position: { x: 720, y: 0 } });
  const doc = JSON.parse(after);
  assert.equal(doc.nodes.length, 4);
  const lines = HAND.split('\n');
  assert.deepEqual(after.split('\n').slice(0, 6), lines.slice(0, 6), 'the lines before the nodes it follows are kept');
  assert.match(after, /\n {8}\{\n {12}"id": "log-1"/, 'the new node is indented like the others (4 spaces a level)');
});

test('canonical files stay byte-stable: an edit gives exactly the serializer\'s output', () => {
  for (const name of ['price-alert', 'fetch-and-retry', 'order-pipeline']) {
    const text = readFileSync(join(ROOT, 'examples', `${name}.workflow.json`), 'utf8');
    assert.equal(text, serializeWorkflow(JSON.parse(text)), `${name} is canonical`);
    const doc = JSON.parse(text) as { nodes: { id: string; position: { x: number; y: number } }[] };
    const node = doc.nodes[1]!;
    const after = written(text, { type: 'moveNodes', positions: [{ id: node.id, x: node.position.x + 20, y: node.position.y }] });
    assert.equal(after, serializeWorkflow(JSON.parse(after)), `${name} is still canonical`);
    assert.equal(changedLines(text, after).length, 1);
  }
});

test('formattingOf reads the indentation and line ending; changedSpan keeps the common start and end', () => {
  assert.deepEqual(formattingOf(HAND), { insertSpaces: true, tabSize: 4, eol: '\n' });
  assert.deepEqual(formattingOf('{\r\n\t"a": 1\r\n}'), { insertSpaces: false, tabSize: 1, eol: '\r\n' });
  assert.deepEqual(changedSpan('abcXYdef', 'abcZdef'), { start: 3, end: 5, text: 'Z' });
  assert.deepEqual(changedSpan('same', 'same'), { start: 4, end: 4, text: '' });
  assert.deepEqual(changedSpan('aa', 'aaa'), { start: 2, end: 2, text: 'a' });
});
