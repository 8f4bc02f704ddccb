/**
 * Durability of the in-memory sql.js database, for one process.
 *
 * - Every committed batch is applied to memory and appended to this process's own journal;
 *   commit points (a finished execution) are fsynced. What was acknowledged survives SIGKILL.
 * - Other processes' journals are read incrementally (`refresh`), so the CLI and VS Code can
 *   record into the same store at once; journals are merged, never shared.
 * - Snapshots are written by `compaction.ts` on a worker thread from what is on disk, under a
 *   lock, atomically; this thread never calls sql.js `export()`.
 * - If another process deleted a journal this one had not finished reading (rare), memory is
 *   rebuilt from disk (`reload`).
 */
import { stat } from 'node:fs/promises';
import { compactionRequestFor, scheduleCheck } from './persistenceSupport';
import { readDeletionLog } from './deletionLog';
import { StoreError } from './errors';
import { encodeBatch } from './journalFormat';
import { defaultLiveness, journalDirectoryOf, lockPathOf, newWriterId, type WriterLiveness } from './journalFiles';
import { listJournals, newestMtimeByWriter, readJournal } from './journalReader';
import { JournalWriter } from './journalWriter';
import { applyBatches, loadFromDisk, type JournalCursor, type LoadContext, type LoadedState } from './loader';
import { acquireLock } from './lock';
import { ensureDatabaseDirectory } from './location';
import type { StoreLogger } from './logger';
import { latestSchemaVersion } from './migrations';
import { applyOps, type Op } from './ops';
import { snapshotIdentity } from './snapshot';
import type { SqlDatabase } from './sqlDatabase';
import { loadSqlJs } from './sqljs';
import { createSnapshotWorker, runCompaction, type SnapshotWorker } from './compactor';
import type { CompactionResult } from './compaction';
import type { PersistenceTuning } from './tuning';

export interface PersistenceOptions {
  dbPath: string;
  logger: StoreLogger;
  tuning: PersistenceTuning;
  /** Replaces the pid/lease test of whether another writer is alive (tests). */
  liveness?: WriterLiveness;
}

export class Persistence {
  /** The working copy; replaced (never mutated in place) by a reload. */
  db: SqlDatabase;
  /** Id of this process's journal writer; stored as the owner of the runs it records. */
  readonly writerId = newWriterId();
  private cursors: Map<string, JournalCursor>;
  private retired = new Map<string, JournalCursor>();
  private generation: number;
  private seenIdentity: string | undefined;
  private snapshotBytes: number;
  private unfoldedBytes: number;
  private journalFiles: number;
  /** Journal files left after the last compaction (folded ones wait out the grace period). */
  private journalFilesBaseline = 0;
  private leases: Map<string, number>;
  private readonly writer: JournalWriter;
  private refreshing: Promise<boolean> | undefined;
  private reloading: Promise<void> | undefined;
  private compacting: Promise<CompactionResult | undefined> | undefined;
  private held: { ops: Op[]; durable: boolean }[] = [];
  private closed = false;
  /** Kept between compactions (created on first use); terminated by close(). */
  private snapshotWorker: SnapshotWorker | undefined;

  private constructor(
    private readonly options: PersistenceOptions,
    private readonly context: LoadContext,
    state: LoadedState,
  ) {
    this.db = state.db;
    this.cursors = state.cursors;
    this.generation = state.generation;
    this.seenIdentity = state.identity;
    this.snapshotBytes = state.snapshotBytes;
    this.unfoldedBytes = state.unfoldedBytes;
    this.journalFiles = state.journalFiles;
    this.leases = state.leases;
    this.writer = new JournalWriter({
      directory: journalDirectoryOf(options.dbPath),
      writer: this.writerId,
      schemaVersion: latestSchemaVersion(),
      leaseRefreshMs: options.tuning.leaseRefreshMs,
      onError: (error) => options.logger.warn(error.message),
      prepare: () => ensureDatabaseDirectory(options.dbPath),
    });
  }

