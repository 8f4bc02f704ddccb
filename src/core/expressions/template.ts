/**
 * `{{ … }}` templates inside string config values.
 *
 * A string that is exactly one `{{ expr }}` evaluates to the expression's value with its type
 * (number, object, …); any other string containing `{{ }}` is interpolation and yields a string.
 * Strings without `{{` are returned as they are, at no cost: templates are compiled once per
 * config object and cached, so the engine's hot path does no parsing.
 */
import { compileExpression, ExpressionError, type ExpressionScope } from './evaluate';
import type { CompiledExpression } from './evaluate';

/** One `{{ expr }}` found in a string: the expression text and where it starts in the string. */
export interface TemplatePart {
  expression: string;
  /** Offset of the first character of `expression` inside the whole string. */
  offset: number;
}

/** Splits a string into literal text and `{{ }}` parts; `null` when it holds no template. */
export function scanTemplate(text: string): { literals: string[]; parts: TemplatePart[] } | null {
  if (!text.includes('{{')) return null;
  const literals: string[] = [];
  const parts: TemplatePart[] = [];
  let cursor = 0;
  for (;;) {
    const open = text.indexOf('{{', cursor);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break; // an unclosed "{{" is plain text
    literals.push(text.slice(cursor, open));
    const raw = text.slice(open + 2, close);
    const lead = raw.length - raw.trimStart().length;
    parts.push({ expression: raw.trim(), offset: open + 2 + lead });
    cursor = close + 2;
  }
  if (parts.length === 0) return null;
  literals.push(text.slice(cursor));
  return { literals, parts };
}

/** A config value compiled for repeated evaluation. */
export type CompiledValue =
  | { dynamic: false; value: unknown }
  | { dynamic: true; evaluate: (scope: ExpressionScope) => Promise<unknown> };

function compileString(text: string): CompiledValue {
  const scanned = scanTemplate(text);
  if (!scanned) return { dynamic: false, value: text };
  const compiled: CompiledExpression[] = scanned.parts.map((p) => compileExpression(p.expression));
  const whole = scanned.parts.length === 1 && scanned.literals[0] === '' && scanned.literals[1] === '';
  if (whole) return { dynamic: true, evaluate: (scope) => compiled[0].evaluate(scope) };
  return {
    dynamic: true,
    evaluate: async (scope) => {
      let out = scanned.literals[0];
      for (let i = 0; i < compiled.length; i++) {
        out += stringify(await compiled[i].evaluate(scope)) + scanned.literals[i + 1];
      }
      return out;
    },
  };
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Tags expression errors (at compile and evaluation time) with the config path that holds them. */
function withField(compile: () => CompiledValue, path: string): CompiledValue;
function withField(compiled: CompiledValue, path: string): CompiledValue;
function withField(arg: CompiledValue | (() => CompiledValue), path: string): CompiledValue {
  const tag = (error: unknown) => {
    if (error instanceof ExpressionError && error.field === undefined && path) error.field = path;
    return error;
  };
  let compiled: CompiledValue;
  try {
    compiled = typeof arg === 'function' ? arg() : arg;
  } catch (error) {
    throw tag(error);
  }
  if (!compiled.dynamic) return compiled;
  const evaluate = compiled.evaluate;
  return {
    dynamic: true,
    evaluate: (scope) => {
      // read by the engine when a time limit strikes during the evaluation
      if (path) scope.field = path;
      return evaluate(scope).catch((error: unknown) => Promise.reject(tag(error)));
    },
  };
}

/**
 * Compiles any JSON-like value. Objects and arrays are rebuilt at evaluation time only where
 * they contain templates; fully static subtrees are shared, never copied.
 */
export function compileValue(value: unknown, rawKeys?: ReadonlySet<string>, path = ''): CompiledValue {
  if (typeof value === 'string') return withField(() => compileString(value), path);
  if (Array.isArray(value)) {
    const items = value.map((v, i) => compileValue(v, undefined, `${path}[${i}]`));
    if (items.every((i) => !i.dynamic)) return { dynamic: false, value };
    return {
      dynamic: true,
      evaluate: async (scope) => {
        const out: unknown[] = new Array(items.length);
        for (let i = 0; i < items.length; i++) {
          const item = items[i];
          out[i] = item.dynamic ? await item.evaluate(scope) : item.value;
        }
        return out;
      },
    };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => [k, rawKeys?.has(k) ? ({ dynamic: false, value: v } as CompiledValue) : compileValue(v, undefined, path ? `${path}.${k}` : k)] as const,
    );
    if (entries.every(([, c]) => !c.dynamic)) return { dynamic: false, value };
    return {
      dynamic: true,
      evaluate: async (scope) => {
        const out: Record<string, unknown> = {};
        for (const [k, c] of entries) out[k] = c.dynamic ? await c.evaluate(scope) : c.value;
        return out;
      },
    };
  }
  return { dynamic: false, value };
}

const configCache = new WeakMap<object, CompiledValue>();

/**
 * Compiles a node's config once (cached by object identity) — keys in `rawKeys` (such as the
 * source of a code node) are never treated as templates.
 */
export function compileConfig(config: Record<string, unknown>, rawKeys?: ReadonlySet<string>): CompiledValue {
  let compiled = configCache.get(config);
  if (!compiled) {
    compiled = compileValue(config, rawKeys);
    configCache.set(config, compiled);
  }
  return compiled;
}
