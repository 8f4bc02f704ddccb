/** What users can ask of the store: versions, restore, archive, duplicate, search, filters, stats. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isStoreError, type WorkflowStore } from '../../../src/core/store';
import { play, workflowText } from './fixtures/events';
import { openTestStore, tempDbPath } from './fixtures/temp';

const DAY = 24 * 3600_000;

describe('versions', () => {
  it('records a version when the canonical content changes, with a change summary and stable numbers', async () => {
    let clock = 1_700_000_000_000;
    const store = await openTestStore(tempDbPath(), { now: () => (clock += 1000) });
    const path = 'flows/prices.workflow.json';
    const v1 = await store.registerWorkflow({ path, content: workflowText('Prices', 3), gitCommit: 'a'.repeat(40) });
    assert.deepEqual([v1.versionNumber, v1.created, v1.changeSummary], [1, true, 'created with 3 nodes']);
    // the same content, formatted differently, is no new version
    const same = await store.registerWorkflow({ path: `./${path}`, content: JSON.stringify(JSON.parse(workflowText('Prices', 3))) });
    assert.deepEqual([same.versionId, same.created], [v1.versionId, false]);
    const v2 = await store.registerWorkflow({ path, content: workflowText('Prices', 5, { url: 'https://other.example' }) });
    assert.deepEqual([v2.versionNumber, v2.changeSummary], [2, 'added 2 nodes, changed url of "Node 1"']);
    const v3 = await store.registerWorkflow({ path, content: workflowText('Prices', 3) });
    assert.deepEqual([v3.versionNumber, v3.changeSummary], [3, 'removed 2 nodes, changed url of "Node 1"']);
    assert.notEqual(v3.versionId, v1.versionId, 'going back is a new version');

    const history = await store.versionHistory(v1.workflowId);
    assert.deepEqual(history.map((v) => [v.number, v.parentId ?? null]), [[3, v2.versionId], [2, v1.versionId], [1, null]]);
    assert.equal(history[2].gitCommit, 'a'.repeat(40));
    assert.equal((await store.getWorkflow(v1.workflowId))?.currentVersionId, v3.versionId);

    const restored = await store.restoreVersion(v2.versionId);
    assert.deepEqual([restored.versionNumber, restored.path], [2, path]);
    assert.equal(JSON.parse(restored.content).nodes.length, 5);

    assert.equal(await store.archiveOldVersions(v1.workflowId, 1), 2);
    assert.equal(await store.archiveOldVersions(v1.workflowId, 1), 0);
    const archived = await store.versionHistory(v1.workflowId);
    assert.deepEqual(archived.map((v) => [v.number, v.archived]), [[3, false], [2, true], [1, true]], 'numbers do not move');
    await assert.rejects(store.restoreVersion(v2.versionId), /version 2 of flows\/prices\.workflow\.json was archived/);
    await assert.rejects(store.restoreVersion('v_nope'), (e: unknown) => isStoreError(e, 'NOT_FOUND'));
    await assert.rejects(store.archiveOldVersions(v1.workflowId, 0), (e: unknown) => isStoreError(e, 'INVALID_INPUT'));
    await assert.rejects(store.registerWorkflow({ path, content: '{ not json' }), (e: unknown) => isStoreError(e, 'INVALID_INPUT'));
    await store.close();
  });

  it('duplicates a workflow record as a draft under a new path', async () => {
    const store = await openTestStore(tempDbPath());
    const source = await store.registerWorkflow({ path: 'a.workflow.json', content: workflowText('Alpha', 2, { tags: ['x'] }) });
    await store.updateWorkflow(source.workflowId, { folder: 'Bots', favorite: true, status: 'active' });
    const copy = await store.duplicateWorkflow(source.workflowId, { path: 'b.workflow.json' });
    const record = await store.getWorkflow(copy.workflowId);
    assert.deepEqual(
      [record?.path, record?.name, record?.status, record?.folder, record?.favorite, record?.tags],
      ['b.workflow.json', 'Alpha (copy)', 'draft', 'Bots', false, ['x']],
    );
    assert.equal(copy.changeSummary, 'duplicated from "Alpha" (a.workflow.json)');
    await assert.rejects(store.duplicateWorkflow('wf_missing', { path: 'c.workflow.json' }), (e: unknown) => isStoreError(e, 'NOT_FOUND'));
    await store.close();
  });
});

async function populated(): Promise<{ store: WorkflowStore; ids: Record<string, string>; now: number }> {
  const now = 1_800_000_000_000;
  let clock = now - 30 * DAY;
  const store = await openTestStore(tempDbPath(), { now: () => clock });
  const ids: Record<string, string> = {};
  const register = async (key: string, name: string, extra: Parameters<typeof workflowText>[2], at: number) => {
    clock = at;
    ids[key] = (await store.registerWorkflow({ path: `flows/${key}.workflow.json`, content: workflowText(name, 3, extra) })).workflowId;
  };
  await register('prices', 'Crypto price alert', { tags: ['crypto', 'alerts'], description: 'Watches exchange rates' }, now - 20 * DAY);
  await register('report', 'Weekly report', { tags: ['reports'] }, now - 2 * DAY);
  await register('sync', 'Sync customers', { tags: ['crm', 'alerts'] }, now - 1 * DAY);
  await store.updateWorkflow(ids.prices, { favorite: true, folder: 'Trading' });
  await store.updateWorkflow(ids.sync, { status: 'paused' });
  const run = async (key: string, executionId: string, startAt: number, fail = false) => {
    const record = store.recorder({ workflowId: ids[key] });
    play(record, { executionId, nodes: 3, logsPerNode: 1, startAt, ...(fail ? { failNode: 1 } : {}) });
  };
  for (let i = 0; i < 4; i++) await run('prices', `p-${i}`, now - DAY + i * 1000);
  await run('report', 'r-0', now - DAY, true);
  await run('report', 'r-1', now - DAY + 5000);
  await run('sync', 's-0', now - DAY);
  await run('sync', 's-1', now - DAY + 9000, true);
  clock = now;
  return { store, ids, now };
}

describe('queries', () => {
  it('searches names, descriptions, tags and node names by word prefix, with filters', async () => {
    const { store, ids } = await populated();
    const search = async (query: Parameters<WorkflowStore['searchWorkflows']>[0]) => (await store.searchWorkflows(query)).map((w) => w.id);
    assert.deepEqual(await search({ text: 'crypt' }), [ids.prices]);
    assert.deepEqual(await search({ text: 'exchange rates' }), [ids.prices]);
    assert.deepEqual(await search({ text: 'CRM' }), [ids.sync]);
    assert.deepEqual(await search({ text: 'node' }), [ids.sync, ids.report, ids.prices]);
    assert.deepEqual(await search({ text: 'weekly crypto' }), []);
    assert.deepEqual(await search({ text: '"AND OR* NEAR(' }), []);
    assert.deepEqual(await search({ text: '!!!' }), []);
    assert.deepEqual(await search({ tags: ['alerts'] }), [ids.sync, ids.prices]);
    assert.deepEqual(await search({ tags: ['alerts', 'crypto'], tagMatch: 'all' }), [ids.prices]);
    assert.deepEqual(await search({ tags: ['alerts', 'reports'], tagMatch: 'any' }), [ids.sync, ids.report, ids.prices]);
    assert.deepEqual(await search({ text: 'node', status: 'paused' }), [ids.sync]);
    assert.deepEqual(await search({ favorite: true }), [ids.prices]);
    assert.deepEqual(await search({ folder: 'Trading' }), [ids.prices]);
    assert.deepEqual((await store.listWorkflows({ isTemplate: false })).length, 3);
    await store.close();
  });

  it('answers stats, most active, recently modified and needing attention', async () => {
    const { store, ids, now } = await populated();
    const prices = await store.executionStats(ids.prices);
    assert.deepEqual([prices.total, prices.succeeded, prices.failed, prices.lastStatus], [4, 4, 0, 'success']);
    assert.ok(prices.averageDurationMs! > 0);
    const all = await store.executionStats();
    assert.deepEqual([all.total, all.succeeded, all.failed, all.byStatus], [8, 6, 2, { failed: 2, success: 6 }]);
    const perWorkflow = await store.executionStatsByWorkflow();
    assert.deepEqual(perWorkflow.map((s) => [s.workflow.id, s.total, s.failed]).sort(), [[ids.prices, 4, 0], [ids.report, 2, 1], [ids.sync, 2, 1]].sort());
    assert.deepEqual((await store.mostActiveWorkflows(2)).map((w) => w.id), [ids.prices, ids.sync]);
    assert.deepEqual((await store.recentlyModifiedWorkflows()).map((w) => w.id), [ids.sync, ids.report]);
    assert.deepEqual((await store.recentlyModifiedWorkflows({ since: now - 30 * DAY })).map((w) => w.id), [ids.sync, ids.report, ids.prices]);
    const attention = await store.workflowsNeedingAttention();
    assert.deepEqual(attention.map((a) => [a.workflow.id, a.execution.id, a.execution.status]), [[ids.sync, 's-1', 'failed']]);
    const types = await store.nodeTypeStats();
    assert.deepEqual(types.map((t) => [t.workflowId, t.nodeType, t.executions]), [
      ['*', 'http.request', 8],
      ['*', 'trigger.manual', 8],
      ['*', 'data.set', 6],
    ]);
    await store.close();
  });

  it('lists executions with filters and finds one by a unique id prefix', async () => {
    const { store, ids, now } = await populated();
    assert.deepEqual((await store.listExecutions({ workflowId: ids.report })).map((e) => e.id), ['r-1', 'r-0']);
    assert.deepEqual((await store.listExecutions({ status: 'failed' })).map((e) => e.id), ['s-1', 'r-0']);
    assert.deepEqual((await store.listExecutions({ status: ['failed', 'success'], limit: 2 })).map((e) => e.id), ['s-1', 'r-1']);
    assert.deepEqual((await store.listExecutions({ before: now - DAY + 1000 })).map((e) => e.id).sort(), ['p-0', 'r-0', 's-0']);
    const listed = await store.listExecutions({ limit: 1 });
    assert.deepEqual([listed[0].workflowPath, listed[0].workflowName, listed[0].versionNumber], ['flows/sync.workflow.json', 'Synthetic', undefined]);
    assert.equal((await store.getExecution('s-1')).id, 's-1');
    await store.registerWorkflow({ path: 'flows/uuid.workflow.json', content: workflowText('U', 1) });
    const uuidRecord = store.recorder({ workflowId: ids.prices });
    play(uuidRecord, { executionId: '3f2a9c1e-0000-4000-8000-000000000001', nodes: 1, logsPerNode: 0 });
    play(uuidRecord, { executionId: '3f2a9c1e-0000-4000-8000-000000000002', nodes: 1, logsPerNode: 0 });
    play(uuidRecord, { executionId: '7b00aa11-0000-4000-8000-000000000003', nodes: 1, logsPerNode: 0 });
    assert.equal((await store.getExecution('7b00')).id, '7b00aa11-0000-4000-8000-000000000003');
    await assert.rejects(store.getExecution('3f2a9c1e'), (e: unknown) => isStoreError(e, 'AMBIGUOUS'));
    await assert.rejects(store.getExecution('nope'), (e: unknown) => isStoreError(e, 'NOT_FOUND'));
    await assert.rejects(store.getExecution('7b0'), (e: unknown) => isStoreError(e, 'NOT_FOUND'), 'prefixes shorter than 4 do not match');
    await store.close();
  });

  it('sets user fields and refuses unknown workflows or statuses', async () => {
    const { store, ids } = await populated();
    const updated = await store.updateWorkflow(ids.report, { isTemplate: true, folder: null, status: 'archived' });
    assert.deepEqual([updated.isTemplate, updated.folder, updated.status], [true, undefined, 'archived']);
    await assert.rejects(store.updateWorkflow('wf_nope', { favorite: true }), (e: unknown) => isStoreError(e, 'NOT_FOUND'));
    // @ts-expect-error a status outside the union, as a caller without types could send
    await assert.rejects(store.updateWorkflow(ids.report, { status: 'deleted' }), (e: unknown) => isStoreError(e, 'INVALID_INPUT'));
    await store.close();
  });
});

describe('deleteExecutions (Clear History)', () => {
  it('deletes the finished runs of one workflow (or all), keeps running ones, and survives reopening', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openStore, silentLogger } = await import('../../../src/core/store');
    const path = join(mkdtempSync(join(tmpdir(), 'wfs-clear-')), 'h.sqlite');
    const store = await openStore({ path, logger: silentLogger });
    const a = await store.registerWorkflow({ path: 'a.workflow.json', content: { formatVersion: 1, name: 'A', nodes: [], edges: [] } });
    const b = await store.registerWorkflow({ path: 'b.workflow.json', content: { formatVersion: 1, name: 'B', nodes: [], edges: [] } });
    const record = (target: typeof a, id: string, finish: boolean) => {
      const listener = store.recorder({ workflowId: target.workflowId, versionId: target.versionId });
      listener({ type: 'execution.started', executionId: id, at: 1, workflowName: 'x', startedAt: new Date(1).toISOString(), input: {}, trigger: { type: 'manual' } });
      if (finish) listener({ type: 'execution.finished', executionId: id, at: 2, status: 'success', output: 1, startedAt: new Date(1).toISOString(), completedAt: new Date(2).toISOString(), durationMs: 1, nodesExecuted: 0 });
    };
    record(a, 'a1', true);
    record(a, 'a2', true);
    record(a, 'a3', false);
    record(b, 'b1', true);
    await store.flush();
    assert.equal(await store.deleteExecutions({ workflowId: a.workflowId }), 2);
    assert.deepEqual((await store.listExecutions({ limit: 10 })).map((e) => e.id).sort(), ['a3', 'b1']);
    await store.close();
    const reopened = await openStore({ path, logger: silentLogger });
    try {
      assert.deepEqual((await reopened.listExecutions({ limit: 10 })).map((e) => e.id).sort(), ['a3', 'b1']);
      assert.equal(await reopened.deleteExecutions(), 2, 'b1 and the interrupted a3 (no longer running)');
      assert.deepEqual(await reopened.listExecutions({ limit: 10 }), []);
    } finally {
      await reopened.close();
    }
  });
});
