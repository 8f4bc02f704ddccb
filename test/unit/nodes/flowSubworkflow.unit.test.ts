import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowSubworkflow } from '../../../src/core/nodes/flowSubworkflow';
import { makeContextFor } from './helpers';

function recordingRunner(result: (input: unknown) => unknown) {
  const calls: { path: string; input: unknown; signal: AbortSignal }[] = [];
  const runSubworkflow = async (path: string, input: unknown, signal: AbortSignal) => {
    calls.push({ path, input, signal });
    return result(input);
  };
  return { calls, runSubworkflow };
}

test('runs the file with the node input by default and emits its output', async () => {
  const runner = recordingRunner((input) => ({ echoed: input }));
  const input = { order: 5 };
  const context = await makeContextFor(flowSubworkflow, { path: './child.workflow.json' }, { input, services: { runSubworkflow: runner.runSubworkflow } });
  const emit = await flowSubworkflow.run(context);
  assert.deepEqual(emit, { out: { echoed: input } });
  assert.equal(runner.calls.length, 1);
  assert.equal(runner.calls[0].path, './child.workflow.json');
  assert.equal(runner.calls[0].input, input);
  assert.equal(runner.calls[0].signal, context.signal);
});

test('a configured input (with templates) replaces the node input', async () => {
  const runner = recordingRunner((input) => input);
  const context = await makeContextFor(
    flowSubworkflow,
    { path: '{{ $vars.dir }}/notify.workflow.json', input: { text: 'total {{ total }}' } },
    { input: { total: 12 }, vars: { dir: 'sub' }, services: { runSubworkflow: runner.runSubworkflow } },
  );
  assert.deepEqual(await flowSubworkflow.run(context), { out: { text: 'total 12' } });
  assert.equal(runner.calls[0].path, 'sub/notify.workflow.json');
});

test('a failure of the sub-workflow propagates unchanged', async () => {
  const failure = new Error('child failed');
  const context = await makeContextFor(flowSubworkflow, { path: 'x.workflow.json' }, {
    services: { runSubworkflow: async () => Promise.reject(failure) },
  });
  await assert.rejects(Promise.resolve(flowSubworkflow.run(context)), (error) => error === failure);
});

test('an empty path is refused', () => {
  assert.equal(flowSubworkflow.configSchema.safeParse({ path: '' }).success, false);
});
