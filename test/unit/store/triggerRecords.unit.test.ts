/** Trigger records: journaled operations that converge in any order, and persistence across processes. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyOps, type Op } from '../../../src/core/store/ops';
import { loadSqlJs } from '../../../src/core/store/sqljs';
import { openDatabase } from '../../../src/core/store/snapshot';
import type { TriggerKey } from '../../../src/core/store';
import { openTestStore, tempDbPath } from './fixtures/temp';

const dump = (db: Awaited<ReturnType<typeof openDatabase>>) => JSON.stringify(db.all('SELECT * FROM triggers ORDER BY 1, 2, 3'));

describe('trigger record operations', () => {
  // Two processes armed the same schedule (say VS Code, then `workflow serve` after it).
  const journalA: Op[] = [
    ['trg.next', 'wf_1', 'cron', 'schedule', 1000, 10],
    ['trg.fired', 'wf_1', 'cron', 'schedule', 1, 1, 1000, 1000],
    ['trg.next', 'wf_1', 'cron', 'schedule', 2000, 11],
    ['trg.fired', 'wf_1', 'cron', 'schedule', 1, 0, 2000, null],
    ['trg.state', 'wf_1', 'poll', 'poll', '{"hash":"a"}', 12],
  ];
  const journalB: Op[] = [
    ['trg.fired', 'wf_1', 'cron', 'schedule', 1, 1, 1500, 1500],
    ['trg.next', 'wf_1', 'cron', 'schedule', null, 20],
    ['trg.state', 'wf_1', 'poll', 'poll', '{"hash":"b"}', 15],
    ['trg.fired', 'wf_1', 'hook', 'webhook', 1, 1, 900, 900],
    // the same node after its type changed keeps a record of its own
    ['trg.fired', 'wf_1', 'cron', 'poll', 1, 1, 3000, 3000],
  ];

  it('converge whatever order the journals are merged in', async () => {
    const SQL = await loadSqlJs();
    const ab = openDatabase(SQL, undefined, ':memory:');
    const ba = openDatabase(SQL, undefined, ':memory:');
    const problems: string[] = [];
    const problem = (_op: unknown, reason: string) => problems.push(reason);
    applyOps(ab, journalA, problem);
    applyOps(ab, journalB, problem);
    applyOps(ba, journalB, problem);
    applyOps(ba, journalA, problem);
    assert.deepEqual(problems, []);
    assert.equal(dump(ab), dump(ba));
    const cron = ab.get("SELECT * FROM triggers WHERE node_id = 'cron' AND kind = 'schedule'");
    assert.deepEqual({ ...cron }, {
      workflow_id: 'wf_1', node_id: 'cron', kind: 'schedule',
      next_run_at: null, next_run_set_at: 20, // B cleared it last (paused)
      last_fired_at: 2000, last_run_at: 1500,
      run_count: 2, trigger_count: 3,
      state: null, state_set_at: null,
    });
    assert.equal(ab.value("SELECT state FROM triggers WHERE node_id = 'poll'"), '{"hash":"b"}', 'the newest state wins');
    assert.equal(ab.value("SELECT run_count FROM triggers WHERE node_id = 'cron' AND kind = 'poll'"), 1);
    // replaying a journal again would double counters: the store never does (journal offsets), but next/state are idempotent
    applyOps(ab, journalB.filter((op) => op[0] !== 'trg.fired'), problem);
    assert.equal(ab.value("SELECT state FROM triggers WHERE node_id = 'poll'"), '{"hash":"b"}');
    ab.close();
    ba.close();
  });
});

describe('trigger records in the store', () => {
  const key: TriggerKey = { workflowId: 'wf_1', nodeId: 'nightly', kind: 'schedule' };

  it('keep next run, last run, counts and state across processes and reopening', async () => {
    const path = tempDbPath();
    let now = 1_700_000_000_000;
    const first = await openTestStore(path, { now: () => now });
    assert.equal(await first.getTriggerRecord(key), undefined);
    first.setTriggerNextRun(key, now + 60_000);
    first.recordTriggerFire(key, { at: now, started: true });
    first.recordTriggerFire(key, { at: now + 1, started: false });
    first.setTriggerState({ ...key, nodeId: 'prices', kind: 'poll' }, { hash: 'abc' });
    // set and cleared in the same millisecond: the clear is newer and wins
    first.setTriggerNextRun({ ...key, nodeId: 'paused' }, now + 5);
    first.setTriggerNextRun({ ...key, nodeId: 'paused' }, undefined);
    assert.deepEqual(await first.getTriggerRecord(key), {
      ...key, nextRunAt: now + 60_000, lastFiredAt: now + 1, lastRunAt: now, runCount: 1, triggerCount: 2,
    });

    const second = await openTestStore(path, { now: () => now });
    second.recordTriggerFire(key, { at: now + 30_000, started: true });
    await second.flush();
    await first.flush();
    assert.equal((await first.getTriggerRecord(key))?.runCount, 2, "the other process's fire counts too");

    now += 120_000;
    second.setTriggerNextRun(key, now + 60_000);
    await second.close();
    await first.close();

    const reopened = await openTestStore(path);
    const records = await reopened.triggerRecords();
    assert.deepEqual(records.map((r) => [r.nodeId, r.kind, r.runCount, r.triggerCount, r.nextRunAt ?? null, r.state ?? null]), [
      ['nightly', 'schedule', 2, 3, now + 60_000, null],
      ['paused', 'schedule', 0, 0, null, null],
      ['prices', 'poll', 0, 0, null, { hash: 'abc' }],
    ]);
    assert.deepEqual((await reopened.triggerRecords({ workflowId: 'wf_other' })), []);
    await reopened.close();
    assert.throws(() => reopened.recordTriggerFire(key, { at: now, started: true }), /closed/);
  });
});
