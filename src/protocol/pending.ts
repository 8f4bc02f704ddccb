/**
 * Bookkeeping of requests awaiting a reply. A request that gets no answer in time is rejected,
 * and `rejectAll` ends the rest when the other side goes away, so no caller waits forever.
 */

/** Thrown (as a rejection) when a request got no reply in time or its peer went away. */
export class RequestFailedError extends Error {
  override readonly name = 'RequestFailedError';
}

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Requests awaiting a reply, by id. */
export class PendingRequests<T> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending<T>>();
  private closedReason: string | undefined;

  constructor(private readonly timeoutMs: number) {}

  /** Reserves an id; the promise settles on `settle`, timeout or `rejectAll`. */
  create(): { requestId: number; reply: Promise<T> } {
    const requestId = this.nextId++;
    if (this.closedReason !== undefined) {
      return { requestId, reply: Promise.reject(new RequestFailedError(this.closedReason)) };
    }
    const reply = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new RequestFailedError(`no reply within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer });
    });
    return { requestId, reply };
  }

  /** Delivers a reply; false when the id is unknown (late after a timeout, or never sent). */
  settle(requestId: number, value: T): boolean {
    const entry = this.pending.get(requestId);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.pending.delete(requestId);
    entry.resolve(value);
    return true;
  }

  /** How many requests still wait. */
  get size(): number {
    return this.pending.size;
  }

  /** Rejects every waiting request and refuses new ones (the peer is gone). */
  rejectAll(reason: string): void {
    this.closedReason = reason;
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(new RequestFailedError(reason));
    }
    this.pending.clear();
  }
}
