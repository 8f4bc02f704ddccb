import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importWorkflow, importWorkflowValue } from '../../../src/core/importers/index';
import { assertWellFormed, edgeById, fixtureText, fixtureValue, hasWarning, nodeById } from './support';

const FIXTURE = 'glyphic-workflow.json';

test('glyphic blob: pos arrays, data.fields as config, numeric ids as text', () => {
  const { workflow, format } = importWorkflow(fixtureText(FIXTURE));
  assert.equal(format, 'glyphic');
  assertWellFormed(workflow);
  assert.deepEqual(workflow.nodes.map((n) => n.id), ['node-1', 'node-2', 'node-3', 'node-4', '5']);
  assert.deepEqual(workflow.edges.map((e) => e.id), ['1', '2', '3', '4']);
  assert.deepEqual(nodeById(workflow, 'node-1').position, { x: 53, y: 459 });
  assert.deepEqual(nodeById(workflow, 'node-1').config, { cron: '0 8 * * 1-5', timezone: 'Europe/Paris' });
  assert.deepEqual(workflow.nodes.map((n) => n.name), ['Every morning', 'Fetch report', 'Report ready?', 'Email the team', 'Post to Slack']);
});

test('glyphic blob: data.nodeType decides the type; unknown ones are kept with their fields', () => {
  const { workflow, warnings } = importWorkflow(fixtureText(FIXTURE));
  const gmail = nodeById(workflow, 'node-4');
  assert.equal(gmail.type, 'gmail');
  assert.deepEqual(gmail.config, { to: 'team@example.com', subject: 'Daily report', messageBody: '{{ summary }}' });
  assert.ok(hasWarning(warnings, /type, replaced by data\.nodeType \(1 node\)/), 'the ComfyUI class is reported');
  assert.ok(hasWarning(warnings, /data\.icon/));
  const http = nodeById(workflow, 'node-2');
  assert.equal(http.type, 'http.request');
  assert.deepEqual(http.config, { method: 'POST', url: 'https://api.example.com/reports', body: { range: 'yesterday' } });
  assert.equal(nodeById(workflow, 'node-3').type, 'flow.if');
  assert.equal(nodeById(workflow, '5').disabled, true, 'ComfyUI bypass (mode 4) is our disabled');
});

test('glyphic blob: handles of our types are fitted to their ports, others kept', () => {
  const { workflow } = importWorkflow(fixtureText(FIXTURE));
  assert.deepEqual(edgeById(workflow, '1'), { id: '1', source: 'node-1', sourceHandle: 'output', target: 'node-2', targetHandle: 'in' });
  assert.deepEqual(edgeById(workflow, '2'), { id: '2', source: 'node-2', sourceHandle: 'out', target: 'node-3', targetHandle: 'in' });
  assert.deepEqual(edgeById(workflow, '3'), { id: '3', source: 'node-3', sourceHandle: 'true', target: 'node-4', targetHandle: 'input' });
});

test('glyphic blob: dangling edges, metadata and edge data types are warnings', () => {
  const { workflow, warnings } = importWorkflow(fixtureText(FIXTURE));
  assert.equal(edgeById(workflow, '4').target, 'node-5');
  assert.ok(hasWarning(warnings, /edges\[3\]: edge "4" enters "node-5", which is not a node/));
  assert.ok(hasWarning(warnings, /metadata not kept: created_by, created_at/));
  assert.ok(hasWarning(warnings, /edge data types not kept: object, string/));
  assert.ok(!hasWarning(warnings, /revision|last_node_id|groups/), 'counters, ids and empty groups are not worth a warning');
});

test('the seed\'s own example imports as it is written (its edge names nodes that are not there)', () => {
  const blob = {
    id: 'uuid-string',
    revision: 0,
    last_node_id: 47,
    last_link_id: 45,
    nodes: [
      {
        id: 39,
        type: 'CLIPLoader',
        pos: [52.59, 458.58],
        size: [270, 145],
        data: { label: 'Node Label', nodeType: 'gmail', fields: { to: 'user@example.com', subject: 'Hello', messageBody: 'Test message' } },
        inputs: [],
        outputs: [{ name: 'output', type: 'string', links: [44] }],
      },
    ],
    edges: [{ id: 36, source: 'node-1', sourceHandle: 'output', target: 'node-2', targetHandle: 'input', type: 'string' }],
    groups: [],
    config: {},
    metadata: { created_by: 'user-id', created_at: '2024-01-01T00:00:00Z' },
  };
  const { workflow, warnings } = importWorkflowValue(blob);
  assertWellFormed(workflow);
  assert.deepEqual(workflow.nodes[0], {
    id: '39',
    type: 'gmail',
    name: 'Node Label',
    position: { x: 53, y: 459 },
    config: { to: 'user@example.com', subject: 'Hello', messageBody: 'Test message' },
  });
  assert.deepEqual(workflow.edges, [{ id: '36', source: 'node-1', sourceHandle: 'output', target: 'node-2', targetHandle: 'input' }]);
  assert.ok(hasWarning(warnings, /leaves "node-1", which is not a node/));
  assert.ok(hasWarning(warnings, /enters "node-2", which is not a node/));
});

test('glyphic row: workflow_data as JSON text, name and tags from the row', () => {
  const row = { id: 'w1', user_id: 'u1', name: 'Daily report', description: 'Sends the report', tags: ['reports'], workflow_data: fixtureText(FIXTURE), execution_count: 9 };
  const { workflow, format, warnings } = importWorkflowValue(row);
  assert.equal(format, 'glyphic');
  assert.equal(workflow.name, 'Daily report');
  assert.equal(workflow.description, 'Sends the report');
  assert.deepEqual(workflow.tags, ['reports']);
  assert.equal(workflow.nodes.length, 5);
  assert.ok(hasWarning(warnings, /top-level fields not kept.*id, user_id, execution_count/));
});

test('glyphic blob: malformed nodes and edges are errors naming the place', () => {
  const base = fixtureValue(FIXTURE);
  const nodes = base.nodes as Record<string, unknown>[];
  assert.throws(() => importWorkflowValue({ ...base, nodes: [{ id: 'x', pos: [0, 0], data: { fields: {} } }, ...nodes] }), /nodes\[0\]: has neither "type" nor "data\.nodeType"/);
  assert.throws(() => importWorkflowValue({ ...base, nodes: [{ id: 'x', type: 't', data: { fields: 'nope' } }] }), /nodes\[0\]\.data\.fields: expected an object/);
  assert.throws(() => importWorkflowValue({ ...base, edges: [{ id: 1, source: 'node-1' }] }), /edges\[0\]\.target/);
  assert.throws(() => importWorkflowValue({ workflow_data: '{"nodes": [' }), /workflow_data: holds a string that is not valid JSON/);
});
