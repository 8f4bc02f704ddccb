/** Moving a workflow's history with its file (rename or move): the journaled `wf.move`. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isStoreError, type WorkflowStore } from '../../../src/core/store';
import { applyOps, type Op } from '../../../src/core/store/ops';
import { openDatabase } from '../../../src/core/store/snapshot';
import { loadSqlJs } from '../../../src/core/store/sqljs';
import type { SqlDatabase } from '../../../src/core/store/sqlDatabase';
import { workflowIdForPath } from '../../../src/core/store/workflowShape';
import { play, workflowText } from './fixtures/events';
import { openTestStore, tempDbPath } from './fixtures/temp';

const OLD = 'flows/prices.workflow.json';
const NEW = 'moved/better-prices.workflow.json';

/** Two versions and three runs of OLD. */
async function recordHistory(store: WorkflowStore): Promise<{ workflowId: string; versions: string[] }> {
  const v1 = await store.registerWorkflow({ path: OLD, content: workflowText('Prices', 3, { tags: ['money'] }) });
  const v2 = await store.registerWorkflow({ path: OLD, content: workflowText('Prices', 4, { tags: ['money'] }) });
  await store.updateWorkflow(v2.workflowId, { folder: 'Bots', favorite: true });
  const recorder = store.recorder(v2);
  for (let i = 0; i < 3; i++) play(recorder, { executionId: `run-${i}`, nodes: 4, logsPerNode: 1, startAt: 1_700_000_000_000 + i * 1000 });
  await store.flush();
  return { workflowId: v2.workflowId, versions: [v2.versionId, v1.versionId] };
}

async function assertMoved(store: WorkflowStore, workflowId: string, versions: string[]): Promise<void> {
  const record = await store.findWorkflowByPath(NEW);
  assert.ok(record, 'a record at the new path');
  assert.equal(record.id, workflowId, 'the record keeps its id');
  assert.deepEqual([record.path, record.name, record.folder, record.favorite, record.executionCount], [NEW, 'Prices', 'Bots', true, 3]);
  assert.equal(await store.findWorkflowByPath(OLD), undefined, 'nothing left at the old path');
  assert.deepEqual((await store.listExecutions({ workflowId })).map((e) => [e.id, e.workflowPath]), [
    ['run-2', NEW],
    ['run-1', NEW],
    ['run-0', NEW],
  ]);
  assert.deepEqual((await store.versionHistory(workflowId)).slice(-2).map((v) => [v.id, v.number]), [[versions[0], 2], [versions[1], 1]]);
  assert.equal((await store.nodeTypeStats(workflowId)).reduce((sum, s) => sum + s.executions, 0), 12);
  assert.equal((await store.executionStats(workflowId)).total, 3);
  assert.deepEqual((await store.searchWorkflows({ text: 'prices money' })).map((w) => w.path), [NEW]);
  assert.equal((await store.listWorkflows()).length, 1);
}

