/** Small, format-independent helpers for reading untrusted JSON. */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ImportError } from './importError';

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Line and column (1-based) of a character offset, for error messages. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** `PropertyNameExpected` → `property name expected`. */
function describeParseError(error: ParseError): string {
  return printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Parses strict JSON (a leading byte-order mark is allowed). On failure the message says where
 * (line and column) and what went wrong, which `JSON.parse` does not do consistently on Node 20.
 */
export function parseJsonText(text: string): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') throw new ImportError('the input is empty');
  try {
    return JSON.parse(source) as unknown;
  } catch {
    const errors: ParseError[] = [];
    parseJsonc(source, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    if (!first) throw new ImportError('not valid JSON');
    const { line, column } = lineAndColumn(source, first.offset);
    throw new ImportError(`not valid JSON at line ${line}, column ${column}: ${describeParseError(first)}`);
  }
}

/**
 * Database exports often hold a JSON column as text (`"nodes": "[{…}]"`): such a string is
 * parsed, anything else is returned unchanged. A string that is not JSON is an error naming
 * the field, because it cannot be what the field should hold.
 */
export function unwrapJsonString(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new ImportError(`${field}: holds a string that is not valid JSON`);
  }
}

/**
 * Reads a canvas position written as `{ x, y }`, `[x, y]` or LiteGraph's serialized typed
 * array `{ "0": x, "1": y }`. Undefined when it is none of these or not finite.
 */
export function readPosition(value: unknown): { x: number; y: number } | undefined {
  let x: unknown;
  let y: unknown;
  if (Array.isArray(value)) [x, y] = value;
  else if (isRecord(value)) {
    x = 'x' in value ? value.x : value['0'];
    y = 'y' in value ? value.y : value['1'];
  }
  if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) return { x, y };
  return undefined;
}

/** True for values that carry nothing: undefined, null, `{}` and `[]`. */
function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

/** Keys of `value` that hold something and are neither handled nor safe to drop, in source order. */
export function droppedKeys(value: Record<string, unknown>, handled: ReadonlySet<string>, viewOnly: ReadonlySet<string>): string[] {
  return Object.keys(value).filter((key) => !handled.has(key) && !viewOnly.has(key) && !isEmptyValue(value[key]));
}

/** A non-empty trimmed string, or undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Copies an object without `keys`; safe for any key, including `__proto__`. */
export function without(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}
