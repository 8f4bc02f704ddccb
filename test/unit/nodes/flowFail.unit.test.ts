import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowFail } from '../../../src/core/nodes/flowFail';
import { NodeError } from '../../../src/core/errors';
import { runNode } from './helpers';

test('throws a NodeError FLOW_FAIL with the interpolated message', async () => {
  const input = { id: 'A-17' };
  await assert.rejects(runNode(flowFail, { message: 'Order {{ id }} has no lines' }, { input }), (error: unknown) => {
    assert.ok(error instanceof NodeError);
    assert.equal(error.code, 'FLOW_FAIL');
    assert.equal(error.field, 'message');
    assert.equal(error.message, `Order ${input.id} has no lines`);
    return true;
  });
});

test('has no outputs, and an empty message is refused', () => {
  assert.deepEqual(flowFail.outputs, []);
  assert.equal(flowFail.configSchema.safeParse({ message: '' }).success, false);
});
