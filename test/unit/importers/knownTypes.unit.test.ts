import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCondition } from '../../../src/core/importers/conditionExpression';
import { readDelayMs } from '../../../src/core/importers/knownTypeConfigs';
import { fitHandle } from '../../../src/core/importers/handles';
import { normalizeTypeName, translateKnownType } from '../../../src/core/importers/knownTypes';

test('type names are compared without case, punctuation or a "node" suffix', () => {
  assert.equal(normalizeTypeName('HTTP Request'), 'httprequest');
  assert.equal(normalizeTypeName('http-request'), 'httprequest');
  assert.equal(normalizeTypeName('httpRequestNode'), 'httprequest');
  assert.equal(normalizeTypeName('node'), 'node');
});

test('conditions: bare expressions are wrapped, templates kept, rules written as JSONata', () => {
  assert.equal(readCondition({ condition: 'price > 1' })?.condition, '{{ price > 1 }}');
  assert.equal(readCondition({ expression: '{{ ok }}' })?.condition, '{{ ok }}');
  assert.equal(readCondition({ condition: true })?.condition, true);
  assert.equal(readCondition({ field: 'order.total', operator: '>=', value: 10 })?.condition, '{{ order.total >= 10 }}');
  assert.equal(readCondition({ field: 'status', operator: 'equals', value: 'open' })?.condition, '{{ status = "open" }}');
  assert.equal(readCondition({ field: 'first name', operator: '!==', value: null })?.condition, '{{ `first name` != null }}');
  assert.equal(readCondition({ condition: { field: 'tags', operator: 'contains', value: 'vip' } })?.condition, '{{ $contains(tags, "vip") }}');
  assert.deepEqual(readCondition({ field: 'a', operator: '>', value: 1, other: 2 })?.consumed, ['field', 'operator', 'value']);
  assert.equal(readCondition({ field: 'a', operator: 'matches-somehow', value: 1 }), undefined);
  assert.equal(readCondition({ rules: [] }), undefined);
});

test('delays: milliseconds, seconds, or an amount with a unit; a bare number is not guessed', () => {
  assert.deepEqual(readDelayMs({ ms: 250 }), { ms: 250, consumed: ['ms'] });
  assert.deepEqual(readDelayMs({ seconds: '3' }), { ms: 3000, consumed: ['seconds'] });
  assert.deepEqual(readDelayMs({ duration: 2, unit: 'Hours' }), { ms: 7_200_000, consumed: ['duration', 'unit'] });
  assert.equal(readDelayMs({ delay: 5 }), undefined);
  assert.equal(readDelayMs({ duration: 5, unit: 'constructor' }), undefined, 'no prototype lookups');
});

test('a rule that cannot carry the settings over leaves the node foreign, with a warning', () => {
  const warnings: string[] = [];
  assert.equal(translateKnownType([{ name: 'wait' }], { delay: 5 }, 'nodes[0]', warnings), undefined);
  assert.match(warnings[0] ?? '', /nodes\[0\]: "wait" looks like flow\.delay but was kept as it is/);
});

test('known types: code, shell, set, merge and our own type names', () => {
  const warnings: string[] = [];
  assert.deepEqual(translateKnownType([{ name: 'function' }], { code: 'return $input;' }, 'n', warnings), { type: 'code.javascript', config: { code: 'return $input;' } });
  assert.deepEqual(translateKnownType([{ name: 'Execute Command' }], { command: 'ls', cwd: 'src' }, 'n', warnings), { type: 'system.shell', config: { command: 'ls', cwd: 'src' } });
  assert.deepEqual(translateKnownType([{ name: 'set' }], { fields: [{ name: 'a', value: 1 }] }, 'n', warnings), { type: 'data.set', config: { values: { a: 1 } } });
  assert.deepEqual(translateKnownType([{ name: 'merge' }], { mode: 'array' }, 'n', warnings), { type: 'flow.merge', config: { mode: 'array' } });
  assert.deepEqual(translateKnownType([{ name: 'flow.if' }], { condition: '{{ x }}' }, 'n', warnings), { type: 'flow.if', config: { condition: '{{ x }}' } });
  assert.equal(translateKnownType([{ name: 'polymarket-stream' }], {}, 'n', warnings), undefined);
});

test('handles: exact, other case, a port named inside, the only port; otherwise kept with a problem', () => {
  const branches = [{ name: 'true' }, { name: 'false' }];
  assert.deepEqual(fitHandle('true', branches, 'source'), { handle: 'true' });
  assert.deepEqual(fitHandle('FALSE', branches, 'source'), { handle: 'false' });
  assert.deepEqual(fitHandle('cond-1-yes', branches, 'source'), { handle: 'true' });
  assert.deepEqual(fitHandle('output-0', [{ name: 'out' }], 'source'), { handle: 'out' });
  assert.deepEqual(fitHandle(undefined, [{ name: 'in' }], 'target'), { handle: undefined });
  assert.deepEqual(fitHandle(undefined, [{ name: 'items' }], 'target'), { handle: 'items' });
  assert.match(fitHandle('maybe', branches, 'source').problem ?? '', /source handle "maybe" is not a port of the node; the node has true, false/);
  assert.match(fitHandle(undefined, branches, 'source').problem ?? '', /has no source handle/);
});
