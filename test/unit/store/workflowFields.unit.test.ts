/**
 * User-set workflow fields (status, folder, favorite, template) set by several processes end
 * with the newest setting whatever order the journals are replayed in (`wf.field`). Journals
 * are replayed by writer id, not by time: a plain update let `workflow pause` in a terminal,
 * followed by Activate in a window whose writer id sorts later, come back paused.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyOps, type Op } from '../../../src/core/store/ops';
import { loadSqlJs } from '../../../src/core/store/sqljs';
import { openDatabase } from '../../../src/core/store/snapshot';
import { workflowText } from './fixtures/events';
import { openTestStore, tempDbPath } from './fixtures/temp';

const row: Op = ['wf.upsert', 'wf_1', 'a.workflow.json', 'A', null, '[]', '', 'v_1', 100, 100];

describe('workflow fields set by several processes', () => {
  it('converge to the newest setting in either replay order, ties broken by value', async () => {
    const sql = await loadSqlJs();
    const journalA: Op[] = [row, ['wf.field', 'wf_1', 'status', 'paused', 200], ['wf.field', 'wf_1', 'folder', 'Ops', 300], ['wf.field', 'wf_1', 'favorite', 1, 250]];
    const journalB: Op[] = [row, ['wf.field', 'wf_1', 'status', 'active', 210], ['wf.field', 'wf_1', 'folder', null, 250], ['wf.field', 'wf_1', 'favorite', 0, 250]];
    const results = [];
    for (const order of [[journalA, journalB], [journalB, journalA]]) {
      const db = openDatabase(sql, undefined, ':memory:');
      for (const journal of order) applyOps(db, journal, (_op, reason) => assert.fail(reason));
      results.push({ ...db.get('SELECT status, folder, favorite FROM workflows') });
      db.close();
    }
    assert.deepEqual(results[0], { status: 'active', folder: 'Ops', favorite: 1 });
    assert.deepEqual(results[1], results[0]);
  });

  it('through the store: the last status set wins at every later open, even within one millisecond', async () => {
    for (let round = 0; round < 6; round++) {
      const path = tempDbPath();
      // writer ids are random within one process: over the rounds both replay orders occur
      const first = await openTestStore(path, { now: () => 1_000 });
      const { workflowId } = await first.registerWorkflow({ path: 'a.workflow.json', content: workflowText('A', 2) });
      await first.updateWorkflow(workflowId, { status: 'paused' });
      await first.close();
      const second = await openTestStore(path, { now: () => 1_000 }); // the same millisecond
      await second.updateWorkflow(workflowId, { status: 'active' });
      await second.updateWorkflow(workflowId, { status: 'archived' });
      await second.updateWorkflow(workflowId, { status: 'active' });
      await second.close();
      const reader = await openTestStore(path);
      assert.equal((await reader.getWorkflow(workflowId))?.status, 'active', `round ${round}`);
      await reader.close();
    }
  });
});
