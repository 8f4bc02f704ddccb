/**
 * Compaction: the database file plus every journal on disk → a new database file. A pure
 * function of what is on disk, so it runs anywhere (the snapshot worker thread, or inline) and
 * a crash at any point leaves the old snapshot and the journals, which still say everything.
 *
 * The caller holds the lock. Journals are folded up to their last whole record; a journal is
 * deleted only once it is complete (sealed by its writer, or its writer is dead), wholly folded
 * into a snapshot already on disk, and older than a grace period that lets readers finish it.
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { applyOps } from './ops';
import { appendDeletionLog, type DeletedJournal } from './deletionLog';
import { defaultLiveness, journalDirectoryOf } from './journalFiles';
import { listJournals, newestMtimeByWriter, readJournal } from './journalReader';
import { latestSchemaVersion, loadMigrations } from './migrations';
import { applyPragmas, openDatabase, readSnapshot, snapshotIdentity, writeSnapshotAtomic } from './snapshot';
import type { SqlDatabase } from './sqlDatabase';
import { loadSqlJs } from './sqljs';

/** What the snapshot writer needs; plain data so it crosses a worker boundary. */
export interface CompactionRequest {
  dbPath: string;
  /** A journal complete and folded this long ago may be deleted. */
  graceMs: number;
  /** Writer lease, for deciding that a writer is gone. */
  leaseMs: number;
  /** Tombstones of deleted executions older than this are dropped. */
  tombstoneTtlMs: number;
  /** Run VACUUM when free pages exceed this share of the file. */
  vacuumFreeRatio: number;
  /** Where schema/migrations is, when not found from the module's location. */
  migrationsDirectory?: string;
}

export interface CompactionResult {
  generation: number;
  snapshotBytes: number;
  /** Journal files folded, with the offset folded to. */
  folded: Record<string, number>;
  deleted: string[];
  vacuumed: boolean;
  durationMs: number;
  /** Operations that could not be applied, and damaged journals. */
  problems: string[];
}

interface JournalRow {
  name: string;
  folded_bytes: number;
  complete: number;
}

/**
 * The database a compaction wrote, kept open for the next compaction of the same file (the
 * snapshot worker keeps one). It is used only while the file on disk is still the one it wrote,
 * by identity (inode, size, nanosecond mtime): a snapshot written by any other process or
 * thread, or none, means loading from disk again. Any failure drops it.
 */
export class CompactionCache {
  private kept: { dbPath: string; migrationsDirectory: string | undefined; identity: string; db: SqlDatabase } | undefined;

  /** The kept database if it is still what `request.dbPath` holds on disk; the caller owns it. */
  async take(request: CompactionRequest): Promise<SqlDatabase | undefined> {
    const kept = this.kept;
    this.kept = undefined;
    if (!kept) return undefined;
    if (kept.dbPath === request.dbPath && kept.migrationsDirectory === request.migrationsDirectory) {
      const identity = await snapshotIdentity(request.dbPath).catch(() => undefined);
      if (identity === kept.identity) return kept.db;
    }
    kept.db.close();
    return undefined;
  }

  put(request: CompactionRequest, identity: string, db: SqlDatabase): void {
    this.clear();
    this.kept = { dbPath: request.dbPath, migrationsDirectory: request.migrationsDirectory, identity, db };
  }

  clear(): void {
    this.kept?.db.close();
    this.kept = undefined;
  }
}

