import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, importWorkflow, importWorkflowValue, ImportError } from '../../../src/core/importers/index';
import { fixtureText, fixtureValue, hasWarning } from './support';

test('each fixture is detected as its format', () => {
  assert.equal(detectFormat(fixtureValue('reactflow-price-alert.json')), 'reactflow');
  assert.equal(detectFormat(fixtureValue('sessions-row.json')), 'sessions');
  assert.equal(detectFormat(fixtureValue('glyphic-workflow.json')), 'glyphic');
  assert.equal(detectFormat(fixtureValue('comfyui-txt2img.json')), 'litegraph');
});

test('detection looks at the shape, not at a single key', () => {
  assert.equal(detectFormat({ nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } }), 'reactflow');
  assert.equal(detectFormat({ nodes: [{ id: 'a', position: { x: 0, y: 0 }, data: {} }] }), 'reactflow');
  assert.equal(detectFormat({ nodes: '[]', edges: '[]' }), 'sessions', 'JSON text columns are a database row');
  assert.equal(detectFormat({ name: 'x', nodes: [], edges: [], trigger: { type: 'manual' } }), 'sessions');
  assert.equal(detectFormat({ nodes: [{ id: 1, pos: [0, 0], data: { fields: {} } }], edges: [] }), 'glyphic');
  assert.equal(detectFormat({ name: 'x', workflow_data: '{}' }), 'glyphic');
  assert.equal(detectFormat({ nodes: [{ id: 1, type: 'A', pos: [0, 0] }], links: [] }), 'litegraph');
});

test('nothing is detected in our own format, lists, scalars or unrelated objects', () => {
  assert.equal(detectFormat({ formatVersion: 1, name: 'x', nodes: [], edges: [] }), undefined);
  assert.equal(detectFormat([{ nodes: [] }]), undefined);
  assert.equal(detectFormat('nodes'), undefined);
  assert.equal(detectFormat(null), undefined);
  assert.equal(detectFormat({ steps: [] }), undefined);
});

test('an explicit format overrides detection', () => {
  const value = { ...fixtureValue('reactflow-price-alert.json'), name: 'Looks like a row', user_id: 7 };
  assert.equal(detectFormat(value), 'sessions', 'a sessions column is a sure sign of a row');
  const { format, workflow, warnings } = importWorkflowValue(value, { format: 'reactflow', sourceFile: 'alerts.json' });
  assert.equal(format, 'reactflow');
  assert.equal(workflow.name, 'alerts', 'a React Flow export has no name of its own');
  assert.ok(hasWarning(warnings, /top-level fields not kept.*\bname\b/));
  assert.throws(() => importWorkflow(fixtureText('sessions-row.json'), { format: 'litegraph' }), (error: unknown) => error instanceof ImportError && /links: /.test(error.message));
});

test('the workflow name: option, then the source\'s own, then the file name, then a default', () => {
  const row = fixtureText('sessions-row.json');
  assert.equal(importWorkflow(row, { name: '  Renamed  ' }).workflow.name, 'Renamed');
  assert.equal(importWorkflow(row, { sourceFile: 'x.json' }).workflow.name, 'Momentum politics');
  const flow = fixtureText('reactflow-price-alert.json');
  assert.equal(importWorkflow(flow, { sourceFile: 'C:\\flows\\Price alert.workflow.json' }).workflow.name, 'Price alert');
  assert.equal(importWorkflow(flow).workflow.name, 'Imported workflow');
});

test('malformed input: errors say what is wrong and where', () => {
  assert.throws(() => importWorkflow(''), /the input is empty/);
  assert.throws(() => importWorkflow('{\n  "nodes": [1,]\n}'), /not valid JSON at line 2, column 15: value expected/);
  assert.throws(() => importWorkflow('[{"nodes": []}, {"nodes": []}]'), /cannot tell the format of a list of 2 item\(s\)/);
  assert.throws(() => importWorkflow('{"formatVersion": 1, "nodes": []}'), /already a Workflow Studio file/);
  assert.throws(() => importWorkflow('{"steps": []}'), /cannot tell the format of an object; no format matches:\n {2}n8n \(n8n workflow\): needs an object with "nodes" and "connections"/);
  assert.throws(() => importWorkflow('{"nodes": 3}', { format: 'reactflow' }), /not a valid React Flow export: nodes: /);
  assert.throws(() => importWorkflow('{"nodes": [], "edges": [{"id": "e", "source": "a", "target": "b", "sourceHandle": {}}]}'), /edges\[0\]\.sourceHandle: expected a handle name/);
  assert.throws(() => importWorkflow('{"nodes": [{"id": "a", "data": [1]}], "edges": []}'), /nodes\[0\]\.data: expected an object/);
});

test('a byte-order mark at the start is accepted', () => {
  assert.equal(importWorkflow('\uFEFF' + fixtureText('comfyui-txt2img.json')).format, 'litegraph');
});
