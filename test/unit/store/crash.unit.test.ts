/**
 * Durability under SIGKILL: a child records executions in a loop and is killed at random
 * moments, 30 times, into the same store. After each kill the store must open, hold every
 * execution the child acknowledged (complete: node results and logs), and leave none running.
 * Then: two children recording at once lose nothing and apply nothing twice.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openStore, silentLogger, type WorkflowStore } from '../../../src/core/store';
import { bundleRecordLoop, killAllChildren, startRecording } from './fixtures/childProcess';
import { CHURN_TUNING, NO_PRUNING, RUN_SHAPE } from './fixtures/churn';

/** Node results of one RUN_SHAPE run: every node once, the retried node twice. */
const NODE_RESULTS_PER_RUN = RUN_SHAPE.nodes + 1;
const LOGS_PER_RUN = NODE_RESULTS_PER_RUN * RUN_SHAPE.logsPerNode;

let script: string;
const dirs: string[] = [];

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wfs-crash-'));
  dirs.push(dir);
  return join(dir, '.workflow-studio', 'history.sqlite');
}

function open(path: string): Promise<WorkflowStore> {
  return openStore({ path, tuning: CHURN_TUNING, retention: NO_PRUNING, logger: silentLogger });
}

async function assertComplete(store: WorkflowStore, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const execution = await store.getExecution(id);
    assert.equal(execution.status, 'success', `${id} status`);
    assert.equal(execution.nodeResults.length, NODE_RESULTS_PER_RUN, `${id} node results`);
    assert.ok(execution.nodeResults.every((n) => n.status === 'success' || (n.status === 'failed' && n.willRetry)), `${id} node statuses`);
    assert.equal(execution.logsTotal, LOGS_PER_RUN, `${id} logs`);
  }
}

/** Statistics are increments: equal to the node results on record only if no journal record was applied twice or lost. */
async function assertStatsMatchResults(store: WorkflowStore): Promise<number> {
  const executions = (await store.listExecutions({ limit: 1_000_000 })).filter((e) => e.status === 'success');
  let attempts = 0;
  for (const execution of executions) attempts += (await store.getExecution(execution.id)).nodeResults.filter((n) => n.attempt > 0).length;
  const [workflow] = await store.listWorkflows();
  const stats = await store.nodeTypeStats(workflow.id);
  assert.equal(stats.reduce((sum, s) => sum + s.executions, 0), attempts, 'node type statistics = recorded attempts');
  assert.equal(workflow.executionCount, executions.length, 'execution count = finished executions');
  return executions.length;
}

before(async () => {
  script = await bundleRecordLoop();
  dirs.push(dirname(dirname(script)));
});

after(() => {
  killAllChildren();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('a writer killed with SIGKILL', () => {
  it('loses no acknowledged execution and leaves none running, 30 times over', async () => {
    const path = tempDb();
    const acked: string[] = [];
    let sawAcksBeforeKill = 0;
    for (let round = 0; round < 30; round++) {
      const child = startRecording(script, [path, `r${String(round).padStart(2, '0')}`, 'forever']);
      // every fourth round dies while opening (replaying journals, compacting); the others while recording
      if (round % 4 === 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 250));
      else {
        // Counted in acknowledged runs rather than milliseconds, so that a slow or loaded machine
        // still kills mid-stream; the extra random delay lands the kill anywhere inside a run.
        await Promise.race([child.waitFor('ready'), child.exited]);
        await Promise.race([child.waitForAcks(3 + Math.floor(Math.random() * 8)), child.exited]);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 60));
      }
      child.process.kill('SIGKILL');
      const code = await child.exited;
      assert.equal(code, null, `round ${round}: the child ended by itself: ${child.stderr}`);
      if (child.acked.length > 0) sawAcksBeforeKill++;
      acked.push(...child.acked);

      const store = await open(path);
      try {
        await assertComplete(store, child.acked);
        const all = await store.listExecutions({ limit: 1_000_000 });
        const ids = new Set(all.map((e) => e.id));
        for (const id of acked) assert.ok(ids.has(id), `round ${round}: acknowledged ${id} is missing`);
        const unfinished = all.filter((e) => e.status === 'running' || e.status === 'queued');
        assert.deepEqual(unfinished.map((e) => e.id), [], `round ${round}: runs left running`);
      } finally {
        await store.close();
      }
    }
    assert.ok(sawAcksBeforeKill >= 10, `only ${sawAcksBeforeKill} rounds acknowledged something before the kill`);
    assert.ok(acked.length >= 100, `only ${acked.length} executions acknowledged in all rounds`);
    const store = await open(path);
    try {
      await assertComplete(store, acked);
      await assertStatsMatchResults(store);
      // the kills did land in the middle of runs (else "none left running" would prove nothing)
      const interrupted = await store.listExecutions({ status: 'interrupted', limit: 1_000 });
      assert.ok(interrupted.length >= 5, `only ${interrupted.length} runs were cut by a kill`);
    } finally {
      await store.close();
    }
  });
});

