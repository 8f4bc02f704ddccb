/**
 * Logging that a flood of requests cannot turn into a flood of lines: at most one line per
 * key and interval, with a count of what was held back.
 */
import type { TriggerLogger } from '../contract';

interface Window {
  /** When the next line for this key may be written (epoch ms). */
  openAtMs: number;
  suppressed: number;
}

/** Rate-limited warnings and errors over a `TriggerLogger`. */
export class ThrottledLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly logger: TriggerLogger,
    private readonly intervalMs = 10_000,
  ) {}

  /** Writes `message` unless a line with the same `key` was written in the last interval. */
  warn(key: string, message: string): void {
    this.write('warn', key, message);
  }

  /** Like `warn`, at error level. */
  error(key: string, message: string): void {
    this.write('error', key, message);
  }

  private write(level: 'warn' | 'error', key: string, message: string): void {
    const now = Date.now();
    const window = this.windows.get(key);
    if (window !== undefined && now < window.openAtMs) {
      window.suppressed++;
      return;
    }
    const held = window !== undefined && window.suppressed > 0 ? ` (${window.suppressed} similar since the last report)` : '';
    // Keys come from a small fixed set per route, but routes change: keep the map small anyway.
    if (this.windows.size > 1000) this.windows.clear();
    this.windows.set(key, { openAtMs: now + this.intervalMs, suppressed: 0 });
    this.logger[level](message + held);
  }
}
