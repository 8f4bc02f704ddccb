/**
 * The runner worker and its host side, in plain Node: a real worker thread (from the TypeScript
 * sources through tsx) runs workflows; scripted fake workers stand in for a runaway run and a
 * crash, which a real workflow cannot produce on demand.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRun, type RunnerCallbacks } from '../../../../src/extension/runner/runnerClient';
import type { RunJob } from '../../../../src/extension/runner/protocol';
import type { ExecutionEvent } from '../../../../src/core/engine/events';
import type { Workflow } from '../../../../src/core/model/workflow';
import { chainEdges, node, workflow } from '../../engine/helpers';

function job(wf: Workflow, extra: Partial<RunJob> = {}): RunJob {
  return {
    executionId: `ex-${Math.random().toString(36).slice(2)}`,
    workflow: wf,
    filePath: '/tmp/test.workflow.json',
    workspaceRoot: '/tmp',
    input: { n: 1 },
    trigger: { type: 'manual' },
    allowOutsideWorkspace: false,
    ...extra,
  };
}

function collect(secrets: Record<string, string> = {}): RunnerCallbacks & { events: ExecutionEvent[]; asked: string[] } {
  const events: ExecutionEvent[] = [];
  const asked: string[] = [];
  return {
    events,
    asked,
    onEvent: (event) => void events.push(event),
    getSecret: async (name) => {
      asked.push(name);
      return secrets[name];
    },
  };
}

/** A fake worker: posts the run's start and one node start, then spins forever (ignores cancel). */
function runawaySource(executionId: string): string {
  return `
const { parentPort } = require('node:worker_threads');
const base = { executionId: ${JSON.stringify(executionId)}, at: Date.now() };
parentPort.postMessage({ type: 'event', event: { ...base, type: 'execution.started', workflowName: 'spin', startedAt: new Date().toISOString(), input: {}, trigger: { type: 'manual' } } });
parentPort.postMessage({ type: 'event', event: { ...base, type: 'node.started', nodeId: 'loop', nodeName: 'Loop', nodeType: 'code.javascript', attempt: 1, input: {} } });
setTimeout(() => { for (;;) {} }, 20);
`;
}

describe('runner worker', () => {
  it('runs a workflow in a worker thread and reports every event in order', async () => {
    const wf = workflow([node('start', 'trigger.manual'), node('set', 'data.set', { values: { done: true } })], chainEdges(['start', 'set']));
    const callbacks = collect();
    const run = job(wf);
    const result = await startRun(run, callbacks).result;
    assert.equal(result.status, 'success');
    assert.equal(result.executionId, run.executionId);
    assert.deepEqual(result.output, { n: 1, done: true });
    const types = callbacks.events.map((e) => e.type);
    assert.equal(types[0], 'execution.started');
    assert.equal(types.at(-1), 'execution.finished');
    assert.ok(types.includes('node.finished'));
  });

  it('asks the host for secrets and the engine redacts them from every event and the result', async () => {
    const wf = workflow(
      [node('start', 'trigger.manual'), node('log', 'util.log', { message: 'token={{ $secrets.API_TOKEN }}' }), node('set', 'data.set', { values: { t: '{{ $secrets.API_TOKEN }}' } })],
      chainEdges(['start', 'log', 'set']),
    );
    const callbacks = collect({ API_TOKEN: 'hunter2-secret' });
    const result = await startRun(job(wf), callbacks).result;
    assert.equal(result.status, 'success');
    assert.deepEqual(callbacks.asked.includes('API_TOKEN'), true);
    const logs = callbacks.events.filter((e) => e.type === 'log');
    assert.ok(logs.length > 0);
    for (const log of logs) assert.doesNotMatch(JSON.stringify(log), /hunter2-secret/);
    // what the output channel, the canvas overlay and the history receive: no copy of the secret
    assert.doesNotMatch(JSON.stringify(callbacks.events), /hunter2-secret/);
    assert.doesNotMatch(JSON.stringify(result), /hunter2-secret/);
    assert.deepEqual(result.output, { n: 1, t: '***' });
  });

  it('fails the run with a clear error when a secret is not set', async () => {
    const wf = workflow([node('set', 'data.set', { values: { t: '{{ $secrets.MISSING }}' } })], []);
    const result = await startRun(job(wf), collect()).result;
    assert.equal(result.status, 'failed');
    assert.match(result.error?.message ?? '', /MISSING/);
  });

  it('cancels a waiting run cooperatively (no kill needed)', async () => {
    const wf = workflow([node('start', 'trigger.manual'), node('wait', 'flow.delay', { ms: 60_000 })], chainEdges(['start', 'wait']));
    const callbacks = collect();
    const handle = startRun(job(wf), {
      ...callbacks,
      onEvent: (event) => {
        callbacks.onEvent(event);
        if (event.type === 'node.started' && event.nodeId === 'wait') handle.cancel();
      },
    });
    const started = Date.now();
    const result = await handle.result;
    assert.equal(result.status, 'cancelled');
    assert.ok(Date.now() - started < 5_000);
    assert.equal(callbacks.events.filter((e) => e.type === 'execution.finished').length, 1);
  });

  it('stops a runaway code node: the code worker is terminated, the run ends cancelled', async () => {
    const wf = workflow([node('start', 'trigger.manual'), node('spin', 'code.javascript', { code: 'for (;;) {}' })], chainEdges(['start', 'spin']));
    const callbacks = collect();
    const handle = startRun(job(wf), {
      ...callbacks,
      onEvent: (event) => {
        callbacks.onEvent(event);
        if (event.type === 'node.started' && event.nodeId === 'spin') setTimeout(() => handle.cancel(), 100);
      },
    });
    const result = await handle.result;
    assert.equal(result.status, 'cancelled');
  });

  it('terminates a worker that ignores the cancel and closes the run as cancelled', async () => {
    const run = job(workflow([], []));
    const callbacks = collect();
    let ticks = 0;
    const handle = startRun(run, {
      ...callbacks,
      onEvent: (event) => {
        callbacks.onEvent(event);
        if (event.type === 'node.started') handle.cancel();
      },
    }, { entry: { kind: 'eval', source: runawaySource(run.executionId) }, cancelGraceMs: 300 });
    // The caller's thread stays responsive the whole time.
    const timer = setInterval(() => ticks++, 20);
    const result = await handle.result;
    clearInterval(timer);
    assert.ok(ticks >= 5, `the host thread kept ticking (${ticks})`);
    assert.equal(result.status, 'cancelled');
    assert.equal(result.error?.code, 'CANCELLED');
    const failed = callbacks.events.find((e) => e.type === 'node.failed');
    assert.ok(failed && failed.type === 'node.failed' && failed.nodeId === 'loop' && !failed.willRetry);
    const finished = callbacks.events.at(-1);
    assert.ok(finished?.type === 'execution.finished' && finished.status === 'cancelled' && finished.nodesExecuted === 1);
  });

  it('reports a crashed worker as a failed run', async () => {
    const run = job(workflow([], []));
    const callbacks = collect();
    const result = await startRun(run, callbacks, { entry: { kind: 'eval', source: 'throw new Error("boom")' } }).result;
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.code, 'RUNNER_CRASH');
    assert.match(result.error?.message ?? '', /boom/);
    assert.deepEqual(callbacks.events.map((e) => e.type), ['execution.started', 'execution.finished']);
  });
});
