import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importWorkflow, importWorkflowValue } from '../../../src/core/importers/index';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { assertWellFormed, edgeById, fixtureText, fixtureValue, hasWarning, nodeById } from './support';

const FIXTURE = 'reactflow-price-alert.json';

test('react flow export: every node and edge, ids kept, integer positions', () => {
  const { workflow, format } = importWorkflow(fixtureText(FIXTURE), { sourceFile: `flows/${FIXTURE}` });
  assert.equal(format, 'reactflow');
  assertWellFormed(workflow);
  assert.equal(workflow.name, 'reactflow-price-alert');
  assert.deepEqual(workflow.nodes.map((n) => n.id), ['start', 'fetch', 'check', 'order', 'skip', 'sentiment', 'cooldown-group', 'wait']);
  assert.equal(workflow.edges.length, 7);
  assert.deepEqual(nodeById(workflow, 'fetch').position, { x: 240, y: 120 });
  // a child of a group is placed relative to it in React Flow; our file has absolute positions
  assert.deepEqual(nodeById(workflow, 'wait').position, { x: 1040, y: 60 });
});

test('react flow export: types with a clear meaning become ours, with their settings', () => {
  const { workflow } = importWorkflow(fixtureText(FIXTURE));
  assert.equal(nodeById(workflow, 'start').type, 'trigger.manual');
  const fetch = nodeById(workflow, 'fetch');
  assert.equal(fetch.type, 'http.request');
  assert.deepEqual(fetch.config, {
    method: 'GET',
    url: 'https://clob.polymarket.com/markets/{{ $vars.MARKET }}',
    headers: { Accept: 'application/json' },
    retries: 2,
  });
  assert.deepEqual(nodeById(workflow, 'check'), {
    id: 'check',
    type: 'flow.if',
    name: 'Price above threshold?',
    position: { x: 500, y: 120 },
    config: { condition: '{{ price > 0.75 }}' },
  });
  const skip = nodeById(workflow, 'skip');
  assert.equal(skip.type, 'util.log');
  assert.deepEqual(skip.config, { message: 'Price too low: {{ price }}', level: 'warn' });
  assert.deepEqual(nodeById(workflow, 'wait').config, { ms: 300_000 });
});

test('react flow export: unknown types are kept as they are, with all their data as config', () => {
  const { workflow } = importWorkflow(fixtureText(FIXTURE));
  const order = nodeById(workflow, 'order');
  assert.equal(order.type, 'custom');
  assert.deepEqual(order.config, { label: 'Place order', nodeType: 'polymarketOrder', side: 'BUY', size: 10 });
  const sentiment = nodeById(workflow, 'sentiment');
  assert.equal(sentiment.type, 'sentimentAnalysis');
  assert.deepEqual(sentiment.config, { label: 'Fetch market', model: 'gpt-4o-mini', prompt: 'Rate the news for {{ question }}' });
  assert.equal(nodeById(workflow, 'cooldown-group').type, 'group');
});

test('react flow export: handles are fitted to our ports, foreign ones kept', () => {
  const { workflow } = importWorkflow(fixtureText(FIXTURE));
  assert.equal(edgeById(workflow, 'e-check-order').sourceHandle, 'true');
  assert.equal(edgeById(workflow, 'e-check-skip').sourceHandle, 'false', '"condition-no" is the false branch');
  assert.equal(edgeById(workflow, 'e-order-wait').sourceHandle, 'output', 'a foreign node keeps its handle names');
  const first = edgeById(workflow, 'e-start-fetch');
  assert.equal(first.sourceHandle, undefined, 'null handles mean the default');
  assert.equal(first.targetHandle, undefined);
});

test('react flow export: names unique, and every loss is a warning', () => {
  const { workflow, warnings } = importWorkflow(fixtureText(FIXTURE));
  assert.equal(nodeById(workflow, 'fetch').name, 'Fetch market');
  assert.equal(nodeById(workflow, 'sentiment').name, 'Fetch market 2');
  assert.ok(hasWarning(warnings, /nodes\[5\].*"Fetch market" is used twice/), warnings.join('\n'));
  assert.ok(hasWarning(warnings, /edges\[6\].*"deleted-node", which is not a node/));
  assert.equal(edgeById(workflow, 'e-sentiment-ghost').target, 'deleted-node', 'an edge to a missing node is kept');
  assert.ok(hasWarning(warnings, /edge fields not kept.*label \(1 edge\)/));
  assert.ok(hasWarning(warnings, /nodes\[1\].*http\.request.*retries/));
  assert.ok(hasWarning(warnings, /nodes\[2\].*\{\{ price > 0\.75 \}\}/));
  assert.ok(hasWarning(warnings, /parent node/));
  assert.ok(!hasWarning(warnings, /viewport|width|measured|selected/), 'view state is dropped silently');
});

