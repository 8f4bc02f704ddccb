/**
 * Expression syntax: every `{{ }}` in a config string (except raw keys such as code) and every
 * bare expression of an `expressionConfigKeys` key is parsed, and a syntax error is shown at
 * the offending character inside the string.
 */
import { checkExpression, type ExpressionError } from '../expressions/evaluate';
import { scanTemplate } from '../expressions/template';
import { findUnconverted } from '../expressions/unconverted';
import type { NodeEntry } from './entries';
import { isPlainObject } from './entries';
import { fieldName, type JsonPath } from './locate';
import { isSurelyValidExpression } from './quickExpression';
import type { Reporter } from './reporter';

// Files repeat expressions, and the editor revalidates on every keystroke: parse each text once.
const checked = new Map<string, ExpressionError | null>();
const CACHE_LIMIT = 5000;

function syntaxErrorOf(expression: string): ExpressionError | undefined {
  if (isSurelyValidExpression(expression)) return undefined;
  let result = checked.get(expression);
  if (result === undefined) {
    result = checkExpression(expression) ?? null;
    if (checked.size >= CACHE_LIMIT) checked.clear();
    checked.set(expression, result);
  }
  return result ?? undefined;
}

/** JSONata's own words, without the `expression "…": ` prefix that ExpressionError adds. */
function reasonOf(error: ExpressionError): string {
  const prefix = `expression "${error.expression}": `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/**
 * Offset of the problem inside the expression. JSONata reports the position just after the
 * token it stumbled on, so the character before it is the one to underline.
 */
function problemOffset(error: ExpressionError, expression: string): number {
  const position = error.position ?? 0;
  return Math.max(0, Math.min(position - 1, expression.length - 1));
}

/** Reports an EXPRESSION error for every expression in the config of a registered type. */
export function checkNodeExpressions(nodes: readonly NodeEntry[], reporter: Reporter): void {
  for (const entry of nodes) {
    if (!entry.definition || !entry.config) continue;
    const raw = new Set(entry.definition.rawConfigKeys ?? []);
    const bare = new Set(entry.definition.expressionConfigKeys ?? []);
    for (const [key, value] of Object.entries(entry.config)) {
      const path = ['nodes', entry.index, 'config', key];
      // A bare expression key is usually raw too (never a template), but it is still parsed.
      if (bare.has(key)) {
        if (typeof value === 'string') checkOne(entry, reporter, path, value, 0, value);
      } else if (!raw.has(key)) {
        checkTemplates(entry, reporter, path, value);
      }
    }
  }
}

function checkTemplates(entry: NodeEntry, reporter: Reporter, path: JsonPath, value: unknown): void {
  if (typeof value === 'string') {
    for (const part of scanTemplate(value)?.parts ?? []) checkOne(entry, reporter, path, part.expression, part.offset, `{{ ${part.expression} }}`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkTemplates(entry, reporter, [...path, index], item));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) checkTemplates(entry, reporter, [...path, key], item);
  }
}

function checkOne(entry: NodeEntry, reporter: Reporter, path: JsonPath, expression: string, offsetInString: number, shown: string): void {
  warnUnconverted(entry, reporter, path, expression, offsetInString);
  const error = syntaxErrorOf(expression);
  if (!error) return;
  const where = offsetInString + problemOffset(error, expression);
  const message = `${entry.label}: ${fieldName(path.slice(2))}: invalid expression ${JSON.stringify(shown)}: ${reasonOf(error)}`;
  reporter.error('EXPRESSION', message, path, { nodeId: entry.id, range: reporter.rangeInString(path, where, 1) });
}

/**
 * An expression an importer kept as written (`$unconverted(tool, text)`) loads and shows, but
 * fails when it runs: a warning names the node, the field and the original text.
 */
function warnUnconverted(entry: NodeEntry, reporter: Reporter, path: JsonPath, expression: string, offsetInString: number): void {
  for (const { tool, original } of findUnconverted(expression)) {
    const message = `${entry.label}: ${fieldName(path.slice(2))}: expression imported from ${tool} kept as written, not converted: ${JSON.stringify(original)}; rewrite it in JSONata before running`;
    reporter.warning('UNCONVERTED_EXPRESSION', message, path, { nodeId: entry.id, range: reporter.rangeInString(path, offsetInString, expression.length) });
  }
}
