/** Which config values are `{{ }}` templates, resolved only at run time. */
import { scanTemplate } from '../expressions/template';
import type { JsonPath } from './locate';
import { isPlainObject } from './entries';

/** True for a string holding at least one complete `{{ … }}`. */
export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && scanTemplate(value) !== null;
}

/** True when `value` is, or contains at any depth, a template string. */
export function containsTemplate(value: unknown): boolean {
  if (isTemplate(value)) return true;
  if (Array.isArray(value)) return value.some(containsTemplate);
  if (isPlainObject(value)) return Object.values(value).some(containsTemplate);
  return false;
}

function childOf(value: unknown, segment: string | number): unknown {
  if (Array.isArray(value) && typeof segment === 'number') return value[segment];
  if (isPlainObject(value) && Object.hasOwn(value, segment)) return value[segment];
  return undefined;
}

/**
 * True when the config value at `path` is a template or lies inside one (a missing key under
 * a template object, say): its final type is only known at run time, so a schema issue there
 * is not an error. Keys in `rawKeys` are never templates. With `deep`, a template anywhere
 * below `path` counts too — for refinements that look at a whole object.
 */
export function dependsOnTemplate(config: Record<string, unknown>, path: JsonPath, rawKeys: ReadonlySet<string>, deep = false): boolean {
  if (typeof path[0] === 'string' && rawKeys.has(path[0])) return false;
  if (path.length === 0 && deep) return Object.entries(config).some(([key, v]) => !rawKeys.has(key) && containsTemplate(v));
  let value: unknown = config;
  for (const segment of path) {
    if (isTemplate(value)) return true;
    value = childOf(value, segment);
  }
  return deep ? containsTemplate(value) : isTemplate(value);
}
