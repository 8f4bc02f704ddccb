/**
 * The vscode-free parts of the extension's triggers: the catalog a folder hands its runtime,
 * the Workflows view's trigger items, the settings, the merged webhook routes of several
 * folders, the Activate notice, the bounded run queue and the wait for runs in flight.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionResult } from '../../../src/core/engine/engine';
import type { ExecutionDetail, WorkflowRecord } from '../../../src/core/store';
import type { TriggerState, WebhookRoute } from '../../../src/core/triggers/contract';
import { WorkflowCatalog } from '../../../src/extension/triggers/catalog';
import { InFlightRuns } from '../../../src/extension/triggers/inFlight';
import { isLoopbackHost, needsRestart, readTriggerSettings } from '../../../src/extension/triggers/settings';
import { MergedWebhookRoutes } from '../../../src/extension/triggers/webhookRoutes';
import { activationNotice, automaticTriggerTypes } from '../../../src/extension/commands/logic/activation';
import { renderExecutionMarkdown } from '../../../src/extension/views/model/executionDetail';
import { nextRunOf, timeUntil, triggerItems, triggerSummary, triggerTooltipLines } from '../../../src/extension/views/model/triggerItems';

const SECOND = 1000;
const NOW = Date.UTC(2025, 0, 31, 12, 0, 0);

function workflowText(name: string, triggers: { id: string; type: string; config: Record<string, unknown> }[]): string {
  const nodes = triggers.map((t, i) => ({ id: t.id, type: t.type, name: t.id, position: { x: 0, y: i * 100 }, config: t.config }));
  nodes.push({ id: 'log', type: 'util.log', name: 'Log', position: { x: 240, y: 0 }, config: { message: 'hi' } });
  return JSON.stringify({ formatVersion: 1, name, nodes, edges: triggers.map((t) => ({ id: `e-${t.id}`, source: t.id, target: 'log' })) }, null, 2);
}

function record(path: string, patch: Partial<WorkflowRecord> = {}): WorkflowRecord {
  return { id: `wf_${path}`, path, name: path, tags: [], favorite: false, status: 'draft', isTemplate: false, executionCount: 0, createdAt: 0, updatedAt: 0, ...patch };
}

function state(patch: Partial<TriggerState> & Pick<TriggerState, 'kind'>): TriggerState {
  return { workflowId: 'wf_a', file: '/ws/a.workflow.json', nodeId: patch.kind, nodeName: `${patch.kind} node`, runCount: 0, triggerCount: 0, ...patch };
}

describe('workflow catalog', () => {
  const schedule = workflowText('Every second', [{ id: 'tick', type: 'trigger.schedule', config: { cron: '* * * * * *' } }]);

  it('hands the runtime the valid files that have a record, with their status', () => {
    const catalog = new WorkflowCatalog();
    assert.equal(catalog.setFile('/ws/a.workflow.json', 'a.workflow.json', schedule), true);
    catalog.setFile('/ws/b.workflow.json', 'b.workflow.json', schedule); // no record: a draft, left out
    catalog.setFile('/ws/c.workflow.json', 'c.workflow.json', '{ "nodes": [');
    catalog.setRecords([record('a.workflow.json', { status: 'active' }), record('c.workflow.json', { status: 'active' })]);
    const handed = catalog.triggerWorkflows();
    assert.deepEqual(handed.map((w) => [w.file, w.workflowId, w.status]), [['/ws/a.workflow.json', 'wf_a.workflow.json', 'active']]);
    assert.equal(handed[0]!.workflow.name, 'Every second');
    assert.equal(catalog.file('/ws/c.workflow.json')?.workflow, undefined, 'a file with errors is kept, unarmed');
    assert.equal(catalog.recordOf('/ws/c.workflow.json')?.status, 'active');
  });

  it('reports changes only when something the runtime sees changed', () => {
    const catalog = new WorkflowCatalog();
    catalog.setFile('/ws/a.workflow.json', 'a.workflow.json', schedule);
    assert.equal(catalog.setFile('/ws/a.workflow.json', 'a.workflow.json', schedule), false, 'a save of the same text');
    assert.equal(catalog.setRecords([record('a.workflow.json', { status: 'active' })]), true);
    // a finished run changes the record's counters, not what the runtime sees
    assert.equal(catalog.setRecords([record('a.workflow.json', { status: 'active', executionCount: 5, lastExecutedAt: NOW })]), false);
    assert.equal(catalog.setRecords([record('a.workflow.json', { status: 'paused' })]), true);
    assert.equal(catalog.removeFile('/ws/a.workflow.json'), true);
    assert.equal(catalog.removeFile('/ws/a.workflow.json'), false);
    assert.deepEqual(catalog.triggerWorkflows(), []);
  });

  it('names the records that can arm triggers whose file it never read', () => {
    const catalog = new WorkflowCatalog();
    catalog.setFile('/ws/a.workflow.json', 'a.workflow.json', schedule);
    catalog.setRecords([
      record('a.workflow.json', { status: 'active' }),
      record('new.workflow.json', { status: 'active' }),
      record('held.workflow.json', { status: 'paused' }),
      record('draft.workflow.json', { status: 'draft' }),
    ]);
    assert.deepEqual(catalog.unreadRecordPaths().sort(), ['held.workflow.json', 'new.workflow.json']);
    catalog.setFile('/ws/new.workflow.json', 'new.workflow.json', schedule);
    assert.deepEqual(catalog.unreadRecordPaths(), ['held.workflow.json']);
  });
});

describe('trigger items of the Workflows view', () => {
  it('counts down to the next run', () => {
    assert.equal(timeUntil(NOW + 4 * SECOND, NOW), 'in 4 s');
    assert.equal(timeUntil(NOW + 3 * 60 * SECOND, NOW), 'in 3 min');
    assert.equal(timeUntil(NOW + 5 * 3600 * SECOND, NOW), 'in 5 h');
    assert.equal(timeUntil(NOW + 3 * 86_400 * SECOND, NOW), 'in 3 d');
    assert.equal(timeUntil(NOW - SECOND, NOW), 'now');
  });

  it('summarizes a workflow by its soonest run, else its webhook, and puts errors first', () => {
    const tick = state({ kind: 'schedule', nextRunAt: NOW + 90 * SECOND });
    const hook = state({ kind: 'webhook', url: 'http://127.0.0.1:5680/webhook/orders' });
    assert.equal(triggerSummary([], NOW), undefined);
    assert.equal(triggerSummary([hook, tick, state({ kind: 'poll', nextRunAt: NOW + 600 * SECOND })], NOW), 'next in 2 min');
    assert.equal(triggerSummary([hook], NOW), 'webhook /webhook/orders');
    assert.equal(triggerSummary([state({ kind: 'file' })], NOW), 'file');
    assert.equal(triggerSummary([tick, state({ kind: 'schedule', error: 'bad cron' })], NOW), '⚠ trigger error');
    assert.equal(nextRunOf([state({ kind: 'schedule', nextRunAt: NOW, error: 'x' })]), undefined, 'a failed trigger has no next run');
    const tooltip = triggerTooltipLines([tick, hook], NOW);
    assert.match(tooltip[0]!, /^Next run: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(in 2 min\)$/);
    assert.equal(tooltip[1], 'Webhook: http://127.0.0.1:5680/webhook/orders');
  });

  it('makes one child per trigger: schedule counters, webhook URL with its copy action, file glob, poll URL, errors', () => {
    const items = triggerItems(
      [
        { ...state({ kind: 'schedule', nextRunAt: NOW + 4 * SECOND, lastRunAt: NOW - 60 * SECOND, runCount: 3, triggerCount: 4 }), config: { cron: '*/5 * * * * *', timezone: 'Europe/Berlin' } },
        { ...state({ kind: 'webhook', url: 'http://127.0.0.1:5680/webhook/orders' }), config: { path: 'orders' } },
        { ...state({ kind: 'webhook' }), nodeId: 'hook2', config: { path: 'other', method: 'PUT' } },
        { ...state({ kind: 'file', runCount: 1 }), config: { glob: 'inbox/*.csv' } },
        { ...state({ kind: 'poll', nextRunAt: NOW + 30 * SECOND }), config: { url: 'https://example.com/feed' } },
        state({ kind: 'schedule', nodeId: 'broken', error: 'config.cron: invalid' }),
      ],
      NOW,
    );
    assert.deepEqual(
      items.map((i) => [i.contextValue, i.description, i.icon.id]),
      [
        ['trigger.schedule', 'next in 4 s · last 1 min ago · 3 runs', 'watch'],
        ['trigger.webhook', 'http://127.0.0.1:5680/webhook/orders', 'globe'],
        ['trigger.webhook', 'PUT /webhook/other (server not listening)', 'globe'],
        ['trigger.file', 'inbox/*.csv · 1 run', 'file-symlink-file'],
        ['trigger.poll', 'https://example.com/feed · next in 30 s · 0 runs', 'radio-tower'],
        ['trigger.schedule', 'config.cron: invalid', 'warning'],
      ],
    );
    assert.equal(items[1]!.url, 'http://127.0.0.1:5680/webhook/orders');
    assert.equal(items[2]!.url, undefined);
    assert.match(items[0]!.tooltip, /Cron: \*\/5 \* \* \* \* \* \(Europe\/Berlin\)/);
    assert.match(items[0]!.tooltip, /Runs started: 3; fired: 4/);
    assert.match(items[5]!.tooltip, /⚠ config\.cron: invalid/);
  });
});

