/**
 * The snapshot worker kept between compactions and the database it keeps: used again only while
 * the file on disk is the one it wrote, and the result is what a compaction from disk gives.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compact, CompactionCache } from '../../../src/core/store/compaction';
import { createSnapshotWorker } from '../../../src/core/store/compactor';
import { compactionRequestFor } from '../../../src/core/store/persistenceSupport';
import { DEFAULT_TUNING } from '../../../src/core/store/tuning';
import { snapshotIdentity, writeSnapshotAtomic } from '../../../src/core/store/snapshot';
import { play, workflowText } from './fixtures/events';
import { openTestStore, tempDbPath } from './fixtures/temp';

async function record(path: string, prefix: string, count: number): Promise<void> {
  const store = await openTestStore(path, { tuning: { autoCompact: false } });
  const workflow = await store.registerWorkflow({ path: 'flows/c.workflow.json', content: workflowText('Cache', 3) });
  const recorder = store.recorder(workflow);
  for (let i = 0; i < count; i++) play(recorder, { executionId: `${prefix}-${i}`, nodes: 3, logsPerNode: 1, startAt: 1_700_000_000_000 + i * 1000 });
  await store.close();
}

async function ids(path: string): Promise<string[]> {
  const store = await openTestStore(path, { tuning: { autoCompact: false } });
  const list = (await store.listExecutions({ limit: 1000 })).map((e) => e.id).sort();
  await store.close();
  return list;
}

describe('compaction cache', () => {
  it('keeps the database it wrote and uses it only while the file is unchanged', async () => {
    const path = tempDbPath();
    const request = { ...compactionRequestFor(path, DEFAULT_TUNING), graceMs: 0 };
    const cache = new CompactionCache();
    await record(path, 'a', 3);
    const first = await compact(request, cache);
    await record(path, 'b', 2);
    const second = await compact(request, cache);
    assert.equal(second.generation, first.generation + 1);
    assert.deepEqual(await ids(path), ['a-0', 'a-1', 'a-2', 'b-0', 'b-1']);
    const kept = await cache.take(request);
    assert.ok(kept, 'the written database is kept');
    cache.put(request, (await snapshotIdentity(path))!, kept);
    // another writer replaces the file (same bytes, new file): the kept database is not used
    await writeSnapshotAtomic(path, readFileSync(path));
    assert.equal(await cache.take(request), undefined);
    await record(path, 'c', 1);
    const third = await compact(request, cache);
    assert.equal(third.generation, second.generation + 1);
    assert.deepEqual(await ids(path), ['a-0', 'a-1', 'a-2', 'b-0', 'b-1', 'c-0']);
    cache.clear();
  });

  it('runs compactions on one kept worker and stops it on close', async () => {
    const path = tempDbPath();
    const request = { ...compactionRequestFor(path, DEFAULT_TUNING), graceMs: 0 };
    const worker = createSnapshotWorker();
    assert.ok(worker, 'a worker can be started under tsx');
    await record(path, 'w', 2);
    const [one, two] = await Promise.all([worker.run(request), worker.run(request)]);
    assert.equal(two.generation, one.generation + 1, 'requests are serialised');
    await record(path, 'x', 1);
    const three = await worker.run(request);
    assert.equal(three.generation, two.generation + 1);
    await worker.close();
    await assert.rejects(worker.run(request), /closed/);
    assert.deepEqual(await ids(path), ['w-0', 'w-1', 'x-0']);
  });
});
