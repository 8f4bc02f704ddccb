/**
 * How nodes turn an aborted `AbortSignal` into an error, so that every node reports a cancel
 * (or a node timeout that the engine signals through the same `AbortSignal`) the same way.
 */
import { CancelledError, TimeoutError } from '../../errors';

/**
 * The error to reject with once `signal` has aborted: its reason when the engine already put
 * one of our typed errors there (a node timeout stays a `TimeoutError`), else a `CancelledError`.
 */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof TimeoutError || reason instanceof CancelledError ? reason : new CancelledError();
}

/** Largest delay `setTimeout` honours; a larger one would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;
