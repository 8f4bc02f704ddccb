/**
 * JSONata expressions with the bindings workflows see:
 * the node's input is the context (so `price` means `$input.price`) and `$input`; `$vars`,
 * `$node["name or id"]`, `$execution`, `$secrets.NAME` (resolved on demand through a provider,
 * only the names the expression mentions) and `$env` (an allow-list). `$unconverted(tool, text)`
 * marks an expression an importer kept as written (see `unconverted.ts`); evaluating it fails.
 */
import jsonata from 'jsonata';
import { LinearRegExp, unsupportedRegex } from './linearRegExp';
import { EVALUATE_ENTRY_HOOK, EvaluationGuard, GUARD_BINDING, MAX_EXPRESSION_DEPTH, onEvaluateEntry } from './limits';
import { UNCONVERTED_FUNCTION, unconvertedBinding } from './unconverted';

/** Resolves secret names to their values; throws an `ExpressionError` for unknown names. */
export type SecretResolver = (names: readonly string[]) => Promise<Record<string, string>>;

/** Everything an expression can see while a node runs. */
export interface ExpressionScope {
  input: unknown;
  vars: Record<string, unknown>;
  /** Outputs of nodes that have finished, by name and by id. */
  node: Record<string, unknown>;
  execution: { id: string; started: string };
  env: Record<string, string | undefined>;
  secrets: SecretResolver;
  /**
   * Stops evaluations when it aborts (the node's and the run's time limits, cancellation): the
   * expression is interrupted between two of its steps and rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /** Config path of the template being evaluated, kept up to date by the template compiler. */
  field?: string;
  /** Called with the result (and text) of every expression that reads `$secrets`: the engine redacts what it computed. */
  onSecretDerived?: (value: unknown, expression: string) => void;
}

/** A bad expression: its text, the offset of the problem inside it, and JSONata's message. */
export class ExpressionError extends Error {
  /** Config path of the value that holds the expression (e.g. `values.total`), set by the template compiler. */
  field?: string;
  constructor(
    message: string,
    readonly expression: string,
    readonly position: number | undefined,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** An expression parsed once, ready to evaluate against many scopes. */
export interface CompiledExpression {
  readonly text: string;
  /** Secret names the expression mentions, fetched before each evaluation. */
  readonly secretNames: readonly string[];
  evaluate(scope: ExpressionScope): Promise<unknown>;
}

const SECRET_REFERENCE = /\$secrets(?:\.([A-Za-z_][\w]*)|\[\s*["']([^"']+)["']\s*\])/g;
const NO_SECRETS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** The secret names a text mentions as `$secrets.NAME` or `$secrets["NAME"]`. */
export function secretNamesOf(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(SECRET_REFERENCE)) names.add(match[1] ?? match[2]);
  return [...names];
}

interface JsonataFailure {
  message?: string;
  position?: number;
  token?: string;
}

// JSONata's code when its `stack` option is exceeded
const DEPTH_EXCEEDED = 'D1011';

function toExpressionError(error: unknown, text: string): ExpressionError {
  const e = (error ?? {}) as JsonataFailure & { code?: unknown };
  const message =
    e.code === DEPTH_EXCEEDED
      ? `the evaluation exceeded the depth limit of ${MAX_EXPRESSION_DEPTH} nested steps (a recursive function that never ends?)`
      : typeof e.message === 'string'
        ? e.message
        : String(error);
  return new ExpressionError(`expression "${text}": ${message}`, text, typeof e.position === 'number' ? e.position : undefined);
}

const BINDING_LOOKUP = /\$(node|secrets|vars|env)\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]/g;

/**
 * In JSONata `$node["Fetch prices"]` would be a filter (a truthy string keeps the whole object),
 * not a key lookup. Workflows use that form to reach a node by name (and `$secrets["X"]`,
 * `$vars["X"]`, `$env["X"]` alike), so it is rewritten to JSONata's quoted-name lookup
 * `$node.\`Fetch prices\`` before parsing.
 */
export function rewriteNodeLookups(text: string): string {
  if (!text.includes('[')) return text;
  return text.replace(BINDING_LOOKUP, (whole, binding: string, double: string | undefined, single: string | undefined) => {
    const name = (double ?? single ?? '').replace(/\\(.)/g, '$1');
    return name.includes('`') ? whole : `$${binding}.\`${name}\``;
  });
}

/** Parses an expression; throws `ExpressionError` with the position on a syntax error. */
export function parseExpression(text: string): jsonata.Expression {
  let parsed: jsonata.Expression;
  try {
    parsed = jsonata(rewriteNodeLookups(text), JSONATA_OPTIONS);
  } catch (error) {
    throw toExpressionError(error, text);
  }
  const regex = unsupportedRegex(parsed.ast());
  if (regex) throw new ExpressionError(`expression "${text}": ${regex.message}`, text, regex.position);
  parsed.assign(EVALUATE_ENTRY_HOOK as unknown as string, onEvaluateEntry);
  return parsed;
}

// `stack` is JSONata's depth limit; `RegexEngine` is typed as RegExpConstructor but only
// constructed and exec'd (see linearRegExp.ts).
const JSONATA_OPTIONS = { stack: MAX_EXPRESSION_DEPTH, RegexEngine: LinearRegExp as unknown as RegExpConstructor };

const cache = new Map<string, CompiledExpression>();
const CACHE_LIMIT = 5000;

/** Compiles (or fetches from the cache) an expression. Throws `ExpressionError` on bad syntax. */
export function compileExpression(text: string): CompiledExpression {
  const hit = cache.get(text);
  if (hit) return hit;
  const parsed = parseExpression(text);
  const secretNames = secretNamesOf(text);
  const compiled: CompiledExpression = {
    text,
    secretNames,
    async evaluate(scope) {
      const secrets = secretNames.length > 0 ? await scope.secrets(secretNames) : NO_SECRETS;
      try {
        const value: unknown = await parsed.evaluate(scope.input, {
          input: scope.input,
          vars: scope.vars,
          node: scope.node,
          execution: scope.execution,
          env: scope.env,
          secrets,
          [GUARD_BINDING]: new EvaluationGuard(scope.signal),
          [UNCONVERTED_FUNCTION]: unconvertedBinding,
        });
        if (secretNames.length > 0) scope.onSecretDerived?.(value, text);
        return value;
      } catch (error) {
        throw toExpressionError(error, text);
      }
    },
  };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(text, compiled);
  return compiled;
}

/** Evaluates an expression text in a scope (compiling it through the cache). */
export function evaluateExpression(text: string, scope: ExpressionScope): Promise<unknown> {
  return compileExpression(text).evaluate(scope);
}

/** Returns the syntax error of an expression, or undefined when it parses. */
export function checkExpression(text: string): ExpressionError | undefined {
  try {
    parseExpression(text);
    return undefined;
  } catch (error) {
    return error instanceof ExpressionError ? error : toExpressionError(error, text);
  }
}
