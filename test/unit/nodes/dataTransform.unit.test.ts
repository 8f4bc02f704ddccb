import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataTransform } from '../../../src/core/nodes/dataTransform';
import { NodeError } from '../../../src/core/errors';
import { runNode } from './helpers';

test('evaluates the expression with the input as context and the engine bindings', async () => {
  const input = { items: [{ price: 2, qty: 3 }, { price: 5, qty: 1 }] };
  const vars = { fee: 4 };
  const { emit } = await runNode(
    dataTransform,
    { expression: '{ "total": $sum(items.(price * qty)) + $vars.fee, "first": $input.items[0].price, "seen": $node.`Load step`.count }' },
    { input, vars, nodeOutputs: { 'Load step': { count: 9 } } },
  );
  const expectedTotal = input.items.reduce((s, i) => s + i.price * i.qty, 0) + vars.fee;
  // JSONata builds objects without a prototype: compare the JSON they stand for.
  assert.deepEqual(JSON.parse(JSON.stringify(emit)), { out: { total: expectedTotal, first: input.items[0].price, seen: 9 } });
});

test('the expression is raw: {{ }} inside it is not treated as a template', async () => {
  const literal = '{{ 1 + 1 }}';
  const { emit } = await runNode(dataTransform, { expression: JSON.stringify(literal) });
  assert.deepEqual(emit, { out: literal });
  assert.ok(dataTransform.rawConfigKeys?.includes('expression'));
  assert.ok(dataTransform.expressionConfigKeys?.includes('expression'));
});

test('a syntax error is a NodeError EXPRESSION on field expression', async () => {
  await assert.rejects(runNode(dataTransform, { expression: 'items[' }), (error: unknown) => {
    assert.ok(error instanceof NodeError);
    assert.equal(error.code, 'EXPRESSION');
    assert.equal(error.field, 'expression');
    assert.match(error.message, /items\[/);
    return true;
  });
});

test('an evaluation error is a NodeError EXPRESSION too', async () => {
  await assert.rejects(runNode(dataTransform, { expression: '$number(name)' }, { input: { name: 'not a number' } }), (error: unknown) => {
    assert.ok(error instanceof NodeError);
    assert.equal(error.code, 'EXPRESSION');
    assert.equal(error.field, 'expression');
    return true;
  });
});

test('an empty expression is refused by the schema', () => {
  assert.equal(dataTransform.configSchema.safeParse({ expression: '' }).success, false);
});
