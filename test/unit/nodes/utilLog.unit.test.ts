import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utilLog } from '../../../src/core/nodes/utilLog';
import { runNode } from './helpers';

test('logs the interpolated message at info by default and passes the input on', async () => {
  const input = { items: [1, 2, 3] };
  const { emit, context } = await runNode(utilLog, { message: 'got {{ $count(items) }} items' }, { input });
  assert.equal(emit.out, input);
  assert.deepEqual(context.logs, [{ level: 'info', message: `got ${input.items.length} items` }]);
});

test('logs at the configured level; a non-text value is logged as JSON', async () => {
  const input = { a: 1, b: [true] };
  const { context } = await runNode(utilLog, { message: '{{ $input }}', level: 'warn' }, { input });
  assert.equal(context.logs.length, 1);
  assert.equal(context.logs[0].level, 'warn');
  assert.deepEqual(JSON.parse(context.logs[0].message), input);
});

test('an unknown level is refused', () => {
  assert.equal(utilLog.configSchema.safeParse({ message: 'x', level: 'trace' }).success, false);
});
