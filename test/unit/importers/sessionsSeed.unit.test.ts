import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importWorkflow, importWorkflowValue } from '../../../src/core/importers/index';
import { getNodeDefinition } from '../../../src/core/nodes/registry';
import { assertWellFormed, edgeById, fixtureText, fixtureValue, hasWarning, nodeById } from './support';

const FIXTURE = 'sessions-row.json';

test('sessions row: name, description, tags and variables come from the row', () => {
  const { workflow, format } = importWorkflow(fixtureText(FIXTURE), { sourceFile: FIXTURE });
  assert.equal(format, 'sessions');
  assertWellFormed(workflow);
  assert.equal(workflow.name, 'Momentum politics');
  assert.equal(workflow.description, 'Momentum-based trading bot for the politics category');
  assert.deepEqual(workflow.tags, ['momentum', 'politics']);
  assert.deepEqual(workflow.variables, { THRESHOLD: 0.75, MARKET: 'us-election-2028' });
});

test('sessions row: nodes and edges stored as JSON text are read, none dropped', () => {
  const { workflow } = importWorkflow(fixtureText(FIXTURE));
  assert.deepEqual(workflow.nodes.map((n) => n.id), ['trigger', 'node-1', 'node-2', 'node-3', 'node-4']);
  assert.deepEqual(nodeById(workflow, 'node-1').position, { x: 100, y: 100 });
  assert.equal(nodeById(workflow, 'node-2').type, 'filter', 'unknown types are kept');
  assert.deepEqual(nodeById(workflow, 'node-2').config, { minVolume: 5000 });
  assert.deepEqual(nodeById(workflow, 'node-3').config, { condition: '{{ price > $vars.THRESHOLD }}' });
  assert.deepEqual(workflow.nodes.map((n) => n.name), ['Schedule Trigger', 'Politics stream', 'filter', 'Above threshold?', 'filter 2']);
  assert.deepEqual(edgeById(workflow, 'edge-1'), { id: 'edge-1', source: 'node-1', target: 'node-2' });
});

test('sessions row: a schedule trigger becomes a trigger.schedule node wired to every entry node', () => {
  const { workflow, warnings } = importWorkflow(fixtureText(FIXTURE));
  const trigger = workflow.nodes[0]!;
  assert.equal(trigger.type, 'trigger.schedule');
  assert.deepEqual(trigger.config, { cron: '*/5 * * * *', timezone: 'UTC' });
  assert.deepEqual(trigger.position, { x: -150, y: 100 }, 'left of the leftmost entry node');
  const fromTrigger = workflow.edges.filter((e) => e.source === trigger.id).map((e) => e.target);
  assert.deepEqual(fromTrigger, ['node-1', 'node-4'], 'node-2 and node-3 have inputs already');
  assert.equal(workflow.edges.length, 4);
  assert.ok(!hasWarning(warnings, /not available yet/), 'trigger.schedule is a built-in type');
  assert.ok(getNodeDefinition('trigger.schedule')!.configSchema.safeParse(trigger.config).success, 'its config is valid as imported');
});

test('sessions row: database bookkeeping is dropped with one warning that lists it', () => {
  const { warnings } = importWorkflow(fixtureText(FIXTURE));
  const line = warnings.find((w) => w.startsWith('top-level fields not kept'));
  assert.ok(line, warnings.join('\n'));
  for (const column of ['id', 'user_id', 'version', 'is_current_version', 'folder', 'execution_count', 'status', 'updated_at']) {
    assert.match(line, new RegExp(`\\b${column}\\b`));
  }
});

test('the seed\'s own INSERT example imports: manual trigger as text, nodes as JSON text', () => {
  const row = {
    name: 'My First Strategy',
    description: 'Momentum-based trading bot for politics category',
    nodes: '[{"id": "node-1", "type": "polymarket-stream", "position": {"x": 100, "y": 100}, "data": {}}, {"id": "node-2", "type": "filter", "position": {"x": 300, "y": 100}, "data": {}}]',
    edges: '[{"id": "edge-1", "source": "node-1", "target": "node-2"}]',
    trigger: '{"type": "manual"}',
    variables: '{"THRESHOLD": 0.75}',
    tags: '{momentum,politics}',
    status: 'draft',
  };
  const { workflow, warnings } = importWorkflow(JSON.stringify(row));
  assertWellFormed(workflow);
  assert.deepEqual(workflow.nodes.map((n) => [n.id, n.type, n.name]), [
    ['trigger', 'trigger.manual', 'Manual Trigger'],
    ['node-1', 'polymarket-stream', 'polymarket-stream'],
    ['node-2', 'filter', 'filter'],
  ]);
  assert.deepEqual(workflow.edges.map((e) => `${e.source}->${e.target}`), ['node-1->node-2', 'trigger->node-1']);
  assert.deepEqual(workflow.tags, ['momentum', 'politics']);
  assert.deepEqual(workflow.variables, { THRESHOLD: 0.75 });
  assert.ok(!hasWarning(warnings, /not available/), 'trigger.manual exists');
  assert.ok(hasWarning(warnings, /top-level fields not kept.*status/));
});

test('sessions row: webhook trigger, variables as pairs, no trigger at all', () => {
  const base = fixtureValue(FIXTURE);
  const webhook = importWorkflowValue({ ...base, trigger: { type: 'webhook', path: '/hooks/price', method: 'POST' }, variables: [{ name: 'LIMIT', value: 3 }] }).workflow;
  assert.equal(webhook.nodes[0]!.type, 'trigger.webhook');
  assert.deepEqual(webhook.nodes[0]!.config, { path: '/hooks/price', method: 'POST' });
  assert.deepEqual(webhook.variables, { LIMIT: 3 });
  const none = importWorkflowValue({ ...base, trigger: null }).workflow;
  assert.equal(none.nodes.length, 4);
  assert.equal(none.edges.length, 2);
});

test('sessions row: an existing manual trigger node is not doubled; its id is not reused', () => {
  const { workflow } = importWorkflowValue({
    name: 'x',
    trigger: { type: 'manual' },
    nodes: [
      { id: 'trigger', type: 'manualTrigger', position: { x: 0, y: 0 }, data: {} },
      { id: 'b', type: 'step', position: { x: 200, y: 0 }, data: {} },
    ],
    edges: [{ id: 'e', source: 'trigger', target: 'b' }],
  });
  assert.deepEqual(workflow.nodes.map((n) => n.type), ['trigger.manual', 'step']);
  assert.equal(workflow.edges.length, 1);
});

test('sessions row: a trigger of an unknown kind keeps it as trigger.<kind>', () => {
  const { workflow, warnings } = importWorkflowValue({ ...fixtureValue(FIXTURE), trigger: { type: 'continuous', intervalMs: 500 } });
  assert.equal(workflow.nodes[0]!.type, 'trigger.continuous');
  assert.deepEqual(workflow.nodes[0]!.config, { intervalMs: 500 });
  assert.ok(hasWarning(warnings, /trigger\.continuous/));
});

test('sessions row: malformed columns are errors that name the column', () => {
  const base = fixtureValue(FIXTURE);
  assert.throws(() => importWorkflowValue({ ...base, nodes: '[{"id": ' }), /nodes: holds a string that is not valid JSON/);
  assert.throws(() => importWorkflowValue({ ...base, nodes: { a: 1 } }), /nodes: expected a list/);
  assert.throws(() => importWorkflowValue({ ...base, trigger: 42 }), /trigger: expected an object/);
  assert.throws(() => importWorkflowValue({ ...base, edges: '[{"id": "e", "target": "node-1"}]' }), /edges\[0\]\.source/);
});
