/** File triggers on real files in a temporary workspace: kinds, directories, ignored folders, glob, debounce. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkspaceWatcher, type FileChange, type FileChangeKind } from '../../../src/core/triggers/fileWatch';
import { armFileTrigger, settledKind } from '../../../src/core/triggers/fileWatchTrigger';
import { systemClock } from '../../../src/core/triggers/clock';
import { triggerFile } from '../../../src/core/nodes/triggerFile';
import { FakeClock, memoryTriggerLogger, RecordingSlot } from './helpers';

const roots: string[] = [];
const watchers: WorkspaceWatcher[] = [];
after(() => {
  for (const watcher of watchers) watcher.close();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A temporary workspace with a few existing files. */
function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'wfs-files-'));
  roots.push(root);
  mkdirSync(join(root, 'inbox', 'old'), { recursive: true });
  mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
  mkdirSync(join(root, '.workflow-studio'), { recursive: true });
  writeFileSync(join(root, 'inbox', 'existing.csv'), 'a\n');
  writeFileSync(join(root, 'inbox', 'old', 'older.csv'), 'b\n');
  writeFileSync(join(root, 'README.md'), '# read me\n');
  return root;
}

/** Collects a watcher's changes; `next(path)` waits for the next change of a path. */
function collect(watcher: WorkspaceWatcher) {
  const changes: FileChange[] = [];
  let waiters: { path: string; kind?: FileChangeKind; resolve: (c: FileChange) => void }[] = [];
  const matches = (w: (typeof waiters)[number], change: FileChange) => w.path === change.path && (w.kind === undefined || w.kind === change.kind);
  watcher.subscribe((change) => {
    changes.push(change);
    const ready = waiters.filter((w) => matches(w, change));
    waiters = waiters.filter((w) => !matches(w, change));
    for (const w of ready) w.resolve(change);
  });
  return {
    changes,
    /** The next change of `path` (of that `kind`, when given). */
    next: (path: string, kind?: FileChangeKind, timeoutMs = 5000) =>
      new Promise<FileChange>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${kind ?? 'change'} of ${path}; saw ${JSON.stringify(changes)}`)), timeoutMs);
        waiters.push({ path, kind, resolve: (c) => (clearTimeout(timer), resolve(c)) });
      }),
  };
}

async function startWatcher(root: string): Promise<WorkspaceWatcher> {
  const watcher = new WorkspaceWatcher(root, memoryTriggerLogger());
  watchers.push(watcher);
  await watcher.ready;
  return watcher;
}

describe('workspace watcher', () => {
  it('tells created, changed and deleted apart by looking at the file', async () => {
    const root = workspace();
    const seen = collect(await startWatcher(root));
    const created = seen.next('inbox/new.csv');
    writeFileSync(join(root, 'inbox', 'new.csv'), '1\n');
    assert.deepEqual(await created, { path: 'inbox/new.csv', kind: 'created' });
    const changed = seen.next('inbox/existing.csv');
    appendFileSync(join(root, 'inbox', 'existing.csv'), 'more\n');
    assert.deepEqual(await changed, { path: 'inbox/existing.csv', kind: 'changed' });
    const deleted = seen.next('inbox/old/older.csv');
    unlinkSync(join(root, 'inbox', 'old', 'older.csv'));
    assert.deepEqual(await deleted, { path: 'inbox/old/older.csv', kind: 'deleted' });
    // an editor's atomic save (write a temp file, rename it over the original) is a change,
    // though the raw event is a "rename" (this file had no event before, so none is stale)
    const temp = seen.next('.tmp-save');
    writeFileSync(join(root, '.tmp-save'), 'saved\n');
    await temp;
    const saved = seen.next('README.md');
    renameSync(join(root, '.tmp-save'), join(root, 'README.md'));
    assert.deepEqual(await saved, { path: 'README.md', kind: 'changed' });
  });

  it('watches new directories, reports files of removed ones, and never looks into ignored folders', async () => {
    const root = workspace();
    const seen = collect(await startWatcher(root));
    const nested = seen.next('inbox/2025/01/report.csv', 'created');
    mkdirSync(join(root, 'inbox', '2025', '01'), { recursive: true });
    writeFileSync(join(root, 'inbox', '2025', '01', 'report.csv'), 'x\n');
    assert.equal((await nested).kind, 'created');
    // a file written later into the new directory is seen by its own watcher
    const later = seen.next('inbox/2025/01/later.csv', 'created');
    writeFileSync(join(root, 'inbox', '2025', '01', 'later.csv'), 'y\n');
    assert.equal((await later).kind, 'created');

    writeFileSync(join(root, 'node_modules', 'pkg', 'index.js'), '//\n');
    writeFileSync(join(root, '.workflow-studio', 'history.sqlite.journal'), 'j');
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'HEAD'), 'ref\n');

    const gone = [seen.next('inbox/2025/01/report.csv', 'deleted'), seen.next('inbox/2025/01/later.csv', 'deleted')];
    rmSync(join(root, 'inbox', '2025'), { recursive: true });
    assert.deepEqual((await Promise.all(gone)).map((c) => c.kind), ['deleted', 'deleted']);

    // a sentinel written last: once it is seen, the writes above would have been seen too
    const sentinel = seen.next('sentinel.txt');
    writeFileSync(join(root, 'sentinel.txt'), 's');
    await sentinel;
    const ignored = seen.changes.filter((c) => /node_modules|\.workflow-studio|\.git\//.test(c.path));
    assert.deepEqual(ignored, []);
    const report = seen.changes.filter((c) => c.path === 'inbox/2025/01/report.csv').map((c) => c.kind);
    assert.deepEqual([report[0], report.at(-1), report.filter((k) => k !== 'changed').length], ['created', 'deleted', 2], 'created once, deleted once');
  });
});

describe('file trigger', () => {
  it('merges a burst of changes of one file into one fire', async () => {
    const root = workspace();
    const watcher = await startWatcher(root);
    // real file events, fake time for the debounce: the test decides how much time passes
    const clock = new FakeClock(Date.now());
    const slot = new RecordingSlot(clock);
    const armed = armFileTrigger(slot, triggerFile.configSchema.parse({ glob: 'inbox/**/*.csv', debounceMs: 300 }), watcher);
    const seen = collect(watcher);

    // five appends to a known file 100 ms apart, each seen by the watcher before the next
    // (one write is one inotify event; a new file would also report the write after its creation)
    for (let i = 0; i < 5; i++) {
      const event = seen.next('inbox/existing.csv');
      appendFileSync(join(root, 'inbox', 'existing.csv'), `${i}\n`);
      await event;
      clock.advance(100);
    }
    assert.deepEqual(seen.changes.map((c) => c.kind), ['changed', 'changed', 'changed', 'changed', 'changed']);
    assert.equal(slot.runner.runs.length, 0, 'still settling: 100 ms since the last change');
    clock.advance(199);
    assert.equal(slot.runner.runs.length, 0);
    clock.advance(1);
    assert.deepEqual(slot.inputs(), [{ path: 'inbox/existing.csv', kind: 'changed' }]);
    assert.deepEqual(slot.runner.runs[0].fire.trigger.data, { path: 'inbox/existing.csv', kind: 'changed' });

    // a new file written, then deleted within the window: nothing at all
    const created = seen.next('inbox/flash.csv', 'created');
    writeFileSync(join(root, 'inbox', 'flash.csv'), 'f');
    await created;
    const deleted = seen.next('inbox/flash.csv', 'deleted');
    unlinkSync(join(root, 'inbox', 'flash.csv'));
    await deleted;
    clock.advance(1000);
    assert.equal(slot.runner.runs.length, 1);

    // a new file written twice: one run, `created`
    const fresh = seen.next('inbox/fresh.csv', 'created');
    writeFileSync(join(root, 'inbox', 'fresh.csv'), '1');
    await fresh;
    const again = seen.next('inbox/fresh.csv', 'changed');
    appendFileSync(join(root, 'inbox', 'fresh.csv'), '2');
    await again;
    clock.advance(300);
    assert.deepEqual(slot.inputs()[1], { path: 'inbox/fresh.csv', kind: 'created' });

    armed.stop();
    assert.equal(watcher.subscribers, 1, 'only the test\'s own listener is left');
  });

  it('fires only for matching paths and wanted kinds', async () => {
    const root = workspace();
    const watcher = await startWatcher(root);
    const slot = new RecordingSlot(systemClock);
    const config = triggerFile.configSchema.parse({ glob: 'inbox/**/*.csv', events: ['created', 'deleted'], debounceMs: 20 });
    armFileTrigger(slot, config, watcher);
    writeFileSync(join(root, 'inbox', 'notes.txt'), 'n'); // glob
    writeFileSync(join(root, 'top.csv'), 't'); // glob: not under inbox/
    appendFileSync(join(root, 'inbox', 'existing.csv'), 'changed\n'); // kind
    unlinkSync(join(root, 'inbox', 'old', 'older.csv'));
    await slot.runner.waitForRuns(1);
    assert.deepEqual(slot.inputs(), [{ path: 'inbox/old/older.csv', kind: 'deleted' }]);
    writeFileSync(join(root, 'inbox', 'sentinel.csv'), 's');
    await slot.runner.waitForRuns(2);
    assert.deepEqual(slot.inputs()[1], { path: 'inbox/sentinel.csv', kind: 'created' });
    assert.equal(slot.runner.runs.length, 2);
  });

  it('settles a burst by its first and last change', () => {
    assert.equal(settledKind('created', 'changed'), 'created');
    assert.equal(settledKind('created', 'deleted'), undefined);
    assert.equal(settledKind('changed', 'changed'), 'changed');
    assert.equal(settledKind('changed', 'deleted'), 'deleted');
    assert.equal(settledKind('deleted', 'created'), 'changed');
    assert.equal(settledKind('deleted', 'deleted'), 'deleted');
  });

  it('refuses globs that leave the workspace', () => {
    const problems = ['/etc/*.conf', '../other/*.csv', 'C:/data/*.csv', 'inbox\\*.csv'].map(
      (glob) => triggerFile.configSchema.safeParse({ glob }).error?.issues[0]?.message,
    );
    assert.deepEqual(problems, [
      'must be relative to the workspace root (no leading / or drive letter)',
      'must stay inside the workspace (no ".." segments)',
      'must be relative to the workspace root (no leading / or drive letter)',
      'must use / between folders',
    ]);
    assert.deepEqual(triggerFile.configSchema.parse({ glob: '**/*.json' }), { glob: '**/*.json', events: ['created', 'changed', 'deleted'], debounceMs: 200 });
  });
});
