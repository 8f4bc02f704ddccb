/** The trigger runtime: arming by status, re-arming only what changed, fires, routes, records in the store. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TriggerRuntime, type TriggerRuntimeOptions } from '../../../src/core/triggers/runtime';
import { RunQueueFullError, type TriggerState, type TriggerWorkflow, type WebhookRoute, type WebhookRouter } from '../../../src/core/triggers/contract';
import type { WorkflowStatus, WorkflowStore } from '../../../src/core/store';
import { runWorkflow } from '../../../src/core/engine/engine';
import { systemClock } from '../../../src/core/triggers/clock';
import { edge, node, workflow } from '../engine/helpers';
import { openTestStore, tempDbPath } from '../store/fixtures/temp';
import { FakeClock, FakeRunner, at, iso, memoryTriggerLogger } from './helpers';

const ROOT = '/ws';
const T0 = at('2025-06-01T12:00:30Z');
const MINUTE = 60_000;
const NEXT_MINUTE = at('2025-06-01T12:01:00Z');

/** A webhook server stand-in: keeps every route list it is handed. */
class FakeRouter implements WebhookRouter {
  readonly pushes: (readonly WebhookRoute[])[] = [];
  setRoutes(routes: readonly WebhookRoute[]): void {
    this.pushes.push(routes);
  }
  baseUrl(): string | undefined {
    return 'http://127.0.0.1:5680';
  }
  get routes(): readonly WebhookRoute[] {
    return this.pushes.at(-1) ?? [];
  }
}

/** A workflow with a schedule, a webhook and a manual trigger, each followed by a data.set. */
function reports(status: WorkflowStatus, overrides: { cron?: string; path?: string; name?: string } = {}): TriggerWorkflow {
  return {
    file: `${ROOT}/reports.workflow.json`,
    workflowId: 'wf_reports',
    status,
    workflow: workflow(
      [
        node('every', 'trigger.schedule', { cron: overrides.cron ?? '* * * * *', overlap: 'allow' }, { name: 'Every minute' }),
        node('hook', 'trigger.webhook', { path: overrides.path ?? '/reports/' }, { name: 'Hook' }),
        node('manual', 'trigger.manual'),
        node('work', 'data.set', { values: { done: true } }, { name: overrides.name ?? 'Work' }),
      ],
      [edge('every', 'work'), edge('hook', 'work'), edge('manual', 'work')],
      { name: 'Reports' },
    ),
  };
}

function runtimeWith(options: Partial<TriggerRuntimeOptions> = {}) {
  const clock = new FakeClock(T0);
  const runner = new FakeRunner();
  const router = new FakeRouter();
  const logger = memoryTriggerLogger();
  const runtime = new TriggerRuntime({
    runner,
    logger,
    workspaceRoot: ROOT,
    secrets: async (name) => (name === 'TOKEN' ? 's3cret' : undefined),
    webhooks: router,
    clock,
    ...options,
  });
  return { runtime, clock, runner, router, logger };
}

