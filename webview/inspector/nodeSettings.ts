/**
 * The "Settings" every node has besides its config: retry, per-attempt time limit and what a
 * failure does. The webview never loads the model's zod schemas, so their fields are restated
 * here; a unit test holds them to `RetrySchema` and `OnErrorSchema` (src/core/model/workflow.ts).
 */
import type { FieldSpec } from './schemaForm';

/** `onError` values with what each does, the first being the default. */
export const ON_ERROR_OPTIONS = [
  { value: 'fail', label: 'Stop the run (default)' },
  { value: 'continue', label: 'Continue: emit the error as output' },
  { value: 'errorOutput', label: 'Route the error to the "error" output' },
] as const;

/** The default of `onError`: writing it is the same as leaving it out. */
export const DEFAULT_ON_ERROR = 'fail';

/** Fields of `retry`, as the form edits them. */
export const RETRY_FIELDS: readonly FieldSpec[] = [
  {
    key: 'maxAttempts',
    label: 'Max attempts',
    description: 'Total attempts including the first one (1–100).',
    required: true,
    kind: { kind: 'number', integer: true, min: 1, max: 100 },
  },
  {
    key: 'backoff',
    label: 'Backoff',
    description: 'How the delay grows between attempts.',
    required: false,
    default: 'exponential',
    kind: { kind: 'enum', options: ['exponential', 'fixed'] },
  },
  {
    key: 'initialMs',
    label: 'Initial delay (ms)',
    description: 'Delay before the second attempt.',
    required: false,
    default: 500,
    kind: { kind: 'number', integer: true, min: 0 },
  },
  {
    key: 'maxMs',
    label: 'Max delay (ms)',
    description: 'Upper bound of any delay.',
    required: false,
    default: 30000,
    kind: { kind: 'number', integer: true, min: 0 },
  },
  {
    key: 'jitter',
    label: 'Jitter',
    description: 'Random spread as a fraction of the delay, 0–1.',
    required: false,
    default: 0.2,
    kind: { kind: 'number', integer: false, min: 0, max: 1 },
  },
];

/** What retry starts as when the user turns it on. */
export const DEFAULT_RETRY = { maxAttempts: 3 };
