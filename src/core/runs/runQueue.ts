/**
 * The bounded run queue: at most `concurrency` holders of a slot at once, later comers wait in
 * order (first in, first out), and at most `maxQueued` wait, so a burst of fires costs bounded
 * memory. It knows nothing of what a slot is for: the extension's run service, `workflow serve`'s
 * runner and (per queue) queue mode use it alike.
 *
 * Both limits may be functions, read at each decision, so a settings change applies at once:
 * a raised concurrency lets waiting entries go on the spot; a lowered one lets running entries
 * finish and only then holds new ones back.
 */
import { CancelledError } from '../errors';

/** Gives a slot back; calling it again does nothing. */
export type ReleaseSlot = () => void;

/** A number, or a function read at each decision (a setting that may change). */
export type Limit = number | (() => number);

export interface RunQueueLimits {
  /** Holders of a slot at once; at least 1 (a smaller or non-numeric value counts as 1). */
  concurrency: Limit;
  /** Entries that may wait for a slot before `hasRoom()` says no (default: no bound); at least 0. */
  maxQueued?: Limit;
}

interface Waiter {
  grant(): void;
}

export class RunQueue {
  private holders = 0;
  private readonly waiters: Waiter[] = [];

  constructor(private readonly limits: RunQueueLimits) {}

  /** Entries holding a slot. */
  get running(): number {
    return this.holders;
  }

  /** Entries waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** The concurrency now in force. */
  get concurrency(): number {
    return Math.max(1, Math.floor(read(this.limits.concurrency)) || 1);
  }

  /** The bound on waiting entries now in force. */
  get maxQueued(): number {
    const value = this.limits.maxQueued === undefined ? Infinity : read(this.limits.maxQueued);
    return Number.isNaN(value) ? 0 : Math.max(0, Math.floor(value));
  }

  /**
   * True when a new entry would get a slot at once, or a place among fewer than `maxQueued`
   * waiting ones. Callers refuse work (a webhook answers 429) when it is false; work someone is
   * watching (a run started by hand) may skip the check and always wait.
   */
  hasRoom(): boolean {
    return this.holders < this.concurrency || this.waiters.length < this.maxQueued;
  }

  /**
   * Resolves with the release of a slot once one is free. The place in line is taken before this
   * returns, so `running`, `waiting` and `hasRoom()` count it at once. Rejects with
   * `CancelledError` when `signal` aborts while the entry waits; it then never holds a slot.
   */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(new CancelledError('cancelled while waiting for a free slot'));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(new CancelledError('cancelled while waiting for a free slot'));
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.holders++;
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.holders--;
            this.pump();
          });
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    const limit = this.concurrency;
    while (this.holders < limit && this.waiters.length > 0) this.waiters.shift()!.grant();
  }
}

function read(limit: Limit): number {
  return typeof limit === 'function' ? limit() : limit;
}