  /** Loads the store from disk (snapshot, then journals). */
  static async open(options: PersistenceOptions): Promise<Persistence> {
    const SQL = await loadSqlJs();
    const liveness = (leases: ReadonlyMap<string, number>): WriterLiveness =>
      options.liveness ?? ((writer, mtime) => defaultLiveness(options.tuning.leaseMs)(writer, mtime ?? leases.get(writer)));
    const context: LoadContext = { SQL, dbPath: options.dbPath, logger: options.logger, tuning: options.tuning, liveness };
    const state = await loadFromDisk(context);
    const persistence = new Persistence(options, context, state);
    persistence.maybeCompact();
    return persistence;
  }

  /** True when the writer behind `writer` is still running (this process's own writer always is). */
  isWriterAlive(writer: string): boolean {
    if (writer === this.writerId) return true;
    return this.context.liveness(this.leases)(writer, this.leases.get(writer));
  }

  /**
   * Applies a batch to memory and queues it for the journal, atomically: a batch is one
   * journal record and one transaction. `durable` makes it a commit point (fsync soon).
   */
  commit(ops: Op[], durable = false): void {
    if (this.closed) throw new StoreError('CLOSED', 'the history store is closed');
    if (ops.length === 0) return;
    if (this.reloading) {
      this.held.push({ ops, durable });
      return;
    }
    applyOps(this.db, ops, (_op, reason) => this.options.logger.warn(`an operation was not applied (${reason})`), true);
    const record = encodeBatch(JSON.stringify(ops));
    this.writer.append(record, durable);
    this.unfoldedBytes += record.length;
    this.maybeCompact();
  }

  /** Resolves once every committed batch is on disk (fsynced). */
  async sync(): Promise<void> {
    await this.reloading;
    await this.writer.sync();
  }