describe('trigger runtime', () => {
  it('arms the triggers of active workflows and shows their state', async () => {
    const { runtime, router } = runtimeWith();
    await runtime.sync([reports('active')]);
    assert.deepEqual(runtime.states(), [
      { workflowId: 'wf_reports', file: `${ROOT}/reports.workflow.json`, nodeId: 'every', nodeName: 'Every minute', kind: 'schedule', nextRunAt: NEXT_MINUTE, runCount: 0, triggerCount: 0 },
      { workflowId: 'wf_reports', file: `${ROOT}/reports.workflow.json`, nodeId: 'hook', nodeName: 'Hook', kind: 'webhook', runCount: 0, triggerCount: 0, url: 'http://127.0.0.1:5680/webhook/reports' },
    ]);
    assert.equal(router.pushes.length, 1);
    const [route] = router.routes;
    assert.deepEqual([route.workflowId, route.nodeId, route.nodeName, route.path, route.status()], ['wf_reports', 'hook', 'Hook', 'reports', 'active']);
    assert.deepEqual(route.config, { path: '/reports/', method: 'POST', responseMode: 'immediate', maxBodyBytes: 1024 * 1024 });
    assert.equal(await route.secret('TOKEN'), 's3cret');
    await runtime.dispose();
    assert.deepEqual(router.routes, [], 'dispose withdraws the routes');
  });

  it('fires schedules through the runner with the trigger recorded, and counts', async () => {
    const { runtime, clock, runner } = runtimeWith();
    await runtime.sync([reports('active')]);
    let notified = 0;
    const changes = new Promise<void>((resolve) => runtime.onDidChange(() => (++notified, resolve())));
    clock.advanceTo(NEXT_MINUTE + MINUTE);
    assert.equal(runner.runs.length, 2);
    const fire = runner.runs[0].fire;
    assert.equal(fire.target.workflowId, 'wf_reports');
    assert.equal(fire.nodeId, 'every');
    assert.deepEqual(fire.input, { scheduledAt: iso(NEXT_MINUTE), firedAt: iso(NEXT_MINUTE), timezone: 'UTC' });
    assert.deepEqual(fire.trigger, { type: 'schedule', nodeId: 'every', data: { scheduledAt: iso(NEXT_MINUTE) } });
    const [schedule] = runtime.states();
    assert.deepEqual([schedule.runCount, schedule.triggerCount, schedule.lastRunAt, schedule.nextRunAt], [2, 2, NEXT_MINUTE + MINUTE, NEXT_MINUTE + 2 * MINUTE]);
    await changes;
    assert.equal(notified, 1, 'changes in one turn are told once');

    // a full queue: counted as a fire, logged, no run
    runner.full = true;
    clock.advance(MINUTE);
    const [after] = runtime.states();
    assert.deepEqual([after.runCount, after.triggerCount], [2, 3]);
    await runtime.dispose();
    assert.equal(clock.pending, 0);
  });

  it('webhook routes start runs, and report a full queue to the server', async () => {
    const { runtime, runner, router } = runtimeWith();
    await runtime.sync([reports('active')]);
    const [route] = router.routes;
    const request = { method: 'POST', path: 'reports', query: {}, headers: {}, body: { id: 1 } };
    const run = route.fire(request, { type: 'webhook', data: { remote: '127.0.0.1' } });
    assert.equal(run.executionId, 'x1');
    assert.deepEqual(runner.runs[0].fire.trigger, { type: 'webhook', nodeId: 'hook', data: { remote: '127.0.0.1' } });
    assert.equal(runner.runs[0].fire.input, request);
    runner.full = true;
    assert.throws(() => route.fire(request, { type: 'webhook' }), RunQueueFullError);
    const hook = runtime.states().find((s) => s.kind === 'webhook')!;
    assert.deepEqual([hook.runCount, hook.triggerCount], [1, 2]);
    await runtime.dispose();
  });

  it('paused keeps only the webhook route (answered 503), draft and archived arm nothing', async () => {
    const { runtime, clock, runner, router } = runtimeWith();
    await runtime.sync([reports('active')]);
    const route = router.routes[0];
    await runtime.sync([reports('paused')]);
    assert.deepEqual(runtime.states(), [], 'nothing of a paused workflow is live');
    assert.equal(router.pushes.length, 1, 'the same route stays: no new hand-over');
    assert.equal(route.status(), 'paused');
    assert.equal(clock.pending, 0, 'the schedule is off');
    clock.advance(10 * MINUTE);
    assert.equal(runner.runs.length, 0);

    await runtime.sync([reports('active')]);
    assert.equal(route.status(), 'active');
    assert.equal(runtime.states().length, 2);
    for (const status of ['draft', 'archived'] as const) {
      await runtime.sync([reports(status)]);
      assert.deepEqual(router.routes, [], status);
      assert.equal(clock.pending, 0, status);
      assert.deepEqual(runtime.states(), []);
    }
    await runtime.dispose();
  });

  it('keeps triggers whose node did not change, and fires the latest workflow', async () => {
    const { runtime, clock, runner, router } = runtimeWith();
    await runtime.sync([reports('active')]);
    const timers = clock.pending;
    const renamedWork = reports('active', { name: 'Work, renamed' });
    await runtime.sync([renamedWork]);
    assert.equal(router.pushes.length, 1, 'the route was not re-armed');
    assert.equal(clock.pending, timers, 'the schedule was not re-armed');
    clock.advanceTo(NEXT_MINUTE);
    assert.equal(runner.runs[0].fire.target, renamedWork, 'the fire runs the file as it is now');

    await runtime.sync([reports('active', { cron: '0 * * * *', path: 'reports/v2' })]);
    assert.equal(router.pushes.length, 2);
    assert.equal(router.routes[0].path, 'reports/v2');
    assert.equal(runtime.states()[0].nextRunAt, at('2025-06-01T13:00:00Z'));
    assert.equal(clock.pending, 1, 'the old schedule timer is gone');
    await runtime.dispose();
  });

  it('shows why a trigger cannot be armed, and a webhook path and method taken twice', async () => {
    const { runtime, router } = runtimeWith();
    const broken: TriggerWorkflow = {
      file: `${ROOT}/broken.workflow.json`,
      workflowId: 'wf_broken',
      status: 'active',
      workflow: workflow([
        node('cron', 'trigger.schedule', { cron: '99 * * * *' }),
        node('poll', 'trigger.poll', { url: 'https://example.com', headers: { authorization: 'Bearer {{ $secrets.MISSING }}' } }),
        node('same', 'trigger.webhook', { path: 'reports' }),
        node('off', 'trigger.schedule', { cron: '* * * * *' }, { disabled: true }),
      ], []),
    };
    await runtime.sync([reports('active'), broken]);
    const errors = Object.fromEntries(runtime.states().map((s) => [`${s.workflowId}/${s.nodeId}`, s.error]));
    assert.deepEqual(Object.keys(errors), ['wf_broken/cron', 'wf_broken/poll', 'wf_broken/same', 'wf_reports/every', 'wf_reports/hook']);
    assert.match(errors['wf_broken/cron'] ?? '', /^config\.cron: .*minute: 99/);
    assert.equal(errors['wf_broken/poll'], 'config.headers.authorization: secret "MISSING" is not set');
    assert.equal(errors['wf_broken/same'], undefined, 'broken.workflow.json sorts first, so it owns POST /webhook/reports');
    assert.equal(errors['wf_reports/hook'], 'POST /webhook/reports is already answered by webhook trigger "same" (broken.workflow.json)');
    assert.deepEqual(router.routes.map((r) => r.workflowId), ['wf_broken']);
    await runtime.dispose();
  });

  it('runs a file trigger end to end with the engine', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wfs-runtime-'));
    after(() => rmSync(root, { recursive: true, force: true }));
    const outputs: unknown[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const runtime = new TriggerRuntime({
      workspaceRoot: root,
      logger: memoryTriggerLogger(),
      secrets: async () => undefined,
      clock: systemClock,
      runner: {
        start: (fire) => {
          const result = runWorkflow(fire.target.workflow, { input: fire.input, trigger: fire.trigger, triggerNodeId: fire.nodeId });
          void result.then((r) => (outputs.push(r.output), finished()));
          return { executionId: 'x', done: result, cancel: () => undefined };
        },
      },
    });
    const target: TriggerWorkflow = {
      file: join(root, 'inbox.workflow.json'),
      workflowId: 'wf_inbox',
      status: 'active',
      workflow: workflow(
        [node('files', 'trigger.file', { glob: 'inbox/*.csv', debounceMs: 10 }), node('tag', 'data.set', { values: { handled: true } })],
        [edge('files', 'tag')],
      ),
    };
    await runtime.sync([target]);
    mkdirSync(join(root, 'inbox'));
    writeFileSync(join(root, 'inbox', 'a.csv'), '1');
    // the watcher and the runtime's timers keep no process alive: this timer does, meanwhile
    await withTimeout(done, 'the file-triggered run');
    assert.deepEqual(outputs, [{ path: 'inbox/a.csv', kind: 'created', handled: true }]);
    assert.deepEqual(runtime.states()[0].runCount, 1);
    await runtime.sync([]);
    assert.deepEqual(runtime.states(), []);
    await runtime.dispose();
  });
});

