/**
 * Builds the in-memory database from disk: the snapshot, then every journal from the offset
 * the snapshot says it already holds. Used when the store opens and when it must reload.
 *
 * The snapshot and the journals are read without a lock. A compaction that replaces the
 * snapshot meanwhile may delete journals only after the replacement, so comparing the
 * snapshot's identity before and after the read tells whether the pair was consistent; if
 * not, the load starts over (and, after a few tries, takes the lock).
 */
import { stat } from 'node:fs/promises';
import { StoreError } from './errors';
import { journalDirectoryOf, lockPathOf, type WriterLiveness } from './journalFiles';
import { listJournals, newestMtimeByWriter, readJournal, type JournalEntry } from './journalReader';
import { acquireLock } from './lock';
import type { StoreLogger } from './logger';
import { latestSchemaVersion } from './migrations';
import { applyOps } from './ops';
import { CorruptDatabaseError, moveAside, openDatabase, readSnapshot, snapshotIdentity, type SnapshotFile } from './snapshot';
import type { SqlDatabase } from './sqlDatabase';
import type { SqlJsStatic } from './sqljs';
import type { PersistenceTuning } from './tuning';

/** How far this process has read one journal file. */
export interface JournalCursor {
  writer: string;
  offset: number;
  /** Sealed, or its writer was gone when read to the end: nothing more will come. */
  complete: boolean;
}

export interface LoadedState {
  db: SqlDatabase;
  cursors: Map<string, JournalCursor>;
  generation: number;
  identity: string | undefined;
  snapshotBytes: number;
  /** Journal bytes not yet in the snapshot (compaction trigger). */
  unfoldedBytes: number;
  journalFiles: number;
  leases: Map<string, number>;
}

export interface LoadContext {
  SQL: SqlJsStatic;
  dbPath: string;
  logger: StoreLogger;
  tuning: PersistenceTuning;
  liveness: (leases: ReadonlyMap<string, number>) => WriterLiveness;
}

/** Lets the event loop run between slices of replay, so a long replay never stalls it for long. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Applies JSON batches, yielding whenever a slice has taken more than `sliceMs`. */
export async function applyBatches(db: SqlDatabase, batches: readonly string[], source: string, logger: StoreLogger, sliceMs = 12): Promise<void> {
  let sliceStart = performance.now();
  for (const json of batches) {
    let ops: unknown;
    try {
      ops = JSON.parse(json);
    } catch {
      logger.warn(`${source}: a journal record is not valid JSON; skipped`);
      continue;
    }
    if (!Array.isArray(ops)) continue;
    applyOps(db, ops, (_op, reason) => logger.warn(`${source}: an operation was skipped (${reason})`));
    if (performance.now() - sliceStart > sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
}

async function currentSize(journal: JournalEntry): Promise<number> {
  return (await stat(journal.path).catch(() => undefined))?.size ?? journal.size;
}

interface JournalRow {
  name: string;
  folded_bytes: number;
  complete: number;
}

/** Moves the unusable database file aside (with a message); throws IO when even that fails. */
async function setAside(ctx: LoadContext, reason: string): Promise<void> {
  let aside: string;
  try {
    aside = await moveAside(ctx.dbPath);
  } catch (error) {
    throw new StoreError('IO', `the history database ${ctx.dbPath} cannot be read (${reason}) nor moved aside: ${(error as Error).message}`);
  }
  ctx.logger.warn(`the history database ${ctx.dbPath} could not be read (${reason}); it was moved to ${aside} and a new one was started`);
}

async function openSnapshotOrFresh(ctx: LoadContext): Promise<{ db: SqlDatabase; snapshot: SnapshotFile | undefined }> {
  let snapshot: SnapshotFile | undefined;
  try {
    snapshot = await readSnapshot(ctx.dbPath);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    // unreadable (a directory in its place, permissions…): the same treatment as a damaged file
    await setAside(ctx, (error as Error).message);
    return { db: openDatabase(ctx.SQL, undefined, ctx.dbPath), snapshot: undefined };
  }
  try {
    return { db: openDatabase(ctx.SQL, snapshot?.bytes, ctx.dbPath), snapshot };
  } catch (error) {
    if (!(error instanceof CorruptDatabaseError) || !snapshot) throw error;
    // only the file we judged: a good snapshot renamed in meanwhile must not be moved
    if ((await snapshotIdentity(ctx.dbPath)) !== snapshot.identity) return openSnapshotOrFresh(ctx);
    await setAside(ctx, error.reason);
    return { db: openDatabase(ctx.SQL, undefined, ctx.dbPath), snapshot: undefined };
  }
}

async function loadOnce(ctx: LoadContext): Promise<LoadedState | undefined> {
  const { db, snapshot } = await openSnapshotOrFresh(ctx);
  let handedOver = false;
  try {
    const known = latestSchemaVersion();
    const rows = new Map(db.all<JournalRow>('SELECT name, folded_bytes, complete FROM store_journals').map((row) => [row.name, row]));
    const generation = Number(db.value("SELECT value FROM store_meta WHERE key = 'generation'") ?? 0);
    const journals = await listJournals(journalDirectoryOf(ctx.dbPath));
    const leases = newestMtimeByWriter(journals);
    const alive = ctx.liveness(leases);
    const cursors = new Map<string, JournalCursor>();
    let unfoldedBytes = 0;
    for (const journal of journals) {
      const row = rows.get(journal.file);
      if (row?.complete) {
        cursors.set(journal.file, { writer: journal.writer, offset: row.folded_bytes, complete: true });
        continue;
      }
      const from = row?.folded_bytes ?? 0;
      // liveness before reading: a writer found gone has written its last byte
      const gone = !alive(journal.writer, leases.get(journal.writer));
      const size = gone ? await currentSize(journal) : journal.size;
      const delta = await readJournal(journal.path, from, size, known);
      if (!delta) return undefined; // deleted under us: a compaction ran, start over
      await applyBatches(db, delta.batches, journal.file, ctx.logger);
      if (delta.stop && delta.stop !== 'incomplete' && !gone) {
        ctx.logger.warn(`journal ${journal.file} is damaged at byte ${delta.end} (${delta.stop}); the records after it are ignored`);
      }
      unfoldedBytes += delta.end - from;
      cursors.set(journal.file, { writer: journal.writer, offset: delta.end, complete: delta.sealed || gone });
    }
    if ((await snapshotIdentity(ctx.dbPath)) !== snapshot?.identity) return undefined;
    handedOver = true;
    return { db, cursors, generation, identity: snapshot?.identity, snapshotBytes: snapshot?.bytes.length ?? 0, unfoldedBytes, journalFiles: journals.length, leases };
  } finally {
    if (!handedOver) db.close();
  }
}

/** Loads the store's state from disk. Throws StoreVersionError / StoreError for unusable files. */
export async function loadFromDisk(ctx: LoadContext): Promise<LoadedState> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const state = await loadOnce(ctx);
    if (state) return state;
  }
  // compactions keep replacing the snapshot under us: hold them off for one read
  const lock = await acquireLock(lockPathOf(ctx.dbPath), { timeoutMs: ctx.tuning.lockStaleMs, staleMs: ctx.tuning.lockStaleMs });
  try {
    const state = await loadOnce(ctx);
    if (!state) throw new Error(`the history database ${ctx.dbPath} changed during a locked read`);
    return state;
  } finally {
    await lock?.release();
  }
}
