import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runWorkflow } from '../../../src/core/engine/engine';
import type { NodeOverride } from '../../../src/core/engine/overrides';
import { chainEdges, edge, node, probe, recorder, resetProbe, testNodeTypes, workflow } from './helpers';

describe('node overrides (RunOptions.nodeOverrides)', () => {
  it('emits the override instead of running the node, without evaluating its config, and marks the event', async () => {
    resetProbe();
    const wf = workflow(
      [
        node('start', 'trigger.manual'),
        node('fetch', 'http.request', { url: 'https://example.invalid/{{ $secrets.TOKEN }}' }),
        node('shape', 'data.set', { values: { price: '{{ body.price }}' } }),
      ],
      chainEdges(['start', 'fetch', 'shape']),
    );
    const events = recorder();
    const overrides = new Map<string, NodeOverride>([['fetch', { source: 'mock', emit: { out: { status: 200, body: { price: 42 } } } }]]);
    const result = await runWorkflow(wf, { nodeOverrides: overrides, listeners: [events.listener] });
    assert.equal(result.status, 'success', result.error?.message);
    assert.equal((result.output as { price: unknown }).price, 42);
    const fetched = events.of('node.finished').find((e) => e.nodeId === 'fetch');
    assert.equal(fetched?.overridden, 'mock');
    assert.equal(events.of('node.finished').find((e) => e.nodeId === 'shape')?.overridden, undefined);
    assert.equal(events.of('node.started').filter((e) => e.nodeId === 'fetch').length, 1);
  });

  it('delivers by handle, so a mocked flow.if picks the branch', async () => {
    const wf = workflow(
      [node('start', 'trigger.manual'), node('check', 'flow.if', { condition: '{{ true }}' }), node('yes', 'data.set', { values: { branch: 'yes' } }), node('no', 'data.set', { values: { branch: 'no' } })],
      [edge('start', 'check'), edge('check', 'yes', 'true'), edge('check', 'no', 'false')],
    );
    const events = recorder();
    const result = await runWorkflow(wf, { nodeOverrides: new Map([['check', { source: 'pinned', emit: { false: {} } }]]), listeners: [events.listener] });
    assert.equal((result.output as { branch: unknown }).branch, 'no');
    assert.equal(events.statusOf('yes'), 'skipped:branch');
  });

  it('fails like the node would: onError and retries apply, the node itself never runs', async () => {
    resetProbe();
    const wf = workflow(
      [node('start', 'trigger.manual'), node('flaky', 'test.flaky', { failures: 0 }, { onError: 'continue', retry: { maxAttempts: 2, initialMs: 0 } }), node('after', 'data.set', { values: { seen: '{{ error.message }}' } })],
      chainEdges(['start', 'flaky', 'after']),
    );
    const events = recorder();
    const result = await runWorkflow(wf, {
      nodeTypes: testNodeTypes,
      nodeOverrides: new Map([['flaky', { source: 'mock', error: { message: 'upstream down', code: 'HTTP_503' } }]]),
      listeners: [events.listener],
      sleep: async () => undefined,
    });
    assert.equal(result.status, 'partial');
    assert.equal((result.output as { seen: unknown }).seen, 'upstream down');
    const failures = events.of('node.failed').filter((e) => e.nodeId === 'flaky');
    assert.deepEqual(failures.map((e) => [e.willRetry, e.error.code]), [[true, 'HTTP_503'], [false, 'HTTP_503']]);
    assert.equal(probe.attempts.get('flaky') ?? 0, 0, 'the real node never ran');
  });

  it('is not passed on to sub-workflows and costs nothing when empty', async () => {
    const wf = workflow([node('start', 'trigger.manual'), node('a', 'data.set', { values: { a: 1 } })], chainEdges(['start', 'a']));
    const result = await runWorkflow(wf, { nodeOverrides: new Map() });
    assert.equal((result.output as { a: unknown }).a, 1);
  });
});
