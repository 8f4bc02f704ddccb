import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { serializeWorkflow } from '../../../src/core/model/serialize';

const example = {
  formatVersion: 1,
  name: 'Price alert',
  nodes: [
    { id: 'start', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} },
    { id: 'check', type: 'flow.if', name: 'Above?', position: { x: 240.4, y: -0.4 }, config: { condition: '{{ price > 1 }}' } },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'out', target: 'check', targetHandle: 'in' }],
};

test('canonical text: key order, integer positions, inline edges, final newline', () => {
  const shuffled = { edges: example.edges, nodes: example.nodes.map((n) => ({ config: n.config, position: n.position, name: n.name, type: n.type, id: n.id })), name: example.name, formatVersion: 1 };
  const text = serializeWorkflow(shuffled);
  assert.equal(text, serializeWorkflow(example));
  assert.ok(text.endsWith('}\n'));
  assert.match(text, /^\{\n {2}"formatVersion": 1,\n {2}"name": "Price alert",/);
  assert.match(text, /"position": \{ "x": 240, "y": 0 \}/);
  assert.match(text, /\n {4}\{ "id": "e1", "source": "start", "sourceHandle": "out", "target": "check", "targetHandle": "in" \}\n/);
  assert.ok(!text.includes('-0'));
});

test('unknown keys are kept after the known ones, never dropped', () => {
  const text = serializeWorkflow({ zzz: 1, ...example, nodes: [{ ...example.nodes[0], custom: { a: 1 } }] });
  const parsed = JSON.parse(text);
  assert.deepEqual(Object.keys(parsed), ['formatVersion', 'name', 'nodes', 'edges', 'zzz']);
  assert.deepEqual(parsed.nodes[0].custom, { a: 1 });
});

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const node = fc.record({
  id: fc.string({ minLength: 1 }),
  type: fc.constantFrom('data.set', 'flow.if', 'x.unknown'),
  name: fc.string({ minLength: 1 }),
  position: fc.record({ x: fc.double({ min: -1e6, max: 1e6, noNaN: true }), y: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }),
  config: fc.dictionary(fc.string(), jsonValue),
  notes: fc.option(fc.string(), { nil: undefined }),
});
const workflow = fc.record({
  formatVersion: fc.constant(1),
  name: fc.string({ minLength: 1 }),
  tags: fc.option(fc.array(fc.string()), { nil: undefined }),
  variables: fc.option(fc.dictionary(fc.string(), jsonValue), { nil: undefined }),
  nodes: fc.array(node, { maxLength: 8 }),
  edges: fc.array(fc.record({ id: fc.string({ minLength: 1 }), source: fc.string(), target: fc.string() }), { maxLength: 8 }),
});

test('property: serialize ∘ parse ∘ serialize is the identity on bytes', () => {
  fc.assert(
    fc.property(workflow, (w) => {
      const once = serializeWorkflow(w);
      assert.equal(serializeWorkflow(JSON.parse(once)), once);
    }),
    { numRuns: 300 },
  );
});

test('property: the text is valid JSON equal to the input up to rounding', () => {
  fc.assert(
    fc.property(workflow, (w) => {
      const parsed = JSON.parse(serializeWorkflow(w));
      assert.equal(parsed.nodes.length, w.nodes.length);
      w.nodes.forEach((n, i) => {
        assert.equal(parsed.nodes[i].position.x, Math.round(n.position.x) + 0);
        assert.deepEqual(parsed.nodes[i].config, JSON.parse(JSON.stringify(n.config)));
      });
    }),
    { numRuns: 200 },
  );
});
