/**
 * Persistence: the journal survives a process that never closed, snapshots are written
 * atomically and fold the journals, unusable files are handled without losing the user's data.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isStoreError, StoreVersionError } from '../../../src/core/store';
import { loadSqlJs } from '../../../src/core/store/sqljs';
import { loadMigrations } from '../../../src/core/store/migrations';
import { openDatabase } from '../../../src/core/store/snapshot';
import { encodeBatch, encodeJournalStart } from '../../../src/core/store/journalFormat';
import { journalFileName, newWriterId } from '../../../src/core/store/journalFiles';
import { play, workflowText } from './fixtures/events';
import { memoryLogger, openTestStore, tempDbPath } from './fixtures/temp';

const deadEverywhere = () => false;
const journalsOf = (path: string) => (existsSync(`${path}.journals`) ? readdirSync(`${path}.journals`).filter((f) => f.endsWith('.journal')) : []);

async function recordSome(path: string, prefix: string, count: number, options: Parameters<typeof openTestStore>[1] = {}) {
  const store = await openTestStore(path, options);
  const workflow = await store.registerWorkflow({ path: 'flows/p.workflow.json', content: workflowText('Persist', 4) });
  const record = store.recorder(workflow);
  for (let i = 0; i < count; i++) play(record, { executionId: `${prefix}-${i}`, nodes: 4, logsPerNode: 2, startAt: 1_700_000_000_000 + i * 1000 });
  await store.flush();
  return { store, workflow, record };
}

describe('persistence', () => {
  it('reopens what was recorded, after a clean close', async () => {
    const path = tempDbPath();
    const { store } = await recordSome(path, 'a', 3);
    await store.close();
    const again = await openTestStore(path);
    assert.deepEqual((await again.listExecutions()).map((e) => e.id), ['a-2', 'a-1', 'a-0']);
    assert.equal((await again.getExecution('a-1')).logsTotal, 8);
    await again.close();
  });

  it('recovers from the journal alone what a process that never closed had flushed, and interrupts its unfinished run', async () => {
    const path = tempDbPath();
    const { store, record } = await recordSome(path, 'b', 2);
    // a third run starts and never finishes; the process "dies" (the store is never closed)
    record({ type: 'execution.started', executionId: 'b-open', at: 1, workflowName: 'Persist', startedAt: new Date(1_700_000_100_000).toISOString(), input: {}, trigger: { type: 'manual' } });
    record({ type: 'node.started', executionId: 'b-open', at: 2, nodeId: 'n0', nodeName: 'Node 0', nodeType: 'trigger.manual', attempt: 1, input: {} });
    await store.flush();
    const later = await openTestStore(path, { liveness: deadEverywhere });
    const executions = await later.listExecutions();
    assert.deepEqual(executions.map((e) => [e.id, e.status]), [['b-open', 'interrupted'], ['b-1', 'success'], ['b-0', 'success']]);
    assert.equal((await later.getExecution('b-open')).nodeResults[0].status, 'interrupted');
    await later.close();
  });

  it('ignores a torn last record and keeps every whole one', async () => {
    const path = tempDbPath();
    await recordSome(path, 'c', 2);
    const [journal] = journalsOf(path);
    const torn = encodeBatch(JSON.stringify([['log', 'c-0', 999, 'info', 'never whole', null, null, null, null, 1]]));
    appendFileSync(join(`${path}.journals`, journal), torn.subarray(0, torn.length - 5));
    const logger = memoryLogger();
    const later = await openTestStore(path, { liveness: deadEverywhere, logger });
    assert.equal((await later.listExecutions()).length, 2);
    assert.equal((await later.getExecution('c-0')).logsTotal, 8);
    assert.deepEqual(logger.warnings, []);
    await later.close();
  });

  it('compacts into an atomic snapshot, then deletes the folded journals after the grace period', async () => {
    const path = tempDbPath();
    const { store } = await recordSome(path, 'd', 3);
    await store.close();
    const first = journalsOf(path);
    assert.equal(first.length, 1);
    const compactor = await openTestStore(path, { tuning: { graceMs: 0, inlineCompaction: true } });
    const folded = await compactor.compact();
    assert.ok(folded && folded.folded[first[0]] > 0);
    assert.ok(existsSync(path));
    assert.deepEqual(readdirSync(dirname(path)).filter((f) => f.includes('.tmp-')), []);
    const second = await compactor.compact();
    assert.ok(second?.deleted.includes(first[0]), 'the sealed, folded journal is deleted');
    assert.ok(!journalsOf(path).includes(first[0]));
    await compactor.close();
    const again = await openTestStore(path);
    assert.equal((await again.listExecutions()).length, 3);
    assert.equal((await again.getExecution('d-2')).nodeResults.length, 4);
    await again.close();
  });

  it('compacts on a worker thread', async () => {
    const path = tempDbPath();
    const { store } = await recordSome(path, 'w', 2);
    const result = await store.compact();
    assert.ok(result && result.snapshotBytes > 0 && result.generation === 1);
    await store.close();
    const again = await openTestStore(path);
    assert.equal((await again.listExecutions()).length, 2);
    await again.close();
  });

  it('reloads from disk when a journal it had not read was folded and deleted meanwhile', async () => {
    const path = tempDbPath();
    const logger = memoryLogger();
    const reader = await openTestStore(path, { logger });
    const { store: writer } = await recordSome(path, 'e', 2);
    await writer.close();
    const written = journalsOf(path);
    assert.equal(written.length, 1);
    const compactor = await openTestStore(path, { tuning: { graceMs: 0, inlineCompaction: true } });
    await compactor.compact();
    await compactor.compact();
    await compactor.close();
    assert.ok(!journalsOf(path).includes(written[0]), 'the writer’s journal was deleted');
    // the reader never saw that journal, which is gone now: only a reload can show its runs
    assert.equal(await reader.refresh(), true);
    assert.match(logger.infos.join('\n'), /reloading the history from disk/);
    assert.deepEqual((await reader.listExecutions()).map((e) => e.id), ['e-1', 'e-0']);
    assert.deepEqual(logger.warnings, []);
    await reader.close();
  });

  it('replays a journal folded while its writer was still writing only past the folded part', async () => {
    const path = tempDbPath();
    const { store: writer, record, workflow } = await recordSome(path, 'f', 2);
    const compactor = await openTestStore(path, { tuning: { inlineCompaction: true } });
    const result = await compactor.compact();
    assert.equal(Object.keys(result?.folded ?? {}).length, 1, 'the live writer’s journal was folded as far as it went');
    await compactor.close();
    play(record, { executionId: 'f-2', nodes: 4, logsPerNode: 2, startAt: 1_700_000_010_000 });
    await writer.flush();
    const reader = await openTestStore(path);
    assert.deepEqual((await reader.listExecutions()).map((e) => e.id), ['f-2', 'f-1', 'f-0']);
    // statistics are increments: replaying the folded part again would count it twice
    const stats = await reader.nodeTypeStats(workflow.workflowId);
    assert.equal(stats.reduce((sum, s) => sum + s.executions, 0), 3 * 4);
    assert.equal((await reader.getWorkflow(workflow.workflowId))?.executionCount, 3);
    await reader.close();
    await writer.close();
  });

  it('lets two stores of one process record and read each other', async () => {
    const path = tempDbPath();
    const a = await openTestStore(path);
    const b = await openTestStore(path);
    const wa = await a.registerWorkflow({ path: 'flows/shared.workflow.json', content: workflowText('Shared', 3) });
    await a.flush();
    await b.refresh();
    const wb = await b.registerWorkflow({ path: 'flows/shared.workflow.json', content: workflowText('Shared', 3) });
    assert.equal(wb.versionId, wa.versionId, 'same content, same version');
    const ra = a.recorder(wa);
    const rb = b.recorder(wb);
    for (let i = 0; i < 5; i++) {
      play(ra, { executionId: `a-${i}`, nodes: 3, logsPerNode: 1, startAt: 1_700_000_000_000 + i * 10 });
      play(rb, { executionId: `b-${i}`, nodes: 3, logsPerNode: 1, startAt: 1_700_000_000_005 + i * 10 });
    }
    await Promise.all([a.flush(), b.flush()]);
    await a.refresh();
    await b.refresh();
    for (const store of [a, b]) {
      assert.equal((await store.listExecutions({ limit: 100 })).length, 10);
      const stats = await store.nodeTypeStats(wa.workflowId);
      assert.equal(stats.reduce((sum, s) => sum + s.executions, 0), 30);
      assert.equal((await store.getWorkflow(wa.workflowId))?.executionCount, 10);
    }
    await a.close();
    await b.close();
  });
});

describe('unusable database files', () => {
  it('moves a corrupt database aside with a clear message and starts afresh', async () => {
    const path = tempDbPath();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'this is not a database at all '.repeat(200));
    const logger = memoryLogger();
    const store = await openTestStore(path, { logger });
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /could not be read .* moved to .*history\.sqlite\.corrupt-/);
    const aside = readdirSync(dirname(path)).filter((f) => f.startsWith('history.sqlite.corrupt-'));
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(join(dirname(path), aside[0]), 'utf8').slice(0, 12), 'this is not ');
    await store.registerWorkflow({ path: 'flows/x.workflow.json', content: workflowText('X', 2) });
    await store.compact();
    await store.close();
    const again = await openTestStore(path);
    assert.equal((await again.listWorkflows()).length, 1);
    await again.close();
  });

  it('moves an unreadable database path aside too', async () => {
    const path = tempDbPath();
    mkdirSync(path, { recursive: true }); // a directory where the file should be
    const logger = memoryLogger();
    const store = await openTestStore(path, { logger });
    assert.match(logger.warnings.join('\n'), /could not be read \(EISDIR/);
    await store.registerWorkflow({ path: 'flows/x.workflow.json', content: workflowText('X', 2) });
    await store.compact();
    await store.close();
    assert.ok(readFileSync(path).length > 0);
  });

  it('moves a truncated snapshot aside too', async () => {
    const path = tempDbPath();
    const { store } = await recordSome(path, 't', 2);
    await store.compact();
    await store.close();
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const logger = memoryLogger();
    const again = await openTestStore(path, { logger });
    assert.match(logger.warnings.join('\n'), /truncated or damaged/);
    await again.close();
  });

  it('refuses a database from a newer version with a clear error and leaves it untouched', async () => {
    const path = tempDbPath();
    const { store } = await recordSome(path, 'n', 1);
    await store.compact();
    await store.close();
    const bytes = readFileSync(path);
    bytes.writeUInt32BE(99, 60); // PRAGMA user_version, as a newer release would leave it
    writeFileSync(path, bytes);
    const before = readdirSync(dirname(path)).sort();
    await assert.rejects(openTestStore(path), (error: unknown) => {
      assert.ok(error instanceof StoreVersionError);
      assert.match(error.message, /newer version of Workflow Studio \(schema 99; this version knows up to \d+\)/);
      return true;
    });
    assert.deepEqual(readFileSync(path), bytes);
    assert.deepEqual(readdirSync(dirname(path)).sort(), before);
  });

  it('refuses a journal written by a newer schema', async () => {
    const path = tempDbPath();
    mkdirSync(`${path}.journals`, { recursive: true });
    const writer = newWriterId(999_999);
    writeFileSync(join(`${path}.journals`, journalFileName(writer, 1)), encodeJournalStart({ format: 1, schema: 42, writer, generation: 1, createdAt: 0 }));
    await assert.rejects(openTestStore(path), (error: unknown) => isStoreError(error, 'NEWER_VERSION'));
  });

  it('refuses the SQLite database of another application', async () => {
    const path = tempDbPath();
    const SQL = await loadSqlJs();
    const other = new SQL.Database();
    other.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, other.export());
    other.close();
    await assert.rejects(openTestStore(path), (error: unknown) => isStoreError(error, 'FOREIGN_DATABASE'));
    assert.ok(existsSync(path));
  });

  it('upgrades a database written at an older schema', async () => {
    const path = tempDbPath();
    const SQL = await loadSqlJs();
    const migrations = loadMigrations();
    assert.ok(migrations.length >= 2);
    const old = openDatabase(SQL, undefined, path, migrations.slice(0, 1));
    old.run("INSERT INTO workflows (id, path, name, tags, node_names, created_at, updated_at) VALUES ('wf_old', 'old.workflow.json', 'Legacy importer', '[\"etl\"]', 'Read CSV', 1, 1)");
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, old.export());
    old.close();
    const store = await openTestStore(path, { tuning: { inlineCompaction: true } });
    assert.deepEqual((await store.searchWorkflows({ text: 'legacy' })).map((w) => w.id), ['wf_old']);
    assert.deepEqual((await store.searchWorkflows({ text: 'csv' })).map((w) => w.id), ['wf_old']);
    await store.registerWorkflow({ path: 'n.workflow.json', content: workflowText('New', 1) });
    await store.compact();
    await store.close();
    assert.equal(readFileSync(path).readUInt32BE(60), migrations.length, 'the snapshot on disk is upgraded');
  });
});
