import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchJournals } from '../../../../src/extension/services/journalWatch';

const tick = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick(20);
  }
}

test('reports writes into the journals directory of another process', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wfs-watch-'));
  const db = join(root, '.workflow-studio', 'history.sqlite');
  mkdirSync(`${db}.journals`, { recursive: true });
  let changes = 0;
  const names = new Set<string | undefined>();
  const watch = watchJournals(db, (fileName) => {
    changes++;
    names.add(fileName);
  });
  try {
    writeFileSync(join(`${db}.journals`, '123_abc_host_000001.journal'), 'x');
    await until('a change for the new journal', () => changes > 0);
    // the writer is in the name: the history service tells another process's writes from its own
    assert.ok(names.has('123_abc_host_000001.journal'), `names seen: ${[...names].join(', ')}`);
    const before = changes;
    appendFileSync(join(`${db}.journals`, '123_abc_host_000001.journal'), 'more');
    await until('a change for the append', () => changes > before);
  } finally {
    watch.dispose();
  }
});

test('waits for a history that does not exist yet, creating nothing, and reports when it appears', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wfs-watch-'));
  const db = join(root, '.workflow-studio', 'history.sqlite');
  let changes = 0;
  const watch = watchJournals(db, () => changes++);
  try {
    await tick();
    assert.equal(changes, 0);
    mkdirSync(join(root, '.workflow-studio'));
    await tick();
    mkdirSync(`${db}.journals`);
    writeFileSync(join(`${db}.journals`, '9_x_host_000001.journal'), 'x');
    await until('a change once the journals appear', () => changes > 0);
    const before = changes;
    appendFileSync(join(`${db}.journals`, '9_x_host_000001.journal'), 'y');
    await until('later writes to be watched too', () => changes > before);
  } finally {
    watch.dispose();
  }
});

test('dispose stops the reports', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wfs-watch-'));
  const db = join(root, 'h.sqlite');
  mkdirSync(`${db}.journals`);
  let changes = 0;
  const watch = watchJournals(db, () => changes++);
  watch.dispose();
  writeFileSync(join(`${db}.journals`, 'a.journal'), 'x');
  await tick(300);
  assert.equal(changes, 0);
});
