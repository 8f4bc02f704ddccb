import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertN8nExpression, convertN8nString, n8nValueAsJsonata, type ExpressionContext } from '../../../src/core/importers/n8nExpressions';
import { evaluateExpression } from '../../../src/core/expressions/evaluate';
import { compileValue } from '../../../src/core/expressions/template';

/** Evaluates a config string the way the engine does. */
async function evaluateTemplate(text: string, input: unknown = {}): Promise<unknown> {
  const compiled = compileValue(text);
  return compiled.dynamic ? compiled.evaluate(scope(input)) : compiled.value;
}

const context = (): ExpressionContext => ({ envNames: new Set() });

test('n8n expressions with the same meaning are converted to JSONata', () => {
  const cases: [string, string][] = [
    ['$json.body.name', '$input.body.name'],
    ['$json["first name"]', '$input.`first name`'],
    ["$json.items[0].sku", '$input.items[0].sku'],
    ["$('Fetch prices').item.json.price", '$node["Fetch prices"].price'],
    ["$('Fetch prices').first().json.price", '$node["Fetch prices"].price'],
    ['$node["Fetch prices"].json.price', '$node["Fetch prices"].price'],
    ['$node.Start.json.id', '$node["Start"].id'],
    ['$input.item.json.total', '$input.total'],
    ['$input.first().json.total', '$input.total'],
    ['$json.total > 100', '$input.total > 100'],
    ['$json.status === "paid"', '$input.status = "paid"'],
    ["$json.status !== 'paid'", '$input.status != "paid"'],
    ['$json.qty * $json.price', '$number($input.qty) * $number($input.price)'],
    ['$json.total > 100 ? "big" : "small"', '$input.total > 100 ? "big" : "small"'],
    ['$json.n + 1', '$input.n + 1'],
    ['$vars.REGION', '$vars.REGION'],
    ['$env.API_URL', '$env.API_URL'],
    ['$execution.id', '$execution.id'],
    ['$json.a?.b', '$input.a.b'],
    ['[1, 2, 3]', '[1, 2, 3]'],
  ];
  for (const [n8n, ours] of cases) assert.deepEqual(convertN8nExpression(n8n, context()), { jsonata: ours }, n8n);
});

test('expressions whose meaning would change are refused with the reason', () => {
  const cases: [string, RegExp][] = [
    ['$json.name.toUpperCase()', /method call/],
    ['$json.items.length', /\.length/],
    ['$json.a || "default"', /returns one of its operands/],
    ['$json.first + $json.last', /"\+" may join strings/],
    ['$now', /\$now has no equivalent/],
    ['$items("Fetch")', /\$items has no equivalent/],
    ["$('Fetch').all()", /other than as \.item\.json/],
    ['$input.all()', /\$input is used/],
    ['Math.max(1, 2)', /JavaScript, not a path/],
    ['`${$json.a}`', /JavaScript with no JSONata equivalent/],
    ['(x) => x', /JavaScript/],
    ['!$json.done', /"!"/],
  ];
  for (const [n8n, reason] of cases) {
    const converted = convertN8nExpression(n8n, context());
    assert.ok('problem' in converted, `${n8n} should not convert`);
    assert.match(converted.problem, reason, n8n);
  }
  // In a condition "&&" and "||" are plain boolean logic.
  assert.deepEqual(convertN8nExpression('$json.a > 1 && $json.b < 2', context(), true), { jsonata: '$input.a > 1 and $input.b < 2' });
});

test('$env names are collected for the settings allow-list', () => {
  const ctx = context();
  convertN8nExpression('$env.API_URL', ctx);
  convertN8nString('={{ $env.TOKEN }}/x', ctx);
  assert.deepEqual([...ctx.envNames].sort(), ['API_URL', 'TOKEN']);
});

test('parameter strings: expressions become templates, literals stay, unconvertible ones are kept verbatim', async () => {
  const ctx = context();
  assert.deepEqual(convertN8nString('plain text', ctx), { value: 'plain text' });
  assert.deepEqual(convertN8nString('=Hello {{ $json.name }}!', ctx), { value: 'Hello {{ $input.name }}!' });
  assert.deepEqual(convertN8nString('={{ $json.total }}', ctx), { value: '{{ $input.total }}' });
  // A literal that looks like a template would be evaluated here: it becomes a string expression.
  const literal = convertN8nString('use {{ name }} here', ctx).value as string;
  assert.equal(await evaluateTemplate(literal), 'use {{ name }} here');
  const kept = convertN8nString('={{ $json.name.toUpperCase() }}', ctx);
  assert.match(kept.problem!, /method call/);
  assert.equal(kept.value, '{{ $unconverted("n8n", "=\\u007b\\u007b $json.name.toUpperCase() \\u007d\\u007d") }}');
  await assert.rejects(evaluateTemplate(kept.value as string), /imported from n8n and not converted: =\{\{ \$json\.name\.toUpperCase\(\) \}\}/);
});

test('values as JSONata: literals, whole expressions and text joined with expressions', async () => {
  const ctx = context();
  assert.equal(n8nValueAsJsonata(100, ctx).jsonata, '100');
  assert.equal(n8nValueAsJsonata('EUR', ctx).jsonata, '"EUR"');
  assert.equal(n8nValueAsJsonata('={{ $json.total }}', ctx).jsonata, '$input.total');
  const joined = n8nValueAsJsonata('=Order {{ $json.id }}: {{ $json.total }} €', ctx).jsonata;
  assert.equal(await evaluateExpression(joined, scope({ id: 'A-1', total: 12.5 })), 'Order A-1: 12.5 €');
});

test('arithmetic makes its operands numbers, as JavaScript does', async () => {
  const converted = convertN8nExpression('$json.qty * $json.price - 1', context());
  assert.ok('jsonata' in converted);
  assert.equal(await evaluateExpression(converted.jsonata, scope({ qty: '3', price: 2 })), 5);
});

function scope(input: unknown) {
  return { input, vars: {}, node: {}, execution: { id: 'x', started: '' }, env: {}, secrets: async () => ({}) };
}
