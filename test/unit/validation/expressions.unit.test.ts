import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import jsonata from 'jsonata';
import { validate } from '../../../src/core/validation/validate';
import { isSurelyValidExpression } from '../../../src/core/validation/quickExpression';
import { edge, node, only, positionOf, registeredType, workflowText } from './fixtures';

const start = () => node('start', 'trigger.manual', {}, { name: 'Start' });

function withValues(values: Record<string, unknown>): string {
  return workflowText([start(), node('set', 'data.set', { values }, { name: 'Set' })], [edge('e1', 'start', 'set')]);
}

test('a bad expression is reported inside the string, at the offending character', () => {
  const text = withValues({ label: 'Total: {{ price * }} EUR' });
  const diagnostic = only(validate(text, 'x'), 'EXPRESSION');
  assert.equal(diagnostic.message, 'node "Set" (set): config.values.label: invalid expression "{{ price * }}": Unexpected end of expression');
  assert.equal(diagnostic.path, '/nodes/1/config/values/label');
  assert.equal(diagnostic.nodeId, 'set');
  // JSONata stops after "*": the "*" is underlined
  const star = positionOf(text, '* }}');
  assert.deepEqual([diagnostic.line, diagnostic.column, diagnostic.length], [star.line, star.column, 1]);
});

test('the position is that of the token JSONata stumbled on, in the right template of several', () => {
  const text = withValues({ both: '{{ a }} and {{ a b }}' });
  const diagnostic = only(validate(text, 'x'), 'EXPRESSION');
  const b = positionOf(text, 'b }}', '{{ a b');
  assert.deepEqual([diagnostic.line, diagnostic.column], [b.line, b.column]);
});

test('a string with escape sequences is pointed at as a whole', () => {
  const text = withValues({ quoted: 'say \"{{ a b }}\"' });
  assert.ok(text.includes('\\"'));
  const diagnostic = only(validate(text, 'x'), 'EXPRESSION');
  const string = positionOf(text, '"say');
  assert.deepEqual([diagnostic.line, diagnostic.column], [string.line, string.column]);
});

test('templates are found at any depth of the config, arrays included', () => {
  const text = withValues({ list: [1, { deep: ['ok {{ x }}', '{{ ) }}'] }] });
  assert.equal(only(validate(text, 'x'), 'EXPRESSION').path, '/nodes/1/config/values/list/1/deep/1');
});

test('an empty template and an unclosed one', () => {
  assert.equal(only(validate(withValues({ a: 'x {{ }} y' }), 'x'), 'EXPRESSION').path, '/nodes/1/config/values/a');
  // "{{" without "}}" is plain text, not an expression
  assert.deepEqual(validate(withValues({ a: 'x {{ y' }), 'x'), []);
});

test('valid expressions of every kind pass (both the fast recognizer and JSONata)', () => {
  const values = {
    a: '{{ price * quantity }}',
    b: '{{ $sum(orders[status = "paid"].amount) }}',
    c: '{{ $node["Fetch prices"].body.items[0] }}',
    d: '{{ total > 100 ? "big" : "small" }}',
    e: '{{ /ab+c/i }}',
    f: '{{ { "k": $uppercase(name) } }}',
    g: '{{ function($x) { $x * 2 }(21) }}',
    h: '{{ $input.`odd key` }}',
    i: 'before {{ $exists(a) and b }} after',
  };
  assert.deepEqual(validate(withValues(values), 'x'), []);
});

test('bare expression keys (expressionConfigKeys) are parsed without braces', (t) => {
  const definition = registeredType((d) => (d.expressionConfigKeys ?? []).length > 0);
  if (!definition) return t.skip('no registered type has a bare expression key');
  const key = definition.expressionConfigKeys![0];
  const good = workflowText([start(), node('n', definition.type, { ...definition.defaults, [key]: 'a + b' })], [edge('e1', 'start', 'n')]);
  assert.deepEqual(validate(good, 'x').filter((d) => d.code === 'EXPRESSION'), []);
  const bad = workflowText([start(), node('n', definition.type, { ...definition.defaults, [key]: 'a + (b' })], [edge('e1', 'start', 'n')]);
  const diagnostic = only(validate(bad, 'x'), 'EXPRESSION');
  assert.equal(diagnostic.path, `/nodes/1/config/${key}`);
});

test('the fast recognizer agrees with JSONata on what it accepts (property)', () => {
  // Random token soup: what the recognizer accepts, JSONata must parse.
  const pieces = ['a', 'price', 'b2', '$', '$x', '$sum', '$$', '1', '0', '1.5', '2e3', '"s"', "'t'", 'true', 'null', 'and', 'or', 'in', '+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', '&', '.', '(', ')', '[', ']', ',', '?', ':', ' ', '\n', '!', '..', '{', '}', '|', '~>', '@', '#', '\\', '"', '`', 'é', '01', '1e999', 'function', '/*'];
  let accepted = 0;
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), fc.boolean(), (parts, spaced) => {
      const text = parts.join(spaced ? ' ' : '');
      if (!isSurelyValidExpression(text)) return;
      accepted++;
      assert.doesNotThrow(() => jsonata(text), text);
    }),
    { numRuns: 20_000 },
  );
  assert.ok(accepted > 200, `too few accepted cases to mean anything (${accepted})`);
});

test('the fast recognizer agrees with JSONata on generated subset expressions (property)', () => {
  const { expression } = fc.letrec<{ expression: string; operand: string; path: string }>((tie) => ({
    operand: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('1', '0.5', '3e2', '"x"', "'y'", 'true', 'null'),
      tie('path'),
      tie('expression').map((e) => `(${e})`),
      fc.array(tie('expression'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
      tie('operand').map((o) => `-${o}`),
    ),
    path: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('a', 'price', '$', '$input', '$$'),
      fc.tuple(tie('path'), fc.constantFrom('b', 'total', '$v')).map(([p, s]) => `${p}.${s}`),
      fc.tuple(tie('path'), tie('expression')).map(([p, e]) => `${p}[${e}]`),
      fc.tuple(fc.constantFrom('$sum', '$f'), fc.array(tie('expression'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    ),
    expression: fc.oneof(
      { depthSize: 'small' },
      tie('operand'),
      fc.tuple(tie('operand'), fc.constantFrom('+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', '&', 'and', 'or', 'in'), tie('operand')).map(([l, op, r]) => `${l} ${op} ${r}`),
      fc.tuple(tie('expression'), tie('expression'), tie('expression')).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
    ),
  }));
  let accepted = 0;
  fc.assert(
    fc.property(expression, (text) => {
      if (!isSurelyValidExpression(text)) return;
      accepted++;
      assert.doesNotThrow(() => jsonata(text), text);
    }),
    { numRuns: 5_000 },
  );
  assert.ok(accepted > 2_500, `the recognizer should accept most of its own subset (${accepted})`);
});

test('the recognizer never claims an invalid expression is valid', () => {
  for (const text of ['', ' ', 'a b', 'price *', '(a', 'a)', '$f(', '[1,]', 'a..b', 'a.1', 'a.true', '1.a', 'a[]', '"x', 'a ? : b', 'a ?: b', '$x := 1', 'and', 'a.and']) {
    assert.equal(isSurelyValidExpression(text), false, JSON.stringify(text));
  }
});
