import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect, detectFormat, importWorkflow, importWorkflowValue, ImportError } from '../../../src/core/importers/index';
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

test('n8n, Node-RED and nested React Flow files are told apart with confidence', () => {
  const n8n = fixtureValue('n8n-webhook-order-alert.json');
  assert.equal(detectFormat(n8n), 'n8n', 'an n8n export with a name is not a sessions row');
  const { name: _name, ...unnamed } = n8n;
  assert.equal(detectFormat(unnamed), 'n8n', 'nor, without a name, a React Flow export');
  assert.equal(detectFormat({ nodes: [{ name: 'A', type: 'custom.thing', parameters: {}, typeVersion: 1, position: [0, 0] }], connections: {} }), 'n8n');
  assert.equal(detectFormat(JSON.parse(fixtureText('nodered-multi-tab.json'))), 'nodered');
  assert.equal(detectFormat({ rev: 'abc', flows: JSON.parse(fixtureText('nodered-http-api.json')) }), 'nodered', "Node-RED's /flows answer");
  const flow = fixtureValue('reactflow-price-alert.json');
  const detection = detect({ flow });
  assert.ok('format' in detection && detection.format === 'reactflow' && detection.value === flow, 'a React Flow export one level down (ChainForge)');
  assert.equal(importWorkflowValue({ flow }).workflow.nodes.length, 8);
});

test('Flowise chatflows are recognized and refused, never read as another format', () => {
  const chatflow = {
    nodes: [{ id: 'chatOpenAI_0', position: { x: 0, y: 0 }, type: 'customNode', data: { name: 'chatOpenAI', inputAnchors: [], outputAnchors: [], baseClasses: ['ChatOpenAI'] } }],
    edges: [],
    description: 'A template',
  };
  assert.equal(detectFormat(chatflow), undefined);
  assert.throws(() => importWorkflowValue(chatflow), /a Flowise chatflow .*not a format Workflow Studio imports/);
  assert.throws(() => importWorkflowValue({ name: 'x', flowData: '{"nodes":[]}' }), /Flowise/);
});

test('a file no format matches with confidence is refused with what each format missed', () => {
  assert.throws(
    () => importWorkflowValue({ nodes: [{ id: 'a' }] }),
    (error: unknown) =>
      error instanceof ImportError &&
      /cannot tell the format of an object; no format matches:/.test(error.message) &&
      /\n {2}n8n \(n8n workflow\): needs "connections"/.test(error.message) &&
      /\n {2}nodered \(Node-RED flows\): needs a JSON list/.test(error.message) &&
      /\n {2}reactflow \(React Flow export\): needs nodes with "position" and an "edges" list/.test(error.message) &&
      /--format/.test(error.message),
  );
  assert.throws(() => importWorkflowValue([{ id: 'a', type: 'inject' }]), /no format matches:[\s\S]*nodered \(Node-RED flows\): needs nodes with "wires" or a "tab"/);
});