  /**
   * Reads what other processes appended to their journals since the last call, and rebuilds
   * memory from disk if a journal vanished before this process finished reading it.
   * Resolves true when anything changed.
   */
  refresh(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    this.refreshing ??= this.catchUp().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async catchUp(): Promise<boolean> {
    await this.reloading;
    const directory = journalDirectoryOf(this.options.dbPath);
    const journals = await listJournals(directory);
    this.leases = newestMtimeByWriter(journals);
    this.journalFiles = journals.length;
    const alive = this.context.liveness(this.leases);
    const known = latestSchemaVersion();
    let changed = false;
    const present = new Set<string>();
    for (const journal of journals) {
      present.add(journal.file);
      if (journal.writer === this.writerId) continue;
      const cursor = this.cursors.get(journal.file) ?? { writer: journal.writer, offset: 0, complete: false };
      this.cursors.set(journal.file, cursor);
      if (cursor.complete) continue;
      const gone = !alive(journal.writer, this.leases.get(journal.writer));
      const size = gone ? ((await stat(journal.path).catch(() => undefined))?.size ?? journal.size) : journal.size;
      if (size <= cursor.offset && !gone) continue;
      const delta = await readJournal(journal.path, cursor.offset, size, known);
      if (!delta || this.reloading || this.closed) continue;
      await applyBatches(this.db, delta.batches, journal.file, this.options.logger);
      this.unfoldedBytes += delta.end - cursor.offset;
      changed ||= delta.batches.length > 0;
      cursor.offset = delta.end;
      cursor.complete = delta.sealed || gone;
    }
    if (await this.missedDeletedJournals(present)) {
      await this.reload();
      changed = true;
    }
    this.maybeCompact();
    return changed;
  }

  /** Whether a journal deleted by a compaction held records this process never read. */
  private async missedDeletedJournals(present: ReadonlySet<string>): Promise<boolean> {
    const identity = await snapshotIdentity(this.options.dbPath);
    const vanished = [...this.cursors.keys()].filter((file) => !present.has(file));
    if (identity === this.seenIdentity && vanished.length === 0) return false;
    this.seenIdentity = identity;
    // cursors of deleted files move to `retired`, so that later checks still know how far they were read
    for (const file of vanished) {
      this.retired.set(file, this.cursors.get(file)!);
      this.cursors.delete(file);
    }
    const log = await readDeletionLog(journalDirectoryOf(this.options.dbPath));
    let missed = log !== undefined && log.prunedGeneration > this.generation;
    for (const [file, entry] of Object.entries(log?.entries ?? {})) {
      if (entry.generation <= this.generation) continue;
      const cursor = this.cursors.get(file) ?? this.retired.get(file);
      if (cursor?.writer === this.writerId || file.startsWith(`${this.writerId}_`)) continue;
      if (!cursor || cursor.offset < entry.bytes) missed = true;
    }
    for (const file of vanished) if (!this.retired.get(file)!.complete && !log?.entries[file]) missed = true;
    return missed;
  }

  /** Rebuilds memory from disk; batches committed meanwhile are held and applied after. */
  private reload(): Promise<void> {
    this.reloading ??= (async () => {
      try {
        this.options.logger.info('reloading the history from disk (a journal was folded before this process read it)');
        await this.writer.sync();
        const state = await loadFromDisk(this.context);
        const old = this.db;
        this.db = state.db;
        this.cursors = state.cursors;
        this.retired.clear();
        this.generation = state.generation;
        this.seenIdentity = state.identity;
        this.snapshotBytes = state.snapshotBytes;
        this.unfoldedBytes = state.unfoldedBytes;
        this.leases = state.leases;
        old.close();
      } finally {
        this.reloading = undefined;
        const held = this.held;
        this.held = [];
        for (const batch of held) this.commit(batch.ops, batch.durable);
      }
    })();
    return this.reloading;
  }

  private maybeCompact(): void {
    const tuning = this.options.tuning;
    if (!tuning.autoCompact || this.compacting || this.closed) return;
    if (scheduleCheck(tuning, this.snapshotBytes, this.unfoldedBytes, this.journalFiles - this.journalFilesBaseline)) {
      this.compacting = this.runCompaction().finally(() => (this.compacting = undefined));
    }
  }

  /**
   * Writes a new snapshot holding everything committed before the call (on the worker); one
   * already running is waited for first. Resolves undefined when another process holds the
   * lock past the timeout (it is compacting: the work is done there).
   */
  async compact(): Promise<CompactionResult | undefined> {
    while (this.compacting) await this.compacting;
    this.compacting = this.runCompaction().finally(() => (this.compacting = undefined));
    return this.compacting;
  }

  private async runCompaction(): Promise<CompactionResult | undefined> {
    const { tuning, logger, dbPath } = this.options;
    try {
      // seal our journal first, so that the snapshot can hold all of it and it can be deleted
      if (this.writer.started && !this.closed) await this.writer.rotate();
      const lock = await acquireLock(lockPathOf(dbPath), { timeoutMs: tuning.lockTimeoutMs, staleMs: tuning.lockStaleMs });
      if (!lock) return undefined;
      let result: CompactionResult;
      try {
        if (!tuning.inlineCompaction && !this.closed) this.snapshotWorker ??= createSnapshotWorker();
        result = await runCompaction(compactionRequestFor(dbPath, tuning), tuning.inlineCompaction, this.snapshotWorker);
      } finally {
        await lock.release();
      }
      this.snapshotBytes = result.snapshotBytes;
      this.unfoldedBytes = this.writer.currentFileBytes;
      this.journalFiles = Math.max(0, this.journalFiles - result.deleted.length);
      this.journalFilesBaseline = this.journalFiles;
      for (const problem of result.problems.slice(0, 5)) logger.warn(problem);
      return result;
    } catch (error) {
      logger.warn(`could not write a snapshot of the history: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Seals the journal (fsync), waits for background work, releases the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.reloading;
    await this.refreshing;
    await this.compacting;
    this.closed = true;
    try {
      await this.writer.close();
    } finally {
      this.db.close();
      await this.snapshotWorker?.close();
      this.snapshotWorker = undefined;
    }
  }
}
