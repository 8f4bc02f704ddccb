import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../../src/core/validation/validate';
import { edge, node, only, positionOf, validWorkflow, workflowText } from './fixtures';

test('a missing required key points at the enclosing object and names the node', () => {
  const { nodes, edges } = validWorkflow();
  delete (nodes[1] as Partial<typeof nodes[1]>).position;
  const text = workflowText(nodes, edges);
  const diagnostic = only(validate(text, 'x'), 'SCHEMA');
  assert.equal(diagnostic.message, 'node "Set total" (set): position is required');
  assert.equal(diagnostic.path, '/nodes/1/position');
  assert.equal(diagnostic.nodeId, 'set');
  // the node object is an array element: its "{" is where it starts
  const openBrace = text.lastIndexOf('{', text.indexOf('"id": "set"'));
  const before = text.slice(0, openBrace);
  assert.deepEqual([diagnostic.line, diagnostic.column], [before.split('\n').length, openBrace - before.lastIndexOf('\n')]);
});

test('a wrong type points at the value and says what was expected and found', () => {
  const { nodes, edges } = validWorkflow();
  nodes[1].position = { x: 12345, y: 0 };
  const text = workflowText(nodes, edges).replace('"x": 12345', '"x": "far"');
  const diagnostic = only(validate(text, 'x'), 'SCHEMA');
  assert.match(diagnostic.message, /^node "Set total" \(set\): position\.x must be a number, not a string$/);
  assert.deepEqual([diagnostic.line, diagnostic.column], [positionOf(text, '"far"').line, positionOf(text, '"far"').column]);
  assert.equal(diagnostic.length, '"far"'.length);
});

test('an unknown property is reported at its key', () => {
  const { nodes, edges } = validWorkflow();
  nodes[2].colour = 'red';
  const text = workflowText(nodes, edges, { author: 'me' });
  const diagnostics = validate(text, 'x').filter((d) => d.code === 'SCHEMA');
  assert.deepEqual(diagnostics.map((d) => d.message), ['node "Big order?" (check) has unknown property "colour"', 'the workflow has unknown property "author"']);
  assert.deepEqual([diagnostics[0].line, diagnostics[0].column], [positionOf(text, '"colour"').line, positionOf(text, '"colour"').column]);
  assert.equal(diagnostics[0].path, '/nodes/2/colour');
  assert.equal(diagnostics[1].length, '"author"'.length);
});

test('file-level fields: formatVersion, name, settings', () => {
  const { nodes, edges } = validWorkflow();
  const text = workflowText(nodes, edges, { settings: { concurrency: 0 } }).replace('"formatVersion": 1', '"formatVersion": 2').replace('"name": "Test"', '"name": ""');
  const messages = validate(text, 'x').filter((d) => d.code === 'SCHEMA').map((d) => d.message);
  assert.deepEqual(messages, ['formatVersion must be 1', 'name must not be empty', 'settings.concurrency must be at least 1']);
});

test('nodes and edges of the wrong shape are reported and do not stop the graph checks', () => {
  const text = workflowText(
    [node('start', 'trigger.manual'), node('a', 'data.set', { values: {} }, { position: 'here' }), node('b', 'data.set', { values: {} })],
    [edge('e1', 'start', 'a'), edge('e2', 'a', 'b'), edge('e3', 'b', 'a')],
  );
  const diagnostics = validate(text, 'x');
  assert.ok(diagnostics.some((d) => d.code === 'SCHEMA' && d.path === '/nodes/1/position'));
  assert.equal(only(diagnostics, 'CYCLE').message, 'cycle: "A" → "B" → "A"');
});

test('an edge label uses its id; a non-object node is named by its index', () => {
  const text = workflowText([node('start', 'trigger.manual')], [{ id: 'e1', source: 'start', target: 5 } as never]).replace('"nodes": [', '"nodes": [\n    "oops",');
  const messages = validate(text, 'x').filter((d) => d.code === 'SCHEMA').map((d) => d.message);
  assert.deepEqual(messages, ['nodes[0] must be an object, not a string', 'edge "e1": target must be a string, not a number']);
});

test('zod messages written in the schema are kept', () => {
  const text = workflowText([node(' start', 'trigger.manual', {}, { name: 'Start' })]);
  assert.equal(only(validate(text, 'x'), 'SCHEMA').message, 'node "Start" ( start): id must not start or end with whitespace');
});
