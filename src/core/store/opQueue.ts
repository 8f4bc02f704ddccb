/**
 * Batches operations before they reach sql.js and the journal: one transaction and one journal
 * record per batch instead of per event (each commit rewrites the touched pages, so fewer,
 * larger commits are much cheaper). A batch is cut when it is large (bounding the time one
 * commit holds the thread), at a commit point, before a read, or `maxDelayMs` after it began.
 */
import type { Op } from './ops';

export class OpQueue {
  private pending: Op[] = [];
  private durable = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly commit: (ops: Op[], durable: boolean) => void,
    private readonly maxOps: number,
    private readonly maxDelayMs: number,
    /** Receives a failure of a commit made from the timer, where no caller could catch it. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Queues `ops` (never split across batches); a durable call commits at once. */
  add(ops: Op[], durable = false): void {
    if (ops.length === 0 && !durable) return;
    for (const op of ops) this.pending.push(op);
    if (durable) this.durable = true;
    if (durable || this.pending.length >= this.maxOps) this.flush();
    else this.timer ??= setTimeout(() => {
      this.timer = undefined;
      try {
        this.flush();
      } catch (error) {
        this.onError(error);
      }
    }, this.maxDelayMs);
  }

  /** Commits what is queued now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const ops = this.pending;
    const durable = this.durable;
    this.pending = [];
    this.durable = false;
    this.commit(ops, durable);
  }

  get size(): number {
    return this.pending.length;
  }
}
