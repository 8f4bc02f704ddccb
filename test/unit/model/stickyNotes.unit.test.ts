import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { WorkflowSchema } from '../../../src/core/model/workflow';
import { STICKY_COLORS } from '../../../src/shared/stickyColors';
import { analyzeWorkflowText, validate } from '../../../src/core/validation/validate';

const base = {
  formatVersion: 1,
  name: 'Notes',
  nodes: [{ id: 'start', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} }],
  edges: [],
};

test('sticky notes: after the edges, schema key order, one-line positions, rounded sizes', () => {
  const text = serializeWorkflow({
    ...base,
    stickyNotes: [{ color: 'blue', height: 99.6, width: 300.2, position: { y: 1.4, x: -0.2 }, text: 'Line 1\nLine 2', id: 'note-1' }],
  });
  assert.equal(
    text.slice(text.indexOf('  "stickyNotes"')),
    '  "stickyNotes": [\n    {\n      "id": "note-1",\n      "text": "Line 1\\nLine 2",\n      "position": { "x": 0, "y": 1 },\n      "width": 300,\n      "height": 100,\n      "color": "blue"\n    }\n  ]\n}\n',
  );
  assert.ok(WorkflowSchema.safeParse(JSON.parse(text)).success);
});

test('property: serialize ∘ parse ∘ serialize is the identity with sticky notes too', () => {
  const note = fc.record(
    {
      id: fc.string({ minLength: 1 }),
      text: fc.string(),
      position: fc.record({ x: fc.double({ min: -1e5, max: 1e5, noNaN: true }), y: fc.double({ min: -1e5, max: 1e5, noNaN: true }) }),
      width: fc.double({ min: 1, max: 2000, noNaN: true }),
      height: fc.double({ min: 1, max: 2000, noNaN: true }),
      color: fc.constantFrom(...STICKY_COLORS),
    },
    { requiredKeys: ['id', 'text', 'position'] },
  );
  fc.assert(
    fc.property(fc.array(note, { maxLength: 5 }), (stickyNotes) => {
      const once = serializeWorkflow({ ...base, stickyNotes });
      assert.equal(serializeWorkflow(JSON.parse(once)), once);
    }),
    { numRuns: 200 },
  );
});

test('a file without sticky notes gets no stickyNotes key', () => {
  assert.ok(!serializeWorkflow(base).includes('stickyNotes'));
});

test('sticky note ids are unique among nodes and notes; bad colours are format errors', () => {
  const text = (stickyNotes: unknown[]) => serializeWorkflow({ ...base, stickyNotes });
  const clash = validate(text([{ id: 'start', text: '', position: { x: 0, y: 0 } }]), 'x.workflow.json').filter((d) => d.severity === 'error');
  assert.deepEqual(clash.map((d) => [d.code, d.path]), [['DUPLICATE_STICKY_ID', '/stickyNotes/0/id']]);
  assert.match(clash[0]!.message, /sticky note "start": id is already used by node "Start" \(start\)/);
  const twice = validate(text([{ id: 'n', text: '', position: { x: 0, y: 0 } }, { id: 'n', text: '', position: { x: 0, y: 0 } }]), 'x.workflow.json');
  assert.deepEqual(twice.filter((d) => d.severity === 'error').map((d) => d.path), ['/stickyNotes/1/id']);
  const colour = validate(text([{ id: 'n', text: '', position: { x: 0, y: 0 }, color: 'chartreuse' }]), 'x.workflow.json');
  assert.ok(colour.some((d) => d.code === 'SCHEMA' && d.path === '/stickyNotes/0/color'));
  assert.deepEqual(validate(text([{ id: 'n', text: 'ok', position: { x: 0, y: 0 } }]), 'x.workflow.json').filter((d) => d.severity === 'error'), []);
});

test('analyzeWorkflowText: a draft despite node-level errors, none for structural ones; workflow only when clean', () => {
  const clean = analyzeWorkflowText(serializeWorkflow(base), 'x.workflow.json');
  assert.ok(clean.workflow && clean.draft);
  const config = analyzeWorkflowText(serializeWorkflow({ ...base, nodes: [...base.nodes, { id: 'f', type: 'http.request', name: 'F', position: { x: 0, y: 0 }, config: {} }] }), 'x.workflow.json');
  assert.equal(config.workflow, undefined);
  assert.ok(config.draft);
  const structural = analyzeWorkflowText(serializeWorkflow({ ...base, edges: [{ id: 'e', source: 'start', target: 'nowhere' }] }), 'x.workflow.json');
  assert.equal(structural.draft, undefined);
  assert.equal(analyzeWorkflowText('{', 'x.workflow.json').draft, undefined);
});