describe('two processes recording into one store at once', () => {
  it('keeps every execution of both, and applies no journal record twice', async () => {
    const path = tempDb();
    const first = startRecording(script, [path, 'a', '60']);
    const second = startRecording(script, [path, 'b', '60']);
    assert.deepEqual(await Promise.all([first.exited, second.exited]), [0, 0], first.stderr + second.stderr);
    assert.equal(first.acked.length + second.acked.length, 120);
    const store = await open(path);
    try {
      await assertComplete(store, [...first.acked, ...second.acked]);
      assert.equal(await assertStatsMatchResults(store), 120);
    } finally {
      await store.close();
    }
  });

  it('lets a reader pick up a live writer’s runs with refresh, and marks its runs interrupted once it is killed', async () => {
    const path = tempDb();
    const reader = await open(path);
    const writer = startRecording(script, [path, 'live', '5', 'hang']);
    try {
      await Promise.race([writer.waitFor('waiting'), writer.exited]);
      assert.equal(writer.acked.length, 5, writer.stderr);
      await reader.refresh();
      const seen = await reader.listExecutions();
      assert.deepEqual(seen.map((e) => e.id).sort(), [...writer.acked, 'live-open'].sort());
      await assertComplete(reader, writer.acked);
      // its writer is alive: the open run stays running for everyone else
      assert.equal((await reader.getExecution('live-open')).status, 'running');
      writer.process.kill('SIGKILL');
      await writer.exited;
      await reader.refresh();
      const abandoned = await reader.getExecution('live-open');
      assert.equal(abandoned.status, 'interrupted');
      assert.ok(abandoned.nodeResults.some((n) => n.status === 'interrupted'), 'the node in progress is marked interrupted');
      assert.equal((await reader.listExecutions()).length, 6);
    } finally {
      writer.process.kill('SIGKILL');
      await reader.close();
    }
  });
});

describe('the database file under SIGKILL', () => {
  it('is always the old snapshot or the new one, never a mix, whenever the writer dies', async () => {
    const path = join(dirname(dirname(tempDb())), 'snapshot.bin');
    const size = 24 * 1024 * 1024;
    const writer = join(dirname(script), 'snapshotWriter.js');
    let replaced = 0;
    for (let round = 0; round < 8; round++) {
      if (!existsSync(path)) writeFileSync(path, Buffer.alloc(size, 250));
      const child = startRecording(writer, [path, String(size)]);
      // half the rounds let one generation land first (a loaded machine may need seconds to
      // start the child); then the kill comes at a random point of the next writes
      if (round % 2 === 0) await Promise.race([child.waitFor('wrote 1'), child.exited]);
      await new Promise((resolve) => setTimeout(resolve, 80 + Math.random() * 400));
      child.process.kill('SIGKILL');
      assert.equal(await child.exited, null, child.stderr);
      const bytes = readFileSync(path);
      assert.equal(bytes.length, size, `round ${round}: the file has ${bytes.length} bytes`);
      const first = bytes[0];
      assert.ok(bytes.every((b) => b === first), `round ${round}: the file mixes two snapshots`);
      if (first !== 250) replaced++;
    }
    assert.ok(replaced > 0, 'no round replaced the file at all');
  });
});
