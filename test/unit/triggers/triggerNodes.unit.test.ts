/** The trigger node types in the engine: manual runs pass the input through; a called workflow starts at trigger.workflow. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runWorkflow } from '../../../src/core/engine/engine';
import type { Workflow } from '../../../src/core/model/workflow';
import { getNodeDefinition } from '../../../src/core/nodes/registry';
import { validate } from '../../../src/core/validation/validate';
import { chainEdges, edge, node, recorder, workflow } from '../engine/helpers';

const TRIGGERS = ['trigger.schedule', 'trigger.webhook', 'trigger.file', 'trigger.poll', 'trigger.workflow'];
const CONFIGS: Record<string, Record<string, unknown>> = {
  'trigger.schedule': { cron: '0 9 * * *' },
  'trigger.webhook': { path: 'orders' },
  'trigger.file': { glob: '**/*.csv' },
  'trigger.poll': { url: 'https://example.com/status' },
  'trigger.workflow': {},
};

describe('trigger node types', () => {
  it('are registered triggers with one output and no inputs, and their defaults and examples validate', () => {
    for (const type of TRIGGERS) {
      const definition = getNodeDefinition(type);
      assert.ok(definition, type);
      assert.equal(definition.isTrigger, true, type);
      assert.equal(definition.category, 'trigger', type);
      assert.deepEqual(definition.inputs, [], type);
      assert.deepEqual(definition.outputs, [{ name: 'out' }], type);
      for (const config of [definition.defaults, definition.example]) {
        const parsed = definition.configSchema.safeParse(config);
        assert.ok(parsed.success, `${type}: ${JSON.stringify(parsed.error?.issues)}`);
      }
    }
  });

  for (const type of TRIGGERS) {
    it(`${type}: a manual run passes the run input through (or {})`, async () => {
      const flow = workflow([node('t', type, CONFIGS[type]), node('set', 'data.set', { values: { seen: true } })], chainEdges(['t', 'set']));
      const diagnostics = validate(JSON.stringify(flow), '/ws/t.workflow.json').filter((d) => d.severity === 'error');
      assert.deepEqual(diagnostics, []);
      assert.deepEqual((await runWorkflow(flow, { input: { order: 7 } })).output, { order: 7, seen: true });
      assert.deepEqual((await runWorkflow(flow)).output, { seen: true });
    });
  }
});

describe('a called workflow', () => {
  // The child has a schedule of its own, and a trigger.workflow entry for callers.
  const child: Workflow = workflow(
    [
      node('nightly', 'trigger.schedule', { cron: '0 3 * * *' }),
      node('fromSchedule', 'data.set', { values: { via: 'schedule' } }),
      node('called', 'trigger.workflow', { description: '{ id }' }),
      node('fromCall', 'data.set', { values: { via: 'call' } }),
    ],
    [edge('nightly', 'fromSchedule'), edge('called', 'fromCall')],
    { name: 'child' },
  );
  const parent: Workflow = workflow(
    [node('start', 'trigger.manual'), node('call', 'flow.subworkflow', { path: './child.workflow.json' })],
    chainEdges(['start', 'call']),
    { name: 'parent' },
  );

  it('starts from its trigger.workflow node only', async () => {
    const events = recorder();
    const result = await runWorkflow(parent, {
      input: { id: 4 },
      filePath: '/ws/parent.workflow.json',
      loadWorkflow: async () => child,
      listeners: [events.listener],
    });
    assert.equal(result.status, 'success');
    assert.deepEqual(result.output, { id: 4, via: 'call' });
    const started = events.of('execution.started').find((e) => e.workflowName === 'child')!;
    assert.deepEqual(started.trigger, { type: 'workflow', nodeId: 'called', data: { parentExecutionId: result.executionId, workflow: 'parent' } });
    const childEvents = events.events.filter((e) => e.executionId === started.executionId);
    const skipped = childEvents.filter((e) => e.type === 'node.skipped').map((e) => ('nodeId' in e ? `${e.nodeId}:${e.reason}` : ''));
    assert.deepEqual(skipped.sort(), ['fromSchedule:not-reached', 'nightly:not-reached']);
  });

  it('without a trigger.workflow node starts from every root, as before', async () => {
    const plain = { ...child, nodes: child.nodes.filter((n) => n.id !== 'called' && n.id !== 'fromCall'), edges: [edge('nightly', 'fromSchedule')] };
    const result = await runWorkflow(parent, { input: { id: 5 }, filePath: '/ws/parent.workflow.json', loadWorkflow: async () => plain });
    assert.deepEqual(result.output, { id: 5, via: 'schedule' });
  });
});
