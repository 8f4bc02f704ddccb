/** Journal framing and writer, and the operations replayed from journals. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, crc32Portable } from '../../../src/core/store/crc32';
import { decodeJournal, encodeBatch, encodeEnd, encodeJournalStart, JOURNAL_MAGIC } from '../../../src/core/store/journalFormat';
import { JournalWriter } from '../../../src/core/store/journalWriter';
import { parseJournalName } from '../../../src/core/store/journalFiles';
import { applyOps, validateOp, type Op } from '../../../src/core/store/ops';
import { loadSqlJs } from '../../../src/core/store/sqljs';
import { openDatabase } from '../../../src/core/store/snapshot';
import type { SqlDatabase } from '../../../src/core/store/sqlDatabase';
import { tempDir } from './fixtures/temp';

const header = { format: 1, schema: 2, writer: '1_00000000_host', generation: 1, createdAt: 5 };

describe('journal format', () => {
  it('computes the standard CRC-32', () => {
    const check = Buffer.from('123456789');
    assert.equal(crc32Portable(check), 0xcbf43926);
    assert.equal(crc32(check), 0xcbf43926);
    const random = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7919) % 256));
    assert.equal(crc32Portable(random), crc32(random));
  });

  it('decodes what it encodes', () => {
    const bytes = Buffer.concat([encodeJournalStart(header), encodeBatch('[["a"]]'), encodeBatch('[]'), encodeEnd()]);
    const decoded = decodeJournal(bytes, 0);
    assert.deepEqual(decoded.records.map((r) => r.kind), ['header', 'batch', 'batch', 'end']);
    assert.deepEqual(decoded.records[0].kind === 'header' && decoded.records[0].header, header);
    assert.equal(decoded.records[1].kind === 'batch' && decoded.records[1].json, '[["a"]]');
    assert.equal(decoded.validEnd, bytes.length);
    assert.equal(decoded.stop, undefined);
    // reading on from the end of a record gives the rest
    const rest = decodeJournal(bytes.subarray(decoded.records[1].end), decoded.records[1].end);
    assert.deepEqual(rest.records.map((r) => r.kind), ['batch', 'end']);
  });

  it('never yields a partial record, whatever the length of a torn tail', () => {
    const records = [encodeBatch('[["first"]]'), encodeBatch('[["second", "ü"]]')];
    const bytes = Buffer.concat([encodeJournalStart(header), ...records]);
    const firstEnd = bytes.length - records[1].length;
    for (let cut = 0; cut <= bytes.length; cut++) {
      const decoded = decodeJournal(bytes.subarray(0, cut), 0);
      const batches = decoded.records.filter((r) => r.kind === 'batch').length;
      const expected = cut === bytes.length ? 2 : cut >= firstEnd ? 1 : 0;
      assert.equal(batches, expected, `cut at ${cut}`);
      assert.ok(decoded.validEnd <= cut);
    }
  });

  it('stops at a damaged record and at a foreign file', () => {
    const good = encodeBatch('[["ok"]]');
    const bad = Buffer.from(encodeBatch('[["bad"]]'));
    bad[bad.length - 2] ^= 0xff;
    const bytes = Buffer.concat([encodeJournalStart(header), good, bad, encodeBatch('[["after"]]')]);
    const decoded = decodeJournal(bytes, 0);
    assert.deepEqual(decoded.records.map((r) => r.kind), ['header', 'batch']);
    assert.equal(decoded.stop, 'checksum');
    assert.equal(decodeJournal(Buffer.from('NOTAJOURNAL-----'), 0).stop, 'kind');
    assert.ok(JOURNAL_MAGIC.length === 8);
  });
});

describe('journal writer', () => {
  it('appends, coalesces, fsyncs on demand, rotates and seals', async () => {
    const directory = tempDir();
    const writer = new JournalWriter({ directory, writer: '123_abcdef01_host', schemaVersion: 2, leaseRefreshMs: 60_000, onError: (e) => assert.fail(e) });
    for (let i = 0; i < 50; i++) writer.append(encodeBatch(JSON.stringify([['n', i]])), i % 10 === 9);
    await writer.sync();
    const sealed = await writer.rotate();
    writer.append(encodeBatch('[["later"]]'), true);
    await writer.close();
    const files = readdirSync(directory).sort();
    assert.deepEqual(files, ['123_abcdef01_host_000001.journal', '123_abcdef01_host_000002.journal']);
    assert.equal(sealed, files[0]);
    assert.deepEqual(parseJournalName(files[1]), { file: files[1], writer: '123_abcdef01_host', pid: 123, host: 'host', generation: 2 });
    const first = decodeJournal(readFileSync(join(directory, files[0])), 0);
    assert.deepEqual(first.records.map((r) => r.kind), ['header', ...Array(50).fill('batch'), 'end']);
    assert.deepEqual(first.records.filter((r) => r.kind === 'batch').map((r) => (r.kind === 'batch' ? JSON.parse(r.json)[0][1] : -1)), [...Array(50).keys()]);
    const second = decodeJournal(readFileSync(join(directory, files[1])), 0);
    assert.deepEqual(second.records.map((r) => r.kind), ['header', 'batch', 'end']);
    assert.throws(() => writer.append(encodeBatch('[]'), false), /closed/);
  });
});

async function freshDb(): Promise<SqlDatabase> {
  return openDatabase(await loadSqlJs(), undefined, ':memory:');
}

function dump(db: SqlDatabase): string {
  const tables = ['workflows', 'workflow_versions', 'executions', 'node_results', 'logs', 'node_type_stats', 'execution_tombstones'];
  return JSON.stringify(tables.map((t) => db.all(`SELECT * FROM ${t} ORDER BY 1, 2`)));
}

describe('operations', () => {
  // Two writers' journals: A registered and ran the workflow; B saw an older row, interrupted
  // A's run while A looked dead, and pruned an older run. Any merge order must give one result.
  const journalA: Op[] = [
    ['wf.upsert', 'wf_1', 'a.workflow.json', 'A v2', null, '["t"]', 'Node', 'v_2', 100, 300],
    ['ver.add', 'v_2', 'wf_1', 'v_1', 'h2', '{}', 'changed', null, 300],
    ['ex.start', 'x1', 'wf_1', 'v_2', 'A', null, 'running', 'cli', null, null, null, 400, 'writerA'],
    ['nr.start', 'x1', 'n0', '', 1, 0, 'Node', 'data.set', null, 401],
    ['log', 'x1', 0, 'info', 'hello', null, 'n0', 'Node', null, 402],
    ['nr.finish', 'x1', 'n0', '', 1, 1, 'Node', 'data.set', 'success', '{}', null, null, null, null, 0, null, 401, 403, 2],
    ['ex.finish', 'x1', 'success', '{}', null, null, null, null, 404, 4, 1],
    ['wf.ran', 'wf_1', 404],
    ['stats', 'wf_1', 'data.set', 1, 1, 0, 2, 2, 2, 403],
    ['ex.start', 'x0', 'wf_1', 'v_2', 'A', null, 'running', 'cli', null, null, null, 50, 'writerA'],
  ];
  const journalB: Op[] = [
    ['wf.upsert', 'wf_1', 'a.workflow.json', 'A v1', null, '[]', '', 'v_1', 100, 200],
    ['ex.interrupt', 'x1', 500, 'gone'],
    ['ex.delete', 'x0', 600],
    ['wf.ran', 'wf_1', 450],
    ['stats', 'wf_1', 'data.set', 2, 1, 1, 10, 1, 9, 450],
  ];

  it('converge whatever order the journals are merged in', async () => {
    const ab = await freshDb();
    const ba = await freshDb();
    const problems: string[] = [];
    applyOps(ab, journalA, (_op, reason) => problems.push(reason));
    applyOps(ab, journalB, (_op, reason) => problems.push(reason));
    applyOps(ba, journalB, (_op, reason) => problems.push(reason));
    applyOps(ba, journalA, (_op, reason) => problems.push(reason));
    assert.deepEqual(problems, []);
    assert.equal(dump(ab), dump(ba));
    const workflow = ab.get<{ name: string; execution_count: number; last_executed_at: number }>('SELECT name, execution_count, last_executed_at FROM workflows');
    assert.deepEqual({ ...workflow }, { name: 'A v2', execution_count: 2, last_executed_at: 450 });
    assert.equal(ab.value("SELECT status FROM executions WHERE id = 'x1'"), 'success', 'a finished run is never overwritten by an interruption');
    assert.equal(ab.value("SELECT COUNT(*) FROM executions WHERE id = 'x0'"), 0, 'a deleted run does not come back');
    assert.deepEqual({ ...ab.get('SELECT executions, successes, failures, min_duration_ms, max_duration_ms FROM node_type_stats') }, {
      executions: 3, successes: 2, failures: 1, min_duration_ms: 1, max_duration_ms: 9,
    });
    ab.close();
    ba.close();
  });

  it('skip malformed operations read from disk and apply the rest', async () => {
    const db = await freshDb();
    assert.equal(validateOp(['nope', 1]), 'unknown operation "nope"');
    assert.match(validateOp(['wf.ran', 'x']) ?? '', /takes 2 parameters, got 1/);
    assert.match(validateOp(['wf.ran', 'x', { at: 1 }]) ?? '', /parameter 2/);
    const problems: string[] = [];
    applyOps(db, [['bogus'], ['wf.upsert', 'wf_9', 'p', 'N', null, '[]', '', null, 1, 1], 'junk'], (_op, reason) => problems.push(reason));
    assert.equal(problems.length, 2);
    assert.equal(db.value('SELECT COUNT(*) FROM workflows'), 1);
    db.close();
  });
});
