/**
 * Redaction of secret values from everything an execution reports.
 *
 * Data flows between nodes in clear (a secret put in an HTTP header must reach the server);
 * every event leaves the engine through `redact`, so listeners (terminal, `--json`, the history,
 * its journal and snapshot, the VS Code output channel and canvas) only see `***` where a secret
 * was. Two sources feed the list of values to hide:
 * - every secret value resolved for the execution (including those fetched ahead of the first
 *   event, see `engine.ts`);
 * - every string an expression computes when it reads `$secrets` (taint at the source): so
 *   `{{ $substring($secrets.KEY, 0, 6) }}` or `{{ 'Basic ' & $base64encode('u:' & $secrets.PW) }}`
 *   are hidden as well, whatever the transformation (`addDerived` leaves out what it copied).
 * Each value is looked for in all its spellings (`secretVariants`). Values of at least
 * `SUBSTRING_MIN_LENGTH` characters are replaced wherever they occur inside a string; shorter
 * ones only where they stand alone (not touching a letter or digit), so that a three-letter
 * secret does not eat every word containing those letters. docs/secrets.md states the guarantee.
 */
import { secretVariants } from './secretVariants';

/** What a redacted value is replaced by. */
export const REDACTED = '***';
/** Values this long or longer are redacted inside any text; shorter ones as whole tokens only. */
export const SUBSTRING_MIN_LENGTH = 4;

/** Subtrees of at least this many values have their redacted form cached. */
const CACHE_MIN_VALUES = 256;

/** Escapes the characters that are syntax in a `u`-flag regular expression (`-` and `/` are not). */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Strings of the data an expression could copy that are compared; beyond, the rest count as derived. */
const COPIED_SCAN_LIMIT = 100_000;

/** Calls `visit` with every string (and key, with `keys`) in JSON-like `value`, each object once, up to `limit` values. */
function forEachString(value: unknown, keys: boolean, visit: (text: string) => void, limit = Infinity): void {
  const seen = new Set<object>();
  let budget = limit;
  const stack: unknown[] = [value];
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop();
    if (typeof v === 'string') visit(v);
    else if (v !== null && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      if (Array.isArray(v)) stack.push(...(v as unknown[]));
      else if (isPlainObject(v))
        for (const key of Object.keys(v)) {
          if (keys) visit(key);
          stack.push(v[key]);
        }
    }
  }
}

/** The secret values known to one execution (shared with its sub-workflows) and their redaction. */
export class SecretRedactor {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;
  /** Bumped when a value is added: results cached under an older generation are recomputed. */
  private generation = 0;
  /** Redacted forms of big subtrees, which events share (a node's output is the next one's input). */
  private cache = new WeakMap<object, { generation: number; value: unknown }>();
  /** Values visited by walks so far: tells how big a subtree was. */
  private visited = 0;

  /** True once there is anything to redact; until then `redact` returns its argument. */
  get active(): boolean {
    return this.values.size > 0;
  }

  /** Registers a secret value (or a value derived from one). */
  add(value: string): void {
    if (value === '' || this.values.has(value)) return;
    this.values.add(value);
    this.pattern = undefined;
    this.generation++;
  }

  /**
   * Registers the strings inside the result of `expression`, an expression that read
   * `$secrets`, except those it did not compute: string literals written in its text, and strings
   * found unchanged in `copiedFrom` (the data it could read). So `{ "kind": "token", "who": name,
   * "auth": "Bearer " & $secrets.T }` makes the header secret, not `token` nor the name.
   * Object keys are not registered: they are the names written in the expression.
   */
  addDerived(value: unknown, expression = '', copiedFrom: readonly unknown[] = []): void {
    const derived = new Set<string>();
    forEachString(value, false, (text) => {
      if (!expression.includes(`"${text}"`) && !expression.includes(`'${text}'`)) derived.add(text);
    });
    if (derived.size > 0 && copiedFrom.length > 0) forEachString(copiedFrom, true, (text) => derived.delete(text), COPIED_SCAN_LIMIT);
    for (const text of derived) this.add(text);
  }

  /**
   * A copy of `value` with every known secret replaced by `***` in its strings and object keys;
   * parts without secrets are shared, and `value` itself is returned when nothing changed.
   * Values that are not JSON-like (class instances, typed arrays) are passed through; a value
   * too deep to walk, or cyclic, becomes `***` as a whole.
   */
  redact<T>(value: T): T {
    if (!this.active) return value;
    try {
      return this.walk(value) as T;
    } catch (error) {
      // a structure too deep to walk (or a cycle, which no record can hold) cannot be shown safely
      if (error instanceof RangeError) return REDACTED as T;
      throw error;
    }
  }

  /** Redacts one string. */
  redactText(text: string): string {
    if (!this.active || text === '') return text;
    const pattern = (this.pattern ??= this.buildPattern());
    pattern.lastIndex = 0;
    let match = pattern.exec(text);
    if (match === null) return text;
    // overlapping matches (two spellings, or a value next to itself) merge into one `***`
    let out = '';
    let copied = 0;
    let spanStart = match.index;
    let spanEnd = match.index + match[0].length;
    for (;;) {
      pattern.lastIndex = match.index + 1;
      match = pattern.exec(text);
      if (match === null) break;
      const end = match.index + match[0].length;
      if (match.index > spanEnd) {
        out += text.slice(copied, spanStart) + REDACTED;
        copied = spanEnd;
        spanStart = match.index;
        spanEnd = end;
      } else if (end > spanEnd) spanEnd = end;
    }
    return out + text.slice(copied, spanStart) + REDACTED + text.slice(spanEnd);
  }

  private buildPattern(): RegExp {
    const long = new Set<string>();
    const short = new Set<string>();
    for (const value of this.values) {
      for (const variant of secretVariants(value)) (variant.length >= SUBSTRING_MIN_LENGTH ? long : short).add(variant);
    }
    // longest first, so that at one position the longest spelling wins
    const alternatives = (set: Set<string>) => [...set].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
    const parts: string[] = [];
    if (long.size > 0) parts.push(`(?:${alternatives(long)})`);
    if (short.size > 0) parts.push(`(?<![\\p{L}\\p{N}])(?:${alternatives(short)})(?![\\p{L}\\p{N}])`);
    return new RegExp(parts.join('|'), 'giu');
  }

  private walk(value: unknown): unknown {
    this.visited++;
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') return value;
    const cached = this.cache.get(value);
    if (cached !== undefined && cached.generation === this.generation) return cached.value;
    const visitedBefore = this.visited;
    let result: unknown = value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const redacted = this.walk(item);
        if (redacted !== item && copy === undefined) copy = value.slice(0, i);
        if (copy !== undefined) copy.push(redacted);
      }
      if (copy !== undefined) result = copy;
    } else if (isPlainObject(value)) {
      let copy: Record<string, unknown> | undefined;
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        const item = value[key];
        const redactedKey = this.redactText(key);
        const redacted = this.walk(item);
        if ((redacted !== item || redactedKey !== key) && copy === undefined) {
          copy = {};
          for (let j = 0; j < i; j++) copy[keys[j]] = value[keys[j]];
        }
        if (copy !== undefined) copy[redactedKey] = redacted;
      }
      if (copy !== undefined) result = copy;
    }
    // a WeakMap entry costs more than re-walking a small object, so only big ones are kept
    if (this.visited - visitedBefore >= CACHE_MIN_VALUES) this.cache.set(value, { generation: this.generation, value: result });
    return result;
  }
}
