/**
 * Paces the run overlay's messages: a flush at most once per interval, however many engine
 * events arrive. Timers are injectable, so tests drive time; free of `vscode`.
 */

/** Clock and timers, injectable so tests drive time. */
export interface ThrottleTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: ThrottleTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `flush` at most once per `intervalMs`: the first poke after a quiet period flushes on
 * the next turn, later pokes join the pending flush.
 */
export class UpdateThrottle {
  private timer: unknown;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private disposed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => void,
    private readonly timers: ThrottleTimers = realTimers,
  ) {}

  /** Something changed: flush soon. */
  poke(): void {
    if (this.timer !== undefined || this.disposed) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => this.run(), wait);
  }

  /** Flushes now (a new webview asks for everything), cancelling the pending flush. */
  flushNow(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.run();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.timer = undefined;
    if (this.disposed) return;
    this.lastFlush = this.timers.now();
    this.flush();
  }
}
