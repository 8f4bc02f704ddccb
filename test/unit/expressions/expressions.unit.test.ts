import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExpression, compileExpression, rewriteNodeLookups, type ExpressionScope, ExpressionError } from '../../../src/core/expressions/evaluate';
import { compileValue, scanTemplate } from '../../../src/core/expressions/template';

function scope(input: unknown, extra: Partial<ExpressionScope> = {}): ExpressionScope {
  return { input, vars: {}, node: {}, execution: { id: 'e1', started: '2026-01-01T00:00:00.000Z' }, env: {}, secrets: async () => ({}), ...extra };
}

async function resolve(value: unknown, s: ExpressionScope): Promise<unknown> {
  const compiled = compileValue(value);
  return compiled.dynamic ? compiled.evaluate(s) : compiled.value;
}

test('scanTemplate finds every {{ }} with the offset of its expression; plain strings are null', () => {
  assert.equal(scanTemplate('no template here'), null);
  assert.equal(scanTemplate('an {{ unclosed'), null);
  const scanned = scanTemplate('a {{ x }} b {{y}}');
  assert.deepEqual(scanned?.parts, [{ expression: 'x', offset: 5 }, { expression: 'y', offset: 14 }]);
  assert.deepEqual(scanned?.literals, ['a ', ' b ', '']);
});

test('a value that is exactly one template keeps its type; anything else is text', async () => {
  const s = scope({ price: 2.5, items: [1, 2], obj: { a: 1 } });
  assert.equal(await resolve('{{ price * 2 }}', s), 5);
  assert.deepEqual(await resolve('{{ items }}', s), [1, 2]);
  assert.deepEqual(await resolve('{{ obj }}', s), { a: 1 });
  assert.equal(await resolve('{{ missing }}', s), undefined);
  assert.equal(await resolve('total: {{ price * 2 }} EUR', s), 'total: 5 EUR');
  assert.equal(await resolve('{{ obj }} and {{ missing }}!', s), '{"a":1} and !');
});

test('static parts of a config are shared, not copied; nested templates are resolved', async () => {
  const staticPart = { deep: { list: [1, 2, 3] } };
  const config = { keep: staticPart, values: { a: '{{ $vars.A }}', b: ['x', '{{ $input.n + 1 }}'] } };
  const compiled = compileValue(config);
  assert.ok(compiled.dynamic);
  const out = (await compiled.evaluate(scope({ n: 1 }, { vars: { A: 'va' } }))) as typeof config & { values: { b: unknown[] } };
  assert.equal(out.keep, staticPart);
  assert.deepEqual(out.values, { a: 'va', b: ['x', 2] });
  assert.equal(compileValue({ a: 1, b: 'plain' }).dynamic, false);
});

test('bindings: the input is the context and $input; $vars, $node, $execution, $env', async () => {
  const s = scope({ price: 3 }, { vars: { RATE: 2 }, node: { Fetch: { body: 7 }, fetch: { body: 7 } }, env: { HOME: '/h' } });
  assert.equal(await compileExpression('price * $vars.RATE').evaluate(s), 6);
  assert.equal(await compileExpression('$input.price').evaluate(s), 3);
  assert.equal(await compileExpression('$node["Fetch"].body').evaluate(s), 7);
  assert.equal(await compileExpression("$node['Fetch'].body + $node.fetch.body").evaluate(s), 14);
  assert.equal(await compileExpression('$execution.id').evaluate(s), 'e1');
  assert.equal(await compileExpression('$env.HOME').evaluate(s), '/h');
});

test('$node["name"] is rewritten to a key lookup (in JSONata brackets would be a filter)', () => {
  assert.equal(rewriteNodeLookups('$node["Fetch prices"].body'), '$node.`Fetch prices`.body');
  assert.equal(rewriteNodeLookups("$node['a'] + $node[\"b\"]"), '$node.`a` + $node.`b`');
  assert.equal(rewriteNodeLookups('$node[0]'), '$node[0]');
  assert.equal(rewriteNodeLookups('items["x"]'), 'items["x"]');
  assert.equal(rewriteNodeLookups('$secrets["API KEY"] & $vars[\'A\']'), '$secrets.`API KEY` & $vars.`A`');
});

test('secrets: only the names an expression mentions are requested, by dot or bracket', async () => {
  const asked: string[][] = [];
  const s = scope({}, { secrets: async (names) => (asked.push([...names]), Object.fromEntries(names.map((n) => [n, `v-${n}`]))) });
  const compiled = compileExpression('$secrets.API_KEY & "/" & $secrets["OTHER"]');
  assert.deepEqual(compiled.secretNames, ['API_KEY', 'OTHER']);
  assert.equal(await compiled.evaluate(s), 'v-API_KEY/v-OTHER');
  await compileExpression('1 + 1').evaluate(s);
  assert.deepEqual(asked, [['API_KEY', 'OTHER']]);
});

test('syntax errors carry the position; evaluation errors name the expression; field is tagged by the compiler', async () => {
  const error = checkExpression('price * ');
  assert.ok(error instanceof ExpressionError);
  assert.equal(typeof error.position, 'number');
  assert.equal(checkExpression('price * 2'), undefined);
  assert.throws(() => compileValue({ values: { total: '{{ 1 + }}' } }), (e: unknown) => e instanceof ExpressionError && e.field === 'values.total');
  const compiled = compileValue({ values: { t: '{{ $number("x") }}' } });
  assert.ok(compiled.dynamic);
  await assert.rejects(compiled.evaluate(scope({})), (e: unknown) => e instanceof ExpressionError && e.field === 'values.t' && /\$number\("x"\)/.test(e.message));
});
