/**
 * "Expected JSON subset" matching for workflow tests: an expected object may name fewer keys than
 * the actual one, arrays match item by item and must have the same length, anything else must
 * be equal. Each mismatch carries its path, so a report can say exactly where the values differ.
 */
import { formatFieldPath } from '../graph/fieldPath';
import { sameJson } from '../graph/diff';
import { formatValue } from '../graph/diffText';

/** One place where the actual value does not match the expected subset. */
export interface Mismatch {
  /** Where, e.g. `message`, `items[2].price` (empty for the whole value). */
  path: string;
  expected: unknown;
  /** Absent when the key is missing. */
  actual?: unknown;
  missing?: boolean;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathText(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? formatFieldPath([segment]) : formatFieldPath(['x', segment]).slice(1);
  }
  return out;
}

function collect(expected: unknown, actual: unknown, path: (string | number)[], out: Mismatch[]): void {
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) {
      out.push({ path: pathText(path), expected, actual });
      return;
    }
    for (const key of Object.keys(expected)) {
      if (!(key in actual) || actual[key] === undefined) out.push({ path: pathText([...path, key]), expected: expected[key], missing: true });
      else collect(expected[key], actual[key], [...path, key], out);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push({ path: pathText(path), expected, actual });
      return;
    }
    expected.forEach((item, i) => collect(item, actual[i], [...path, i], out));
    return;
  }
  if (!sameJson(expected, actual)) out.push({ path: pathText(path), expected, actual });
}

/** Every mismatch between an expected subset and an actual value; empty when it matches. */
export function matchSubset(expected: unknown, actual: unknown): Mismatch[] {
  const out: Mismatch[] = [];
  collect(expected, actual, [], out);
  return out;
}

/** A mismatch as two lines: `- expected …` / `+ actual …`, under its path. */
export function formatMismatch(mismatch: Mismatch, what: string): string[] {
  const where = mismatch.path === '' ? what : `${what}.${mismatch.path}`.replace('.[', '[');
  return [`${where}:`, `  - expected ${formatValue(mismatch.expected, 200)}`, `  + actual   ${mismatch.missing ? '(missing)' : formatValue(mismatch.actual, 200)}`];
}
