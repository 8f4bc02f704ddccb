/** Delay before the next attempt of a node, from its retry policy. */
import type { RetryPolicy } from '../model/workflow';

export const RETRY_DEFAULTS = { backoff: 'exponential', initialMs: 500, maxMs: 30_000, jitter: 0.2 } as const;

/**
 * `attempt` is the attempt that just failed (1-based). Exponential: initial × 2^(attempt-1),
 * capped at maxMs; jitter spreads it by ±jitter×delay so that many retrying runs do not all hit
 * a recovering service at the same instant.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const initial = policy.initialMs ?? RETRY_DEFAULTS.initialMs;
  const max = policy.maxMs ?? RETRY_DEFAULTS.maxMs;
  const jitter = policy.jitter ?? RETRY_DEFAULTS.jitter;
  const base = (policy.backoff ?? RETRY_DEFAULTS.backoff) === 'fixed' ? initial : initial * 2 ** (attempt - 1);
  const capped = Math.min(base, max);
  const spread = capped * jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(max, Math.round(capped + spread)));
}
