/**
 * Batches operations before they reach sql.js and the journal: one transaction and one journal
 * record per batch instead of per event (each commit rewrites the touched pages, so fewer,
 * larger commits are much cheaper).
 *
 * Queuing never commits on the caller's stack: the engine hands over every event of a
 * synchronous run in one turn (a 1,000-node chain is 2,002 events), and applying an operation
 * costs 15–200 µs of SQLite work in WebAssembly (the low end once V8 has tiered the module up,
 * the high end cold or on a busy machine). Queued operations are committed from macrotasks
 * instead, in batches sized from the measured cost per operation so that one batch holds the
 * thread for about `sliceMs`, and a macrotask stops after about `sliceMs` too. A batch is cut
 * only between `add` calls, so the operations of one call (a finished execution, its count and
 * its statistics) are always one transaction and one journal record.
 *
 * Commit points (durable adds) are drained at the next macrotask; other operations at most
 * `maxDelayMs` after they were queued, or at once when `maxOps` are waiting. `flush()` commits
 * everything synchronously (before a synchronous read, at close); `settle()` does the same in
 * slices and resolves once everything queued before the call is committed.
 */
import type { Op } from './ops';

interface Group {
  ops: Op[];
  durable: boolean;
}

interface Waiter {
  /** Resolved once this many groups are committed. */
  target: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Time one macrotask of draining may take, and one batch is sized for. */
const DEFAULT_SLICE_MS = 8;
/** Smallest batch a slice commits (per-commit costs dominate below this). */
const MIN_BATCH_OPS = 32;
/** Estimate of the cost of one operation before anything was measured (cold WebAssembly). */
const INITIAL_OP_MS = 0.1;

export class OpQueue {
  private groups: Group[] = [];
  /** Index of the first group not yet committed (groups before it are spliced out lazily). */
  private head = 0;
  private queuedOps = 0;
  /** Groups ever added, and ever committed (or dropped by a failed commit). */
  private added = 0;
  private done = 0;
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  /** Moving estimate of the milliseconds one operation takes to commit. */
  private opMs = INITIAL_OP_MS;

  constructor(
    private readonly commit: (ops: Op[], durable: boolean) => void,
    /** Largest batch, and the queue length that starts draining at once. */
    private readonly maxOps: number,
    private readonly maxDelayMs: number,
    /** Receives a failure of a commit made from a timer, where no caller could catch it. */
    private readonly onError: (error: unknown) => void,
    private readonly sliceMs: number = DEFAULT_SLICE_MS,
  ) {}

  /** Queues `ops` (never split across batches); a durable call is a commit point, drained at the next macrotask. */
  add(ops: Op[], durable = false): void {
    if (ops.length === 0) {
      // a commit point without operations makes the last queued batch durable
      if (!durable || this.head >= this.groups.length) return;
      this.groups[this.groups.length - 1].durable = true;
    } else {
      this.groups.push({ ops, durable });
      this.added++;
      this.queuedOps += ops.length;
    }
    if (durable || this.queuedOps >= this.maxOps) this.scheduleDrain();
    else this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.scheduleDrain();
    }, this.maxDelayMs);
  }

  /** Commits everything queued now, on the calling thread. Throws what a commit throws. */
  flush(): void {
    this.cancelTimers();
    while (this.head < this.groups.length) this.commitBatch(this.maxOps);
    this.compactGroups();
  }

  /** Resolves once everything queued before the call is committed, draining in slices meanwhile. */
  settle(): Promise<void> {
    if (this.done >= this.added) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ target: this.added, resolve, reject });
      this.scheduleDrain();
    });
  }

  /** Operations queued and not yet committed. */
  get size(): number {
    return this.queuedOps;
  }

  private scheduleDrain(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.immediate ??= setImmediate(() => {
      this.immediate = undefined;
      this.drainSlice();
    });
  }

  /** One macrotask's worth of commits; schedules the next if operations remain. */
  private drainSlice(): void {
    const start = performance.now();
    try {
      // another batch only while less than half the slice is used: no tail of tiny batches
      do {
        const budget = this.sliceMs - (performance.now() - start);
        this.commitBatch(Math.max(MIN_BATCH_OPS, Math.min(this.maxOps, Math.floor(budget / this.opMs))));
      } while (this.head < this.groups.length && performance.now() - start < this.sliceMs / 2);
    } catch (error) {
      this.onError(error);
    }
    this.compactGroups();
    if (this.head < this.groups.length) this.scheduleDrain();
  }

  /** Commits the next whole groups, up to about `limit` operations (at least one group). */
  private commitBatch(limit: number): void {
    let end = this.head;
    let count = 0;
    let durable = false;
    do {
      const group = this.groups[end++];
      count += group.ops.length;
      durable ||= group.durable;
    } while (end < this.groups.length && count + this.groups[end].ops.length <= limit);
    const ops: Op[] = [];
    for (let i = this.head; i < end; i++) for (const op of this.groups[i].ops) ops.push(op);
    const groups = end - this.head;
    this.head = end;
    this.queuedOps -= count;
    const started = performance.now();
    try {
      this.commit(ops, durable);
    } catch (error) {
      // the batch is dropped, as a failed commit always was: whoever waited for it hears why
      this.settleWaiters(groups, error);
      throw error;
    }
    if (count >= MIN_BATCH_OPS) {
      // small batches are dominated by per-commit costs, and one sample may hold a GC pause:
      // neither may shrink the batches for good
      const perOp = Math.min((performance.now() - started) / count, this.opMs * 4);
      this.opMs = Math.max(0.002, this.opMs * 0.5 + perOp * 0.5);
    }
    this.settleWaiters(groups);
  }

  private settleWaiters(groups: number, error?: unknown): void {
    this.done += groups;
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((waiter) => waiter.target <= this.done);
    if (ready.length === 0 && error === undefined) return;
    this.waiters = this.waiters.filter((waiter) => waiter.target > this.done);
    for (const waiter of ready) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }

  private compactGroups(): void {
    if (this.head === 0) return;
    if (this.head === this.groups.length) {
      this.groups = [];
      this.head = 0;
      return;
    }
    // Copying the uncommitted tail costs O(backlog): done only once the committed head is the
    // larger part, so a long backlog (a burst of webhook runs) is not copied at every batch.
    if (this.head * 2 < this.groups.length) return;
    this.groups = this.groups.slice(this.head);
    this.head = 0;
  }

  private cancelTimers(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = undefined;
    }
  }
}
