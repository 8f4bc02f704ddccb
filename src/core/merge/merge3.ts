/**
 * The three-way merge of one value: a side that did not change it takes the other side's
 * change; plain objects merge key by key (so two branches editing different fields of one
 * config both land); anything else changed differently on both sides is a conflict, resolved
 * for now to "ours" and reported with the three values.
 */
import { sameJson } from '../graph/diff';
import { formatFieldPath } from '../graph/fieldPath';

/** A field both sides changed differently. `undefined` means the value is absent on that side. */
export interface ValueConflict {
  /** Segments of the field inside the merged object, e.g. `["config", "url"]`. */
  path: string[];
  base: unknown;
  ours: unknown;
  theirs: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys of the three objects: ours' order, then keys only theirs has, then keys only base had. */
function unionKeys(base: Record<string, unknown> | undefined, ours: Record<string, unknown>, theirs: Record<string, unknown>): string[] {
  const keys = Object.keys(ours);
  const seen = new Set(keys);
  for (const record of [theirs, base ?? {}]) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  return keys;
}

/**
 * Merges `ours` and `theirs`, both derived from `base`. Returns the merged value (`undefined`
 * when it is removed) and appends each conflict, with its path under `path`, to `conflicts`.
 */
export function mergeValue(path: string[], base: unknown, ours: unknown, theirs: unknown, conflicts: ValueConflict[]): unknown {
  if (sameJson(ours, theirs)) return ours;
  if (sameJson(base, ours)) return theirs;
  if (sameJson(base, theirs)) return ours;
  if (isPlainObject(ours) && isPlainObject(theirs) && (base === undefined || isPlainObject(base))) {
    const out: Record<string, unknown> = {};
    for (const key of unionKeys(base as Record<string, unknown> | undefined, ours, theirs)) {
      const merged = mergeValue([...path, key], (base as Record<string, unknown> | undefined)?.[key], ours[key], theirs[key], conflicts);
      if (merged !== undefined) out[key] = merged;
    }
    return out;
  }
  conflicts.push({ path, base, ours, theirs });
  return ours;
}

/** A conflict as it is written into the file: `{ base?, ours?, theirs? }` (absent sides left out). */
export function conflictEntry(conflict: ValueConflict): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  if (conflict.base !== undefined) entry.base = conflict.base;
  if (conflict.ours !== undefined) entry.ours = conflict.ours;
  if (conflict.theirs !== undefined) entry.theirs = conflict.theirs;
  return entry;
}

/** The key of a conflict in a `$conflict` object, relative to `prefixLength` leading segments. */
export function conflictKey(conflict: ValueConflict, prefixLength = 0): string {
  return formatFieldPath(conflict.path.slice(prefixLength));
}