test('react flow export: the same input always gives the same bytes', () => {
  const once = serializeWorkflow(importWorkflow(fixtureText(FIXTURE)).workflow);
  const twice = serializeWorkflow(importWorkflow(fixtureText(FIXTURE)).workflow);
  assert.equal(once, twice);
  assert.equal(serializeWorkflow(JSON.parse(once)), once);
});

test('a node without id, with a duplicate id or without position is repaired with a warning', () => {
  const { workflow, warnings } = importWorkflowValue({
    nodes: [
      { id: 'a', type: 'step', position: { x: 1, y: 2 }, data: {} },
      { id: 'a', type: 'step', position: { x: 3, y: 4 }, data: {} },
      { type: 'step', data: { label: 'No id' } },
      { id: 'a-2', type: 'step', position: { x: 5, y: 6 }, data: {} },
    ],
    edges: [{ id: 'e', source: 'a', target: 'a-2' }],
  });
  assertWellFormed(workflow);
  assert.deepEqual(workflow.nodes.map((n) => n.id), ['a', 'a-3', 'node-3', 'a-2']);
  assert.deepEqual(workflow.nodes.map((n) => n.name), ['step', 'step 2', 'No id', 'step 3']);
  assert.deepEqual(workflow.edges[0], { id: 'e', source: 'a', target: 'a-2' }, 'a later real "a-2" keeps its id and its edges');
  assert.ok(hasWarning(warnings, /nodes\[1\]: id "a" is used twice; this node became "a-3"/));
  assert.ok(hasWarning(warnings, /nodes\[2\]: no usable id; it was given "node-3"/));
  assert.ok(hasWarning(warnings, /nodes\[2\]: no usable position/));
});

test('a condition node without a readable condition stays foreign instead of always taking one branch', () => {
  const { workflow, warnings } = importWorkflowValue({ nodes: [{ id: 'c', type: 'condition', position: { x: 0, y: 0 }, data: { rules: [{ a: 1 }] } }], edges: [] });
  assert.equal(workflow.nodes[0]!.type, 'condition');
  assert.deepEqual(workflow.nodes[0]!.config, { rules: [{ a: 1 }] });
  assert.ok(hasWarning(warnings, /nodes\[0\]: "condition" looks like flow\.if but was kept as it is: no condition found/));
});

test('a generic React Flow node whose data says what it is gets our type; the data key that said so leaves the config', () => {
  const { workflow } = importWorkflowValue({
    nodes: [{ id: 'h', type: 'default', position: { x: 0, y: 0 }, data: { label: 'Call', type: 'http', url: 'https://example.com', method: 'post' } }],
    edges: [],
  });
  assert.equal(workflow.nodes[0]!.type, 'http.request');
  assert.deepEqual(workflow.nodes[0]!.config, { method: 'POST', url: 'https://example.com' });
});

test('an edge leaving a branching node without a handle is kept and flagged', () => {
  const { workflow, warnings } = importWorkflowValue({
    nodes: [
      { id: 'if', type: 'if', position: { x: 0, y: 0 }, data: { condition: '{{ ok }}' } },
      { id: 'next', type: 'step', position: { x: 200, y: 0 }, data: {} },
    ],
    edges: [{ id: 'e', source: 'if', target: 'next' }],
  });
  assert.equal(workflow.edges[0]!.sourceHandle, undefined);
  assert.ok(hasWarning(warnings, /edge "e" at flow\.if .*has no source handle; the node has true, false/));
});

test('a React Flow edge without a usable source is an error naming it', () => {
  const value = fixtureValue(FIXTURE);
  (value.edges as Record<string, unknown>[])[2] = { id: 'broken', target: 'order' };
  assert.throws(() => importWorkflowValue(value), /edges\[2\]\.source/);
});

test('a made-up node id never takes an id that an edge refers to', () => {
  const { workflow } = importWorkflowValue({
    nodes: [{ type: 'step', position: { x: 0, y: 0 }, data: {} }],
    edges: [{ id: 'e', source: 'node-1', target: 'node-1' }],
  });
  assert.equal(workflow.nodes[0]!.id, 'node-1-2');
});

test('nested nodes: positions add up through every parent; a missing parent is reported', () => {
  const { workflow, warnings } = importWorkflowValue({
    nodes: [
      { id: 'outer', type: 'group', position: { x: 100, y: 100 }, data: {} },
      { id: 'inner', type: 'group', parentId: 'outer', position: { x: 10, y: 20 }, data: {} },
      { id: 'leaf', type: 'step', parentNode: 'inner', position: { x: 1, y: 2 }, data: {} },
      { id: 'lost', type: 'step', parentId: 'gone', position: { x: 5, y: 5 }, data: {} },
    ],
    edges: [],
  });
  assert.deepEqual(workflow.nodes.map((n) => n.position), [{ x: 100, y: 100 }, { x: 110, y: 120 }, { x: 111, y: 122 }, { x: 5, y: 5 }]);
  assert.ok(hasWarning(warnings, /2 node\(s\) sat inside a parent node/));
  assert.ok(hasWarning(warnings, /1 node\(s\) name a parent node that is not in the file/));
});