describe('moving a workflow', () => {
  it('moves versions, runs and statistics to the new path, and survives a reopen and a snapshot', async () => {
    const path = tempDbPath();
    let clock = 1_800_000_000_000;
    const store = await openTestStore(path, { now: () => (clock += 1000) });
    const { workflowId, versions } = await recordHistory(store);
    const before = (await store.getWorkflow(workflowId))!.updatedAt;
    const moved = await store.moveWorkflow(workflowId, `./${NEW}`);
    assert.equal(moved.path, NEW);
    assert.ok(moved.updatedAt > before, 'a move is a change of the record');
    await assertMoved(store, workflowId, versions);
    // registering the renamed file finds its history: same content, no new version
    const again = await store.registerWorkflow({ path: NEW, content: workflowText('Prices', 4, { tags: ['money'] }) });
    assert.deepEqual([again.workflowId, again.versionId, again.versionNumber, again.created], [workflowId, versions[0], 2, false]);
    const v3 = await store.registerWorkflow({ path: NEW, content: workflowText('Prices', 5, { tags: ['money'] }) });
    assert.deepEqual([v3.workflowId, v3.versionNumber], [workflowId, 3]);
    // moving to the same path is no change; unknown ids and paths
    assert.equal((await store.moveWorkflow(workflowId, NEW)).path, NEW);
    await assert.rejects(store.moveWorkflow('wf_nope', 'x.workflow.json'), (e: unknown) => isStoreError(e, 'NOT_FOUND'));
    assert.equal(await store.moveWorkflowByPath('never/seen.workflow.json', 'x.workflow.json'), undefined);
    await assert.rejects(store.moveWorkflow(workflowId, ''), (e: unknown) => isStoreError(e, 'INVALID_INPUT'));
    // a new file at the old path is a new workflow, whose id is not the moved record's
    const newcomer = await store.registerWorkflow({ path: OLD, content: workflowText('Newcomer', 2) });
    assert.notEqual(newcomer.workflowId, workflowId);
    assert.notEqual(newcomer.workflowId, workflowIdForPath(OLD), 'the derived id is still the moved record’s');
    assert.deepEqual([newcomer.versionNumber, newcomer.created], [1, true]);
    assert.equal((await store.findWorkflowByPath(OLD))?.name, 'Newcomer');
    assert.equal((await store.findWorkflowByPath(NEW))?.executionCount, 3);
    await store.close();

    for (const compact of [false, true]) {
      const reopened = await openTestStore(path, { tuning: { inlineCompaction: true } });
      assert.equal((await reopened.findWorkflowByPath(NEW))?.currentVersionId, v3.versionId);
      assert.equal((await reopened.listExecutions({ workflowId })).length, 3);
      assert.equal((await reopened.versionHistory(workflowId)).length, 3);
      assert.equal((await reopened.findWorkflowByPath(OLD))?.id, newcomer.workflowId);
      if (compact) await reopened.compact();
      await reopened.close();
    }
  });

  it('is seen by another process after refresh(), even one whose reads are throttled, and moves back', async () => {
    const path = tempDbPath();
    const a = await openTestStore(path);
    const b = await openTestStore(path, { tuning: { refreshThrottleMs: 3_600_000 } });
    assert.deepEqual(await b.listExecutions(), [], 'b has read (and will not refresh on reads for an hour)');
    const { workflowId, versions } = await recordHistory(a);
    // b moves what a recorded although its reads have not seen it yet: a move always catches up first
    const moved = await b.moveWorkflowByPath(OLD, NEW);
    assert.equal(moved?.id, workflowId);
    await a.refresh();
    await assertMoved(a, workflowId, versions);
    // a third process replays the journals from scratch
    const c = await openTestStore(path);
    await assertMoved(c, workflowId, versions);
    await c.close();
    // a moves it back, and b follows
    await a.moveWorkflowByPath(NEW, OLD);
    await b.refresh();
    assert.equal((await b.findWorkflowByPath(OLD))?.executionCount, 3);
    assert.equal(await b.findWorkflowByPath(NEW), undefined);
    assert.equal((await b.listExecutions({ workflowId })).length, 3);
    await a.close();
    await b.close();
  });

  it('refuses to take over a record with runs of its own, and replaces one without runs', async () => {
    const store = await openTestStore(tempDbPath());
    const { workflowId, versions } = await recordHistory(store);
    const other = await store.registerWorkflow({ path: NEW, content: workflowText('Other', 2) });
    play(store.recorder(other), { executionId: 'other-0', nodes: 2, logsPerNode: 0 });
    await store.flush();
    await assert.rejects(
      store.moveWorkflow(workflowId, NEW),
      (e: unknown) => isStoreError(e, 'INVALID_INPUT') && (e as Error).message.includes(OLD) && (e as Error).message.includes(NEW),
    );
    assert.equal((await store.findWorkflowByPath(OLD))?.executionCount, 3, 'nothing moved');
    // the renamed file registered before the move: that record (no runs) gives way
    const early = await store.registerWorkflow({ path: 'fresh.workflow.json', content: workflowText('Prices', 4, { tags: ['money'] }) });
    const moved = await store.moveWorkflowByPath(OLD, 'fresh.workflow.json');
    assert.deepEqual([moved?.id, moved?.folder, moved?.favorite, moved?.executionCount], [workflowId, 'Bots', true, 3]);
    assert.equal(await store.getWorkflow(early.workflowId), undefined);
    assert.deepEqual(await store.versionHistory(early.workflowId), []);
    assert.deepEqual((await store.versionHistory(workflowId)).map((v) => v.id), versions);
    assert.deepEqual((await store.searchWorkflows({ text: 'prices' })).map((w) => w.path), ['fresh.workflow.json']);
    await store.close();
  });
});

describe('wf.move in merged journals', () => {
  async function freshDb(): Promise<SqlDatabase> {
    return openDatabase(await loadSqlJs(), undefined, ':memory:');
  }
  function dump(db: SqlDatabase): string {
    const tables = ['workflows', 'workflow_versions', 'executions', 'node_type_stats'];
    return JSON.stringify(tables.map((t) => db.all(`SELECT * FROM ${t} ORDER BY 1, 2`)));
  }
  // A (the CLI) registered and ran the workflow; B (the extension) saw it and moved the file.
  const journalA: Op[] = [
    ['ver.add', 'v_1', 'wf_1', null, 'h1', '{}', 'created', null, 100],
    ['wf.upsert', 'wf_1', 'a.workflow.json', 'A', null, '[]', 'Node', 'v_1', 100, 100],
    ['ex.start', 'x1', 'wf_1', 'v_1', 'A', null, 'running', 'cli', null, null, null, 200, 'writerA'],
    ['ex.finish', 'x1', 'success', '{}', null, null, null, null, 210, 10, 1],
    ['wf.ran', 'wf_1', 210],
    ['stats', 'wf_1', 'data.set', 1, 1, 0, 2, 2, 2, 205],
    // a later run from A's stale view re-upserts the row under the old path
    ['wf.upsert', 'wf_1', 'a.workflow.json', 'A', null, '[]', 'Node', 'v_1', 100, 100],
  ];
  const journalB: Op[] = [
    ['wf.upsert', 'wf_1', 'a.workflow.json', 'A', null, '[]', 'Node', 'v_1', 100, 100],
    ['wf.move', 'wf_1', 'b/renamed.workflow.json', 300],
  ];

  it('converge whatever order they are merged in, and a repeated move changes nothing', async () => {
    const ab = await freshDb();
    const ba = await freshDb();
    const problems: string[] = [];
    const problem = (_op: unknown, reason: string) => problems.push(reason);
    applyOps(ab, journalA, problem);
    applyOps(ab, journalB, problem);
    applyOps(ba, journalB, problem);
    applyOps(ba, journalA, problem);
    applyOps(ba, journalB, problem);
    assert.deepEqual(problems, []);
    assert.equal(dump(ab), dump(ba));
    assert.deepEqual({ ...ab.get('SELECT path, execution_count, updated_at FROM workflows') }, { path: 'b/renamed.workflow.json', execution_count: 1, updated_at: 300 });
    assert.equal(ab.value("SELECT workflow_id FROM executions WHERE id = 'x1'"), 'wf_1');
  });
});