describe('trigger runtime with a store', () => {
  async function withStore(path: string, clock: FakeClock, runner = new FakeRunner()) {
    const store: WorkflowStore = await openTestStore(path, { now: () => clock.now() });
    const runtime = new TriggerRuntime({ runner, logger: memoryTriggerLogger(), workspaceRoot: ROOT, store, secrets: async () => undefined, clock });
    return { store, runtime, runner };
  }

  const key = { workflowId: 'wf_reports', nodeId: 'every', kind: 'schedule' as const };

  it('records fires and next runs, and a restart catches up once with catchUp runOnce', async () => {
    const path = tempDbPath();
    const clock = new FakeClock(T0);
    const first = await withStore(path, clock);
    const flow = (catchUp: string, maxRuns?: number): TriggerWorkflow => {
      const base = reports('active');
      base.workflow.nodes[0].config = { cron: '* * * * *', overlap: 'allow', catchUp, ...(maxRuns ? { maxRuns } : {}) };
      return base;
    };
    await first.runtime.sync([flow('runOnce', 3)]);
    clock.advanceTo(NEXT_MINUTE);
    assert.equal(first.runner.runs.length, 1);
    await first.runtime.dispose();
    assert.deepEqual(await first.store.getTriggerRecord(key), { ...key, nextRunAt: NEXT_MINUTE + MINUTE, lastFiredAt: NEXT_MINUTE, lastRunAt: NEXT_MINUTE, runCount: 1, triggerCount: 1 });
    await first.store.close();

    // nothing runs for an hour; the next process catches up once, then goes on
    clock.jump(NEXT_MINUTE + 60 * MINUTE + 5_000);
    const second = await withStore(path, clock);
    await second.runtime.sync([flow('runOnce', 3)]);
    assert.equal(second.runner.runs.length, 1);
    assert.deepEqual(second.runner.runs[0].fire.input, { scheduledAt: iso(NEXT_MINUTE + MINUTE), firedAt: iso(clock.now()), timezone: 'UTC', catchUp: true });
    assert.equal(second.runtime.states()[0].runCount, 2, 'counts continue from the record');
    clock.advance(MINUTE);
    assert.equal(second.runner.runs.length, 2, 'the third run overall');
    clock.advance(10 * MINUTE);
    assert.equal(second.runner.runs.length, 2, 'maxRuns 3 counts the runs of the earlier process');
    assert.equal(second.runtime.states()[0].nextRunAt, undefined);
    await second.runtime.dispose();
    assert.equal((await second.store.getTriggerRecord(key))?.runCount, 3);
    await second.store.close();
  });

  it('pausing forgets the next run, so activating again does not catch up', async () => {
    const path = tempDbPath();
    const clock = new FakeClock(T0);
    const { store, runtime, runner } = await withStore(path, clock);
    const flow = (status: WorkflowStatus) => {
      const base = reports(status);
      base.workflow.nodes[0].config = { cron: '* * * * *', catchUp: 'runOnce' };
      return base;
    };
    await runtime.sync([flow('active')]);
    assert.equal((await store.getTriggerRecord(key))?.nextRunAt, NEXT_MINUTE);
    await runtime.sync([flow('paused')]);
    assert.equal((await store.getTriggerRecord(key))?.nextRunAt, undefined);
    clock.advance(30 * MINUTE);
    await runtime.sync([flow('active')]);
    assert.equal(runner.runs.length, 0, 'no catch-up for time spent paused');
    assert.equal(runtime.states()[0].nextRunAt, at('2025-06-01T12:31:00Z'));
    await runtime.dispose();
    await store.close();
  });

  it('a poll error names its URL with the secrets in it redacted', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { runtime } = runtimeWith();
    const failed = untilState(runtime, (state) => state?.error !== undefined);
    await runtime.sync([
      {
        file: `${ROOT}/keyed.workflow.json`,
        workflowId: 'wf_keyed',
        status: 'active',
        workflow: workflow([node('poll', 'trigger.poll', { url: `http://127.0.0.1:${closedPort}/key/{{ $secrets.TOKEN }}/status` })], []),
      },
    ]);
    await failed;
    const error = runtime.states()[0].error ?? '';
    assert.match(error, new RegExp(`^GET http://127\\.0\\.0\\.1:${closedPort}/key/\\*\\*\\*/status failed`));
    assert.ok(!error.includes('s3cret'), error);
    await runtime.dispose();
  });

  it('keeps a poll baseline across restarts', async () => {
    let price = 1;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ price }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    after(() => server.close());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/p`;
    const target: TriggerWorkflow = {
      file: `${ROOT}/prices.workflow.json`,
      workflowId: 'wf_prices',
      status: 'active',
      workflow: workflow([node('poll', 'trigger.poll', { url, intervalSeconds: 60 })], []),
    };
    const path = tempDbPath();
    const clock = new FakeClock(T0);
    const pollKey = { workflowId: 'wf_prices', nodeId: 'poll', kind: 'poll' as const };

    const first = await withStore(path, clock);
    const firstPolled = untilState(first.runtime, (state) => state?.nextRunAt === T0 + MINUTE);
    await first.runtime.sync([target]);
    await firstPolled;
    assert.ok((await first.store.getTriggerRecord(pollKey))?.state, 'the baseline is recorded');
    assert.equal(first.runner.runs.length, 0);
    await first.runtime.dispose();
    await first.store.close();

    const second = await withStore(path, clock);
    const secondPolled = untilState(second.runtime, (state) => state?.nextRunAt === T0 + MINUTE);
    await second.runtime.sync([target]);
    await secondPolled;
    assert.equal(second.runner.runs.length, 0, 'the same answer after a restart fires nothing');
    price = 2;
    clock.advance(MINUTE);
    await second.runner.waitForRuns(1);
    assert.deepEqual((second.runner.runs[0].fire.input as { body: unknown }).body, { price: 2 });
    await second.runtime.dispose();
    await second.store.close();
  });
});

/** `promise`, or a failure after 5 s (its timer also keeps the event loop alive while waiting). */
function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer!: NodeJS.Timeout;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 5000)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves once the runtime's first state satisfies `predicate`, checked at each change. */
function untilState(runtime: TriggerRuntime, predicate: (state: TriggerState | undefined) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`state never matched: ${JSON.stringify(runtime.states())}`)), 5000);
    const stop = runtime.onDidChange(() => {
      if (!predicate(runtime.states()[0])) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}
