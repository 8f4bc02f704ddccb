import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowSwitch } from '../../../src/core/nodes/flowSwitch';
import { outputsOf } from '../../../src/core/nodes/definition';
import { runNode } from './helpers';

test('outputs are one handle per case, then default', () => {
  const cases = ['open', 2, true];
  const names = outputsOf(flowSwitch, { cases }).map((p) => p.name);
  assert.deepEqual(names, [...cases.map(String), 'default']);
});

test('outputs of an unvalidated config keep only scalar cases and never drop default', () => {
  assert.deepEqual(outputsOf(flowSwitch, {}).map((p) => p.name), ['default']);
  assert.deepEqual(outputsOf(flowSwitch, { cases: 'open' }).map((p) => p.name), ['default']);
  assert.deepEqual(outputsOf(flowSwitch, { cases: ['a', { x: 1 }, null, 'a', 'default'] }).map((p) => p.name), ['a', 'default']);
});

test('routes the unchanged input to the case equal to a templated value', async () => {
  const input = { status: 'closed', id: 4 };
  const { emit } = await runNode(flowSwitch, { value: '{{ status }}', cases: ['open', 'closed'] }, { input });
  assert.deepEqual(Object.keys(emit), ['closed']);
  assert.equal(emit.closed, input);
});

test('numbers and booleans keep their type and match strictly', async () => {
  const input = { code: 2, ok: false };
  const byNumber = await runNode(flowSwitch, { value: '{{ code }}', cases: ['2', 2] }, { input }).catch((e: unknown) => e);
  // "2" and 2 would share a handle, so that config is refused...
  assert.ok(byNumber instanceof Error);
  // ...and a number value does not match a string case.
  const strict = await runNode(flowSwitch, { value: '{{ code }}', cases: ['2', 'x'] }, { input });
  assert.deepEqual(Object.keys(strict.emit), ['default']);
  const matched = await runNode(flowSwitch, { value: '{{ code }}', cases: [1, 2] }, { input });
  assert.deepEqual(Object.keys(matched.emit), ['2']);
  const bool = await runNode(flowSwitch, { value: '{{ ok }}', cases: [true, false] }, { input });
  assert.deepEqual(Object.keys(bool.emit), ['false']);
});

test('no match, or a value that resolves to nothing, goes to default', async () => {
  const input = { status: 'unknown' };
  assert.deepEqual(Object.keys((await runNode(flowSwitch, { value: '{{ status }}', cases: ['open'] }, { input })).emit), ['default']);
  assert.deepEqual(Object.keys((await runNode(flowSwitch, { value: '{{ missing }}', cases: ['open'] }, { input })).emit), ['default']);
});

test('cases that collide as handle names are refused with the index of the repeat', () => {
  for (const cases of [[1, '1'], ['a', 'a'], ['default']]) {
    const result = flowSwitch.configSchema.safeParse({ value: 'x', cases });
    assert.equal(result.success, false, JSON.stringify(cases));
    assert.deepEqual(result.error?.issues[0].path, ['cases', cases.length - 1]);
  }
});

test('cases are literal: a {{ }} in a case is its own handle name, never evaluated', async () => {
  const literal = '{{ status }}';
  assert.deepEqual(outputsOf(flowSwitch, { cases: [literal] }).map((p) => p.name), [literal, 'default']);
  const { emit } = await runNode(flowSwitch, { value: literal, cases: [literal, 'open'] }, { input: { status: 'open' } });
  assert.deepEqual(Object.keys(emit), ['open']);
});