describe('trigger settings', () => {
  it('reads the settings with defaults for missing or wrong values', () => {
    assert.deepEqual(readTriggerSettings(() => undefined), { enabled: true, host: '127.0.0.1', port: 5680 });
    const values: Record<string, unknown> = { 'triggers.enabled': false, 'webhooks.host': ' 0.0.0.0 ', 'webhooks.port': 0 };
    assert.deepEqual(readTriggerSettings((key) => values[key]), { enabled: false, host: '0.0.0.0', port: 0 });
    assert.equal(readTriggerSettings((key) => (key === 'webhooks.port' ? 70_000 : undefined)).port, 5680);
  });

  it('tells loopback binds from network ones', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'my-host']) assert.equal(isLoopbackHost(host), false, host);
  });

  it('restarts only for changes that matter', () => {
    const base = { enabled: true, host: '127.0.0.1', port: 5680 };
    assert.equal(needsRestart(base, { ...base }), false);
    assert.equal(needsRestart(base, { ...base, port: 0 }), true);
    assert.equal(needsRestart(base, { ...base, enabled: false }), true);
  });
});

describe('merged webhook routes', () => {
  const route = (path: string): WebhookRoute =>
    ({ workflowId: 'wf', nodeId: path, nodeName: path, path, config: {}, status: () => 'active', secret: async () => undefined, fire: () => assert.fail('not fired') }) as WebhookRoute;

  it('hands the server every folder\'s routes, and a new server the current ones', () => {
    const merged = new MergedWebhookRoutes();
    const a = merged.routerFor('a');
    const b = merged.routerFor('b');
    a.setRoutes([route('one')]); // no server yet: kept
    const handed: string[][] = [];
    merged.setTarget({ setRoutes: (routes) => handed.push(routes.map((r) => r.path)), baseUrl: () => 'http://127.0.0.1:1' });
    b.setRoutes([route('two'), route('three')]);
    a.setRoutes([route('uno')]);
    merged.removeFolder('b');
    assert.deepEqual(handed, [['one'], ['one', 'two', 'three'], ['uno', 'two', 'three'], ['uno']]);
    assert.equal(a.baseUrl(), 'http://127.0.0.1:1');
    merged.setTarget(undefined);
    assert.equal(b.baseUrl(), undefined);
  });
});

