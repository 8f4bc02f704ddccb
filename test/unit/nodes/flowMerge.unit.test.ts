import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowMerge } from '../../../src/core/nodes/flowMerge';
import type { NodeInput } from '../../../src/core/nodes/definition';
import { runNode } from './helpers';

function arrived(sourceId: string, sourceName: string, data: unknown, sourceHandle = 'out'): NodeInput {
  return { edgeId: `e-${sourceId}-${sourceHandle}`, sourceId, sourceName, sourceHandle, targetHandle: 'in', data };
}

const inputs = [arrived('a', 'Fetch users', [{ id: 1 }]), arrived('b', 'Fetch orders', { total: 3 }), arrived('c', 'Config', 'x')];

test('object mode (the default) keys each input by its source node name', async () => {
  const { emit } = await runNode(flowMerge, {}, { inputs });
  assert.deepEqual(emit, { out: Object.fromEntries(inputs.map((i) => [i.sourceName, i.data])) });
});

test('array mode lists the values in edge order', async () => {
  const reversed = [...inputs].reverse();
  const { emit } = await runNode(flowMerge, { mode: 'array' }, { inputs: reversed });
  assert.deepEqual(emit, { out: reversed.map((i) => i.data) });
});

test('a skipped branch is simply absent', async () => {
  const twoOfThree = [inputs[0], inputs[2]];
  assert.deepEqual((await runNode(flowMerge, { mode: 'object' }, { inputs: twoOfThree })).emit, {
    out: { [inputs[0].sourceName]: inputs[0].data, [inputs[2].sourceName]: inputs[2].data },
  });
  assert.deepEqual((await runNode(flowMerge, { mode: 'array' }, { inputs: twoOfThree })).emit, { out: [inputs[0].data, inputs[2].data] });
  assert.deepEqual((await runNode(flowMerge, {}, { inputs: [] })).emit, { out: {} });
});

test('sources with the same name are not lost: the later one is keyed by id', async () => {
  const same = [arrived('x1', 'Step', 1), arrived('x2', 'Step', 2), arrived('x2', 'Step', 3, 'other')];
  const { emit } = await runNode(flowMerge, {}, { inputs: same });
  assert.deepEqual(emit, { out: { Step: 1, x2: 2, 'x2.other': 3 } });
});

test('an unknown mode is refused', () => {
  assert.equal(flowMerge.configSchema.safeParse({ mode: 'zip' }).success, false);
});
