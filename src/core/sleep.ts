/**
 * The one abortable wait of the core (the engine's retry back-off, the `flow.delay` node), on
 * Node's `timers/promises`, which clears its timer and listener when the signal aborts.
 */
import { setTimeout as wait } from 'node:timers/promises';

/** Resolves after `ms`; rejects with `signal.reason` as soon as `signal` aborts (or at once if it has). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  // timers/promises rejects with its own AbortError; callers want the reason the aborter gave
  return wait(ms, undefined, { signal }).catch((error: unknown) => {
    throw signal.aborted ? signal.reason : error;
  });
}