export async function compact(request: CompactionRequest, cache?: CompactionCache): Promise<CompactionResult> {
  const started = Date.now();
  const problems: string[] = [];
  const SQL = await loadSqlJs();
  const migrations = loadMigrations(request.migrationsDirectory);
  const known = latestSchemaVersion(migrations);
  let db = await cache?.take(request);
  if (!db) {
    const snapshot = await readSnapshot(request.dbPath);
    db = openDatabase(SQL, snapshot?.bytes, request.dbPath, migrations);
  }
  let keep = false;
  try {
    const previous = new Map(db.all<JournalRow>('SELECT name, folded_bytes, complete FROM store_journals').map((row) => [row.name, row]));
    const generation = Number(db.value("SELECT value FROM store_meta WHERE key = 'generation'") ?? 0) + 1;
    const directory = journalDirectoryOf(request.dbPath);
    const journals = await listJournals(directory);
    const leases = newestMtimeByWriter(journals);
    const alive = defaultLiveness(request.leaseMs);
    const folded: Record<string, number> = {};
    const deletable: { file: string; path: string; bytes: number }[] = [];
    const onDisk = new Set<string>();
    for (const journal of journals) {
      onDisk.add(journal.file);
      const before = previous.get(journal.file);
      if (before?.complete) {
        if (Date.now() - journal.mtimeMs > request.graceMs) deletable.push({ file: journal.file, path: journal.path, bytes: before.folded_bytes });
        continue;
      }
      const from = before?.folded_bytes ?? 0;
      // Liveness before reading: a writer found dead has written its last byte, so reading to
      // the current end of its file gets everything it will ever write.
      const writerGone = !alive(journal.writer, leases.get(journal.writer));
      const size = writerGone ? await currentSize(journal.path, journal.size) : journal.size;
      const delta = await readJournal(journal.path, from, size, known);
      if (!delta) continue;
      // One transaction for the whole delta (each batch's own joins it): every page it touches
      // is written back to sql.js's in-memory file once, not once per batch. Nothing here is
      // visible until the snapshot is written, and applyOps reports a failing operation instead
      // of throwing, so this folds exactly what a transaction per batch folded.
      db.transaction(() => {
        for (const json of delta.batches) {
          applyOps(db, JSON.parse(json) as unknown[], (_op, reason) => problems.push(`${journal.file}: ${reason}`));
        }
      });
      // A dead writer's unreadable tail is a torn last write: nothing more will ever come.
      const complete = delta.sealed || writerGone;
      if (delta.stop && delta.stop !== 'incomplete' && !writerGone) problems.push(`${journal.file}: damaged record at byte ${delta.end} (${delta.stop})`);
      folded[journal.file] = delta.end;
      db.run(
        'INSERT INTO store_journals (name, folded_bytes, complete) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO UPDATE SET folded_bytes = ?2, complete = ?3',
        [journal.file, delta.end, complete ? 1 : 0],
      );
    }
    for (const name of previous.keys()) if (!onDisk.has(name)) db.run('DELETE FROM store_journals WHERE name = ?', [name]);
    dropTombstoned(db, Date.now() - request.tombstoneTtlMs);
    // a webhook signature past its tolerance window can never be replayed: nothing to remember
    db.run('DELETE FROM webhook_signatures WHERE expires_at < ?', [Date.now()]);
    db.run("INSERT INTO store_meta (key, value) VALUES ('generation', ?1) ON CONFLICT (key) DO UPDATE SET value = ?1", [String(generation)]);
    const vacuumed = vacuumIfSparse(db, request.vacuumFreeRatio);
    const bytes = db.export();
    applyPragmas(db);
    const identity = await writeSnapshotAtomic(request.dbPath, bytes);
    // from here the database is exactly the file on disk, whatever happens to the journals
    if (cache) {
      cache.put(request, identity, db);
      keep = true;
    }
    const deleted = await deleteJournals(directory, deletable, generation);
    await removeDebris(request.dbPath);
    return { generation, snapshotBytes: bytes.length, folded, deleted, vacuumed, durationMs: Date.now() - started, problems };
  } finally {
    if (!keep) db.close();
  }
}

async function currentSize(path: string, fallback: number): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? fallback;
}

/** Rows left by executions deleted in another journal, and tombstones nobody can need any more. */
function dropTombstoned(db: ReturnType<typeof openDatabase>, expiredBefore: number): void {
  db.transaction(() => {
    db.run('DELETE FROM logs WHERE execution_id IN (SELECT id FROM execution_tombstones)');
    db.run('DELETE FROM node_results WHERE execution_id IN (SELECT id FROM execution_tombstones)');
    db.run('DELETE FROM executions WHERE id IN (SELECT id FROM execution_tombstones)');
    db.run('DELETE FROM execution_tombstones WHERE deleted_at < ?', [expiredBefore]);
  });
}

function vacuumIfSparse(db: ReturnType<typeof openDatabase>, ratio: number): boolean {
  const pages = Number(db.value('PRAGMA page_count') ?? 0);
  const free = Number(db.value('PRAGMA freelist_count') ?? 0);
  if (pages < 256 || free / pages < ratio) return false;
  db.exec('VACUUM');
  return true;
}

async function deleteJournals(directory: string, deletable: { file: string; path: string; bytes: number }[], generation: number): Promise<string[]> {
  if (deletable.length === 0) return [];
  const now = Date.now();
  const entries: Record<string, DeletedJournal> = {};
  for (const journal of deletable) entries[journal.file] = { bytes: journal.bytes, generation, at: now };
  // the log first: a reader must be able to tell what it missed before anything disappears
  await appendDeletionLog(directory, entries, now);
  const deleted: string[] = [];
  for (const journal of deletable) {
    try {
      await unlink(journal.path);
      deleted.push(journal.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return deleted;
}

/** Temp files of snapshot and deletion-log writes that crashed; only the lock holder may remove them. */
async function removeDebris(dbPath: string): Promise<void> {
  const places = [
    { directory: dirname(dbPath), prefix: `${basename(dbPath)}.tmp-` },
    { directory: journalDirectoryOf(dbPath), prefix: 'deleted.json.tmp-' },
  ];
  for (const { directory, prefix } of places) {
    for (const file of await readdir(directory).catch(() => [] as string[])) {
      if (!file.startsWith(prefix)) continue;
      const path = join(directory, file);
      const s = await stat(path).catch(() => undefined);
      if (s && Date.now() - s.mtimeMs > 60_000) await unlink(path).catch(() => undefined);
    }
  }
}
