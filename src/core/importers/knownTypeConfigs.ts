/**
 * Readers of the settings of foreign nodes whose type maps to one of ours (HTTP, delay, log):
 * each returns our config and the foreign keys it used, which leave the config.
 */
import { isRecord, nonEmptyString } from './jsonValues';

/** The first key of `keys` that holds a non-empty string. */
export function firstString(data: Record<string, unknown>, keys: readonly string[]): { key: string; value: string } | undefined {
  for (const key of keys) {
    const value = nonEmptyString(data[key]);
    if (value !== undefined) return { key, value: data[key] as string };
  }
  return undefined;
}

/** An object, or a list of `{ name|key, value }` pairs (how many UIs store headers or fields) as an object. */
export function readKeyValues(value: unknown): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const entries: [string, unknown][] = [];
  for (const item of value) {
    if (!isRecord(item)) return undefined;
    const name = nonEmptyString(item.name ?? item.key);
    if (name === undefined || !('value' in item)) return undefined;
    entries.push([name, item.value]);
  }
  return Object.fromEntries(entries);
}

/** The first key of `keys` whose value `read` accepts. */
function firstOf<T>(data: Record<string, unknown>, keys: readonly string[], read: (value: unknown) => T | undefined): { key: string; value: T } | undefined {
  for (const key of keys) {
    const value = read(data[key]);
    if (value !== undefined) return { key, value };
  }
  return undefined;
}

const finiteNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** `http.request` config: method, url, headers, query, body and a time limit in ms. */
export function readHttpConfig(data: Record<string, unknown>): { config: Record<string, unknown>; consumed: string[] } {
  const config: Record<string, unknown> = {};
  const consumed: string[] = [];
  const take = (name: string, found: { key: string; value: unknown } | undefined): void => {
    if (!found) return;
    config[name] = found.value;
    consumed.push(found.key);
  };
  const method = firstString(data, ['method', 'httpMethod']);
  take('method', method && { key: method.key, value: method.value.trim().toUpperCase() });
  take('url', firstString(data, ['url', 'endpoint', 'uri']));
  take('headers', firstOf(data, ['headers'], readKeyValues));
  take('query', firstOf(data, ['query', 'queryParams', 'queryParameters', 'params'], readKeyValues));
  take('body', firstOf(data, ['body', 'payload', 'requestBody', 'json'], (value) => value));
  take('timeoutMs', firstOf(data, ['timeoutMs', 'timeout_ms'], finiteNumber));
  return { config, consumed };
}

const LOG_LEVELS: ReadonlyMap<string, string> = new Map(Object.entries({ debug: 'debug', trace: 'debug', info: 'info', log: 'info', warn: 'warn', warning: 'warn', error: 'error' }));

/** `util.log` config. Without a message, foreign log nodes log their input, so that is what we log. */
export function readLogConfig(data: Record<string, unknown>): { config: Record<string, unknown>; consumed: string[] } {
  const message = firstOf(data, ['message', 'text', 'msg', 'content'], (value) => (value === undefined || value === '' ? undefined : value));
  const levelText = nonEmptyString(data.level ?? data.logLevel);
  const level = levelText === undefined ? undefined : LOG_LEVELS.get(levelText.toLowerCase());
  const config: Record<string, unknown> = { message: message ? message.value : '{{ $input }}' };
  const consumed = message ? [message.key] : [];
  if (level) {
    config.level = level;
    consumed.push('level' in data ? 'level' : 'logLevel');
  }
  return { config, consumed };
}

const MS_PER_UNIT: ReadonlyMap<string, number> = new Map(Object.entries({
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hour: 3_600_000, hours: 3_600_000,
}));

/** A number, or a string that is only a number ("5"). */
function amount(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return finiteNumber(value);
}

/**
 * The delay in milliseconds from `ms`, `seconds`, or an amount with a unit. A bare `delay` or
 * `duration` without a unit is refused: seconds or milliseconds would be a guess.
 */
export function readDelayMs(data: Record<string, unknown>): { ms: number; consumed: string[] } | undefined {
  const ms = firstOf(data, ['ms', 'delayMs', 'milliseconds', 'durationMs'], amount);
  if (ms) return { ms: ms.value, consumed: [ms.key] };
  const seconds = firstOf(data, ['seconds', 'delaySeconds', 'durationSeconds'], amount);
  if (seconds) return { ms: seconds.value * 1000, consumed: [seconds.key] };
  const value = firstOf(data, ['amount', 'duration', 'delay', 'value', 'time'], amount);
  const unit = firstString(data, ['unit', 'units', 'timeUnit']);
  const factor = unit && MS_PER_UNIT.get(unit.value.trim().toLowerCase());
  if (!value || !unit || factor === undefined) return undefined;
  return { ms: value.value * factor, consumed: [value.key, unit.key] };
}
