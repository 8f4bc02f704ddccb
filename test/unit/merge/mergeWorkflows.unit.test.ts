import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeWorkflows } from '../../../src/core/merge/mergeWorkflows';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { validate } from '../../../src/core/validation/validate';
import type { Workflow } from '../../../src/core/model/workflow';
import { priceAlert } from '../git/gitRepo';

function node(w: Workflow, id: string) {
  const found = w.nodes.find((n) => n.id === id);
  assert.ok(found, id);
  return found;
}

describe('mergeWorkflows', () => {
  it('merges changes of different nodes and of different fields of one node without conflict', () => {
    const base = priceAlert();
    const ours = priceAlert();
    const theirs = priceAlert();
    node(ours, 'check').config.condition = '{{ last > 0.9 }}';
    node(ours, 'report').config.json = false;
    node(theirs, 'report').config.path = 'out/{{ symbol }}.json';
    node(theirs, 'alert').name = 'Alert!';
    const result = mergeWorkflows(base, ours, theirs);
    assert.deepEqual(result.conflicts, []);
    assert.equal(node(result.workflow, 'check').config.condition, '{{ last > 0.9 }}');
    assert.deepEqual(node(result.workflow, 'report').config, { path: 'out/{{ symbol }}.json', content: '{{ $ }}', json: false });
    assert.equal(node(result.workflow, 'alert').name, 'Alert!');
    assert.equal(serializeWorkflow(result.workflow).includes('$conflict'), false);
  });

  it('merges nested config objects key by key', () => {
    const base = priceAlert();
    const ours = priceAlert();
    const theirs = priceAlert();
    (node(ours, 'alert').config.values as Record<string, unknown>).alert = 'yes';
    (node(theirs, 'alert').config.values as Record<string, unknown>).level = 'high';
    const result = mergeWorkflows(base, ours, theirs);
    assert.deepEqual(result.conflicts, []);
    assert.deepEqual(Object.keys(node(result.workflow, 'alert').config.values as object), ['alert', 'message', 'level']);
  });

  it('makes a conflict only of the same field changed differently, keeping ours in place and both in $conflict', () => {
    const base = priceAlert();
    const ours = priceAlert();
    const theirs = priceAlert();
    node(ours, 'check').config.condition = '{{ last > 1 }}';
    node(theirs, 'check').config.condition = '{{ last > 2 }}';
    node(ours, 'report').config.json = false;
    node(theirs, 'report').config.json = false; // the same change on both sides is no conflict
    const result = mergeWorkflows(base, ours, theirs);
    assert.equal(result.conflicts.length, 1);
    assert.deepEqual(result.conflicts[0], {
      nodeId: 'check',
      nodeName: 'Above threshold?',
      field: 'config.condition',
      base: '{{ last > $vars.THRESHOLD }}',
      ours: '{{ last > 1 }}',
      theirs: '{{ last > 2 }}',
    });
    const check = node(result.workflow, 'check');
    assert.equal(check.config.condition, '{{ last > 1 }}');
    assert.deepEqual(check.$conflict, { 'config.condition': { base: '{{ last > $vars.THRESHOLD }}', ours: '{{ last > 1 }}', theirs: '{{ last > 2 }}' } });

    const diagnostics = validate(serializeWorkflow(result.workflow), 'x.workflow.json').filter((d) => d.severity === 'error');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'MERGE_CONFLICT');
    assert.equal(diagnostics[0].nodeId, 'check');
    assert.match(diagnostics[0].message, /^node "Above threshold\?" \(check\): merge conflict in config\.condition: ours "\{\{ last > 1 \}\}", theirs "\{\{ last > 2 \}\}"/);
    assert.equal(diagnostics[0].path, '/nodes/2/$conflict/config.condition');
  });

  it('resolves moves without asking: one side moved takes the move, both moved keeps ours and says so', () => {
    const base = priceAlert();
    const ours = priceAlert();
    const theirs = priceAlert();
    node(theirs, 'stats').position = { x: 300, y: 50 };
    node(ours, 'check').position = { x: 1, y: 1 };
    node(theirs, 'check').position = { x: 2, y: 2 };
    const result = mergeWorkflows(base, ours, theirs);
    assert.deepEqual(result.conflicts, []);
    assert.deepEqual(node(result.workflow, 'stats').position, { x: 300, y: 50 });
    assert.deepEqual(node(result.workflow, 'check').position, { x: 1, y: 1 });
    assert.deepEqual(result.notes, ['kept our canvas position for node "Above threshold?" (moved on both sides)']);
  });

  it('adds nodes and edges from both sides, removes what one side removed, and renames a clashing edge id', () => {
    const base = priceAlert();
    const ours = priceAlert();
    const theirs = priceAlert();
    ours.nodes.push({ id: 'a', type: 'util.log', name: 'A', position: { x: 0, y: 300 }, config: { message: 'a' } });
    ours.edges.push({ id: 'e9', source: 'report', target: 'a' });
    theirs.nodes.push({ id: 'b', type: 'util.log', name: 'B', position: { x: 0, y: 400 }, config: { message: 'b' } });
    theirs.edges.push({ id: 'e9', source: 'report', target: 'b' });
    // theirs removes the calm branch entirely
    theirs.nodes = theirs.nodes.filter((n) => n.id !== 'calm');
    theirs.edges = theirs.edges.filter((e) => e.source !== 'calm' && e.target !== 'calm');
    const result = mergeWorkflows(base, ours, theirs);
    assert.deepEqual(result.conflicts, []);
    assert.deepEqual(result.workflow.nodes.map((n) => n.id), ['start', 'stats', 'check', 'alert', 'log', 'report', 'a', 'b']);
    const edges = result.workflow.edges.map((e) => `${e.id}:${e.source}->${e.target}`);
    assert.deepEqual(edges, ['e1:start->stats', 'e2:stats->check', 'e3:check->alert', 'e5:alert->log', 'e7:log->report', 'e9:report->a', 'e9-2:report->b']);
    assert.deepEqual(validate(serializeWorkflow(result.workflow), 'x.workflow.json').filter((d) => d.severity === 'error'), []);
  });

  it('reports a node removed on one side and changed on the other as a conflict on the node, keeping it', () => {
    const base = priceAlert();
    const ours = priceAlert();
    const theirs = priceAlert();
    node(ours, 'calm').config.values = { alert: false, message: 'calm' };
    theirs.nodes = theirs.nodes.filter((n) => n.id !== 'calm');
    theirs.edges = theirs.edges.filter((e) => e.source !== 'calm' && e.target !== 'calm');
    const result = mergeWorkflows(base, ours, theirs);
    assert.deepEqual(result.conflicts.map((c) => [c.nodeId, c.field, c.ours, c.theirs]), [['calm', 'node', 'changed', 'removed']]);
    assert.ok(result.workflow.edges.some((e) => e.target === 'calm'), 'its edges are kept with it');
    const errors = validate(serializeWorkflow(result.workflow), 'x.workflow.json').filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => d.message), ['node "No alert" (calm): merge conflict: the node was changed on ours and removed on theirs; keep one value and remove the entry']);
  });

  it('merges settings and variables key by key, conflicts at workflow level', () => {
    const base = priceAlert();
    const ours = priceAlert();
    const theirs = priceAlert();
    ours.settings = { timeoutMs: 1000, concurrency: 4 };
    theirs.settings = { timeoutMs: 60000, concurrency: 8 };
    ours.variables = { THRESHOLD: 0.5 };
    theirs.variables = { THRESHOLD: 0.6, EXTRA: 1 };
    const result = mergeWorkflows(base, ours, theirs);
    assert.deepEqual(result.workflow.settings, { timeoutMs: 1000, concurrency: 8 });
    assert.deepEqual(result.workflow.variables, { THRESHOLD: 0.5, EXTRA: 1 });
    assert.deepEqual(result.conflicts, [{ field: 'variables.THRESHOLD', base: 0.75, ours: 0.5, theirs: 0.6 }]);
    const errors = validate(serializeWorkflow(result.workflow), 'x.workflow.json').filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => [d.code, d.path, d.message]), [
      ['MERGE_CONFLICT', '/$conflict/variables.THRESHOLD', 'merge conflict in variables.THRESHOLD: ours 0.5, theirs 0.6; keep one value and remove the entry'],
    ]);
  });

  it('merges two files added on both sides (no base) field by field', () => {
    const ours = priceAlert();
    const theirs = priceAlert();
    node(theirs, 'stats').name = 'Stats';
    const result = mergeWorkflows(undefined, ours, theirs);
    assert.deepEqual(result.conflicts.map((c) => [c.nodeId, c.field]), [['stats', 'name']]);
  });
});
