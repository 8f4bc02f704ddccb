import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { validate } from '../../../src/core/validation/validate';
import { edge, node, type TestEdge, type TestNode } from './fixtures';

/**
 * A 10,000-node chain: Start → Set → If → Set → If … with a different expression in every
 * node (so no cache helps), one planted mistake of each kind near the end, and one orphan.
 * The test asserts the findings, not the time; it exists so that a quadratic step or a
 * recursion that overflows on long chains shows up as a test that takes or breaks forever.
 */
function bigWorkflow(count: number): string {
  const nodes: TestNode[] = [node('n0', 'trigger.manual', {}, { name: 'Start' })];
  const edges: TestEdge[] = [];
  for (let i = 1; i < count; i++) {
    const previousIsIf = i > 1 && i % 2 === 1;
    nodes.push(
      i % 2 === 1
        ? node(`n${i}`, 'data.set', { values: { total: `{{ price * ${i} + $vars.base }}`, label: `item ${i}` } }, { name: `Set ${i}` })
        : node(`n${i}`, 'flow.if', { condition: `{{ $input.total > ${i} and $exists(label) }}` }, { name: `If ${i}` }),
    );
    edges.push(edge(`e${i}`, `n${i - 1}`, `n${i}`, previousIsIf ? { sourceHandle: 'true' } : {}));
  }
  nodes[count - 3].config = { values: { broken: '{{ price * }}' } };
  nodes.push(node('orphan', 'data.set', { values: {} }, { name: 'Orphan' }));
  edges.push(edge('back', `n${count - 1}`, `n${count - 5}`));
  return serializeWorkflow({ formatVersion: 1, name: 'Big', nodes, edges });
}

test('a 10,000-node workflow gives exactly the planted findings', () => {
  const count = 10_000;
  const text = bigWorkflow(count);
  const diagnostics = validate(text, '/w/big.workflow.json');
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.nodeId]),
    [
      ['CYCLE', `n${count - 5}`],
      ['EXPRESSION', `n${count - 3}`],
      ['UNREACHABLE', 'orphan'],
    ],
  );
  assert.equal(diagnostics[0].message, `cycle: "Set ${count - 5}" → "If ${count - 4}" → "Set ${count - 3}" → "If ${count - 2}" → "Set ${count - 1}" → "Set ${count - 5}"`);
  const expression = diagnostics[1];
  assert.equal(text.split('\n')[expression.line - 1].slice(expression.column - 1, expression.column), '*');
});
