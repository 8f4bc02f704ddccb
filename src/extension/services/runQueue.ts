/**
 * The limit on runs going on at once (setting `workflowStudio.runs.maxConcurrent`): runs beyond
 * it wait in order. The limit is read at each decision, so a settings change applies at once.
 */
import { CancelledError } from '../../core/errors';

interface Waiter {
  grant(): void;
}

/** A first-in-first-out semaphore whose size comes from `limit()`. */
export class RunQueue {
  private runningCount = 0;
  private readonly waiters: Waiter[] = [];

  constructor(private readonly limit: () => number) {}

  /** Runs holding a slot. */
  get running(): number {
    return this.runningCount;
  }

  /** Runs waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * False when a new run would have to wait and `maxWaiting` runs already wait: a bounded queue
   * for runs nobody is watching (triggers), so a burst of webhooks cannot pile up without end.
   */
  hasRoom(maxWaiting: number): boolean {
    return this.runningCount < this.currentLimit() || this.waiters.length < Math.max(0, maxWaiting);
  }

  /**
   * Resolves with a release function once a slot is free. Rejects with CancelledError when
   * `signal` aborts while waiting (the run never started).
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new CancelledError('the run was cancelled before it started'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.runningCount++;
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.runningCount--;
            this.pump();
          });
        },
      };
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(new CancelledError('the run was cancelled before it started'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  private currentLimit(): number {
    return Math.max(1, Math.floor(this.limit()) || 1);
  }

  private pump(): void {
    const limit = this.currentLimit();
    while (this.runningCount < limit && this.waiters.length > 0) this.waiters.shift()!.grant();
  }
}
