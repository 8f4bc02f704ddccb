/**
 * Appends this process's batches to its own journal file, off the calling thread: writes and
 * fsyncs go through libuv's pool, and batches queued while one write runs are coalesced into
 * the next (group commit). `sync()` resolves once everything queued before it is on disk.
 */
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { encodeEnd, encodeJournalStart, JOURNAL_FORMAT } from './journalFormat';
import { journalFileName, journalPath } from './journalFiles';
import { StoreError } from './errors';
import { fsyncDirectory } from './fsUtil';

interface Waiter {
  target: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A request, in the write queue, to seal the current file and continue in a new one. */
interface RotateRequest {
  rotate: true;
  done: (sealed: string | undefined) => void;
}

type QueueItem = Buffer | RotateRequest;

export interface JournalWriterOptions {
  directory: string;
  writer: string;
  schemaVersion: number;
  /** How often the journal's mtime is refreshed while idle (the writer's lease). */
  leaseRefreshMs: number;
  onError: (error: Error) => void;
  /** Called before the first file is created (creates the database directory and its .gitignore). */
  prepare?: () => void;
}

export class JournalWriter {
  private handle: FileHandle | undefined;
  private generation = 0;
  private queue: QueueItem[] = [];
  private queuedBytes = 0;
  /** Bytes handed to append() since the writer started, across generations. */
  private enqueuedTotal = 0;
  private writtenTotal = 0;
  private syncedTotal = 0;
  private syncWanted = 0;
  private draining: Promise<void> | undefined;
  private waiters: Waiter[] = [];
  private failure: Error | undefined;
  private lastWriteAt = 0;
  private leaseTimer: NodeJS.Timeout | undefined;
  private fileBytes = 0;
  private closed = false;

  constructor(private readonly options: JournalWriterOptions) {}

  /** File name of the generation being written, once one exists. */
  get currentFile(): string | undefined {
    return this.generation === 0 ? undefined : journalFileName(this.options.writer, this.generation);
  }

  /** Bytes in the current generation's file, written or queued. */
  get currentFileBytes(): number {
    return this.fileBytes + this.queuedBytes;
  }

  /** True once something was appended: the writer has (or is creating) a journal file. */
  get started(): boolean {
    return this.enqueuedTotal > 0;
  }

  /** Queues a framed record. `durable` asks for an fsync after it (a commit point). */
  append(record: Buffer, durable: boolean): void {
    if (this.closed) throw new StoreError('CLOSED', 'the history store is closed');
    if (this.failure) throw this.failure;
    this.queue.push(record);
    this.queuedBytes += record.length;
    this.enqueuedTotal += record.length;
    if (durable) this.syncWanted = this.enqueuedTotal;
    this.kick();
  }

  /** Resolves when everything appended so far is written and fsynced; rejects on a disk error. */
  sync(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const target = this.enqueuedTotal;
    if (this.syncedTotal >= target) return Promise.resolve();
    this.syncWanted = Math.max(this.syncWanted, target);
    const promise = new Promise<void>((resolve, reject) => this.waiters.push({ target, resolve, reject }));
    this.kick();
    return promise;
  }

  /**
   * Seals the current generation (an end record, fsync) and opens the next, so the sealed file
   * can be folded into a snapshot and deleted. Resolves with the sealed file's name.
   */
  rotate(): Promise<string | undefined> {
    if (!this.started || this.closed) return Promise.resolve(undefined);
    return new Promise((done) => {
      this.append(encodeEnd(), true);
      this.queue.push({ rotate: true, done });
      this.kick();
    });
  }

  /** Seals the journal and closes it; the writer cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.started && !this.failure) {
        this.append(encodeEnd(), true);
        await this.sync();
      }
      await this.draining;
    } finally {
      this.closed = true;
      if (this.leaseTimer) clearInterval(this.leaseTimer);
      await this.handle?.close().catch(() => undefined);
      this.handle = undefined;
    }
  }

  private kick(): void {
    if (this.draining || this.failure) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (!this.failure && (this.queue.length > 0 || this.syncWanted > this.syncedTotal)) this.kick();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 || this.syncWanted > this.syncedTotal) {
        const handle = await this.ensureOpen();
        const buffers: Buffer[] = [];
        let bytes = 0;
        while (this.queue.length > 0 && Buffer.isBuffer(this.queue[0])) {
          const buffer = this.queue.shift() as Buffer;
          buffers.push(buffer);
          bytes += buffer.length;
        }
        if (bytes > 0) {
          const chunk = buffers.length === 1 ? buffers[0] : Buffer.concat(buffers, bytes);
          this.queuedBytes -= bytes;
          let offset = 0;
          while (offset < chunk.length) {
            const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
            offset += bytesWritten;
          }
          this.fileBytes += bytes;
          this.writtenTotal += bytes;
          this.lastWriteAt = Date.now();
        }
        if (this.syncWanted > this.syncedTotal) {
          const covered = this.writtenTotal;
          await handle.datasync();
          this.syncedTotal = covered;
          this.releaseWaiters();
        }
        const next = this.queue[0];
        if (next !== undefined && !Buffer.isBuffer(next)) {
          this.queue.shift();
          const sealed = this.currentFile;
          await handle.close();
          this.handle = undefined;
          this.generation++;
          await this.ensureOpen();
          next.done(sealed);
        }
      }
    } catch (error) {
      this.failure = new StoreError('IO', `cannot write the history journal: ${(error as Error).message}`, { cause: error });
      for (const waiter of this.waiters) waiter.reject(this.failure);
      this.waiters = [];
      for (const item of this.queue) if (!Buffer.isBuffer(item)) item.done(undefined);
      this.queue = [];
      this.options.onError(this.failure);
    }
  }

  private releaseWaiters(): void {
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.target <= this.syncedTotal) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  private async ensureOpen(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    const { directory, writer, schemaVersion } = this.options;
    this.options.prepare?.();
    mkdirSync(directory, { recursive: true });
    if (this.generation === 0) this.generation = 1;
    const path = journalPath(directory, journalFileName(writer, this.generation));
    const handle = await open(path, 'wx');
    const start = encodeJournalStart({ format: JOURNAL_FORMAT, schema: schemaVersion, writer, generation: this.generation, createdAt: Date.now() });
    await handle.write(start, 0, start.length);
    await handle.datasync();
    // the new file's name must survive a crash as surely as its content
    await fsyncDirectory(directory);
    this.fileBytes = start.length;
    this.handle = handle;
    this.startLease();
    return handle;
  }

  private startLease(): void {
    if (this.leaseTimer) return;
    this.leaseTimer = setInterval(() => {
      if (!this.handle || Date.now() - this.lastWriteAt < this.options.leaseRefreshMs) return;
      const now = new Date();
      this.handle.utimes(now, now).catch(() => undefined);
    }, this.options.leaseRefreshMs);
    this.leaseTimer.unref();
  }
}