describe('Activate notice', () => {
  it('tells when a workflow can never run by itself, or cannot be armed yet', () => {
    const manual = workflowText('Manual only', [{ id: 'start', type: 'trigger.manual', config: {} }]);
    const hooked = workflowText('Hooked', [
      { id: 'start', type: 'trigger.manual', config: {} },
      { id: 'hook', type: 'trigger.webhook', config: { path: 'orders' } },
    ]);
    assert.deepEqual(automaticTriggerTypes(manual), []);
    assert.deepEqual(automaticTriggerTypes(hooked), ['trigger.webhook']);
    assert.deepEqual(automaticTriggerTypes('not json'), []);
    assert.match(activationNotice('Manual only', manual, false)!, /only has a manual trigger/);
    assert.equal(activationNotice('Hooked', hooked, false), undefined);
    assert.match(activationNotice('Hooked', hooked, true)!, /has problems/);
  });
});

describe('runs in flight', () => {
  const result = { executionId: 'x', status: 'success' } as ExecutionResult;

  it('waits for runs to end, but no longer than the grace period', async () => {
    const inFlight = new InFlightRuns();
    let finish!: (r: ExecutionResult) => void;
    inFlight.add(new Promise((resolve) => (finish = resolve)));
    inFlight.add(new Promise(() => undefined)); // never ends
    assert.equal(inFlight.size, 2);
    setTimeout(() => finish(result), 10);
    const started = Date.now();
    await inFlight.settle(150);
    assert.ok(Date.now() - started >= 140, 'waited for the grace period');
    assert.equal(inFlight.size, 1, 'the finished run left the set');
    await new InFlightRuns().settle(10_000); // nothing in flight: at once
  });
});

describe('execution document of a triggered run', () => {
  it('shows the trigger type and its data', () => {
    const detail: ExecutionDetail = {
      id: 'exec-1', workflowId: 'wf', workflowName: 'Orders', status: 'success', triggerType: 'webhook', triggerNodeId: 'hook',
      triggerData: { method: 'POST', path: 'orders', remoteAddress: '127.0.0.1' }, startedAt: NOW, completedAt: NOW + 5, durationMs: 5,
      nodesExecuted: 2, input: {}, output: {}, nodeResults: [], logs: [], logsTotal: 0,
    };
    const md = renderExecutionMarkdown(detail);
    assert.match(md, /- Trigger: webhook \(node `hook`\)/);
    assert.match(md, /## Trigger \(webhook\)\n\n```json\n\{\n  "method": "POST",\n  "path": "orders"/);
    assert.doesNotMatch(renderExecutionMarkdown({ ...detail, triggerType: 'manual', triggerData: undefined }), /## Trigger/);
  });
});
