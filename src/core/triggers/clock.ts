/**
 * The system clock, and waiting until an instant on any clock. Node's timers hold at most
 * 2^31-1 ms (about 24.8 days) and fire at once when asked for more, so a yearly schedule waits
 * in steps; each step also re-reads the clock, so a wall clock moved meanwhile is noticed.
 */
import type { Clock, TimerHandle } from './contract';

/** Longest delay `setTimeout` honours. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Real time: `Date.now` and unref'd Node timers (an armed trigger alone keeps no process alive). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A wait started by `waitUntil`; `cancel` is safe to call at any time, and more than once. */
export interface PendingWait {
  cancel(): void;
}

/**
 * Calls `callback` once the clock reads `atMs` or later, re-arming in steps of at most
 * `MAX_TIMER_MS` and after a timer that fired early by the wall clock.
 */
export function waitUntil(clock: Clock, atMs: number, callback: () => void): PendingWait {
  let handle: TimerHandle | undefined;
  let cancelled = false;
  const arm = (): void => {
    const remaining = atMs - clock.now();
    if (remaining <= 0) {
      handle = undefined;
      callback();
      return;
    }
    handle = clock.setTimer(arm, Math.min(remaining, MAX_TIMER_MS));
  };
  arm();
  return {
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      if (handle !== undefined) clock.clearTimer(handle);
      handle = undefined;
    },
  };
}
