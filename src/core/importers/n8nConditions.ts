/**
 * The conditions of n8n's IF, Filter and Switch nodes as JSONata. Version 2 nodes hold a
 * "filter" (`{ conditions: [{ leftValue, rightValue, operator: { type, operation } }], combinator }`);
 * version 1 nodes lists per data type (`{ number: [{ value1, operation, value2 }] }`).
 * An operation without a faithful JSONata equivalent makes the whole condition unconverted.
 */
import { unconvertedExpression } from '../expressions/unconverted';
import { isRecord } from './jsonValues';
import { n8nValueAsJsonata, type ExpressionContext } from './n8nExpressions';

/** A condition as JSONata, and the problems met (each one makes it unconverted). */
export interface ConvertedCondition {
  jsonata: string;
  problems: string[];
}

type Binary = (left: string, right: string) => string;

/** Filter operations (version 2) by `type.operation`, or by operation for any type. */
const FILTER_OPERATIONS: ReadonlyMap<string, Binary> = new Map<string, Binary>([
  ['equals', (l, r) => `${l} = ${r}`],
  ['notEquals', (l, r) => `${l} != ${r}`],
  ['gt', (l, r) => `${l} > ${r}`],
  ['lt', (l, r) => `${l} < ${r}`],
  ['gte', (l, r) => `${l} >= ${r}`],
  ['lte', (l, r) => `${l} <= ${r}`],
  ['string.contains', (l, r) => `$contains($string(${l}), ${r})`],
  ['string.notContains', (l, r) => `$not($contains($string(${l}), ${r}))`],
  ['string.startsWith', (l, r) => `$substring($string(${l}), 0, $length(${r})) = ${r}`],
  ['string.endsWith', (l, r) => `$substring($string(${l}), $length($string(${l})) - $length(${r})) = ${r}`],
  ['exists', (l) => `$exists(${l})`],
  ['notExists', (l) => `$not($exists(${l}))`],
  ['string.empty', (l) => `($not($exists(${l})) or ${l} = null or ${l} = "")`],
  ['string.notEmpty', (l) => `($exists(${l}) and ${l} != null and ${l} != "")`],
  ['boolean.true', (l) => `${l} = true`],
  ['boolean.false', (l) => `${l} = false`],
  ['array.contains', (l, r) => `${r} in ${l}`],
  ['array.notContains', (l, r) => `$not(${r} in ${l})`],
  ['array.empty', (l) => `$count(${l}) = 0`],
  ['array.notEmpty', (l) => `$count(${l}) > 0`],
  ['array.lengthEquals', (l, r) => `$count(${l}) = ${r}`],
]);

/** Version 1 operations. */
const V1_OPERATIONS: ReadonlyMap<string, Binary> = new Map<string, Binary>([
  ['equal', (l, r) => `${l} = ${r}`],
  ['notEqual', (l, r) => `${l} != ${r}`],
  ['larger', (l, r) => `${l} > ${r}`],
  ['largerEqual', (l, r) => `${l} >= ${r}`],
  ['smaller', (l, r) => `${l} < ${r}`],
  ['smallerEqual', (l, r) => `${l} <= ${r}`],
  ['contains', (l, r) => `$contains($string(${l}), ${r})`],
  ['notContains', (l, r) => `$not($contains($string(${l}), ${r}))`],
  ['startsWith', (l, r) => `$substring($string(${l}), 0, $length(${r})) = ${r}`],
  ['endsWith', (l, r) => `$substring($string(${l}), $length($string(${l})) - $length(${r})) = ${r}`],
  ['isEmpty', (l) => `($not($exists(${l})) or ${l} = null or ${l} = "")`],
  ['isNotEmpty', (l) => `($exists(${l}) and ${l} != null and ${l} != "")`],
]);

/** n8n compares numbers as numbers even when the value was typed as text. */
function typed(value: unknown, type: string): unknown {
  if (type === 'number' && typeof value === 'string' && value.trim() !== '' && !value.startsWith('=') && Number.isFinite(Number(value))) return Number(value);
  return value;
}

function side(value: unknown, type: string, context: ExpressionContext, problems: string[]): string {
  const converted = n8nValueAsJsonata(typed(value, type), context);
  if (converted.problem) problems.push(converted.problem);
  // A compound side (a join, an arithmetic) is wrapped so the operator applies to all of it.
  return /^[\w$."`[\]]+$/.test(converted.jsonata) ? converted.jsonata : `(${converted.jsonata})`;
}

function withCase(left: string, right: string, caseSensitive: boolean, type: string): [string, string] {
  return caseSensitive || type !== 'string' ? [left, right] : [`$lowercase(${left})`, `$lowercase(${right})`];
}

/** One version 2 condition, e.g. `{ leftValue: "={{ $json.total }}", rightValue: 100, operator: { type: "number", operation: "gt" } }`. */
function filterCondition(condition: Record<string, unknown>, caseSensitive: boolean, context: ExpressionContext, problems: string[]): string {
  const operator = isRecord(condition.operator) ? condition.operator : {};
  const type = typeof operator.type === 'string' ? operator.type : 'string';
  const operation = typeof operator.operation === 'string' ? operator.operation : 'equals';
  const build = FILTER_OPERATIONS.get(`${type}.${operation}`) ?? FILTER_OPERATIONS.get(operation);
  if (!build || type === 'dateTime' || type === 'object') {
    problems.push(`the ${type} operation "${operation}" has no JSONata equivalent here`);
    return 'false';
  }
  // Unary operations (exists, empty) read no right value, and case does not matter to them.
  const unary = build.length < 2;
  const left = side(condition.leftValue, type, context, problems);
  if (unary) return build(left, '');
  return build(...withCase(left, side(condition.rightValue, type, context, problems), caseSensitive, type));
}

function join(parts: readonly string[], combinator: string): string {
  if (parts.length === 0) return 'true';
  if (parts.length === 1) return parts[0]!;
  return parts.map((part) => `(${part})`).join(` ${combinator} `);
}

/** A version 2 filter (`{ conditions: [...], combinator, options }`) as one JSONata expression. */
export function convertFilter(filter: unknown, context: ExpressionContext): ConvertedCondition {
  const problems: string[] = [];
  if (!isRecord(filter) || !Array.isArray(filter.conditions)) return { jsonata: 'false', problems: ['the conditions cannot be read'] };
  const options = isRecord(filter.options) ? filter.options : {};
  const caseSensitive = options.caseSensitive !== false;
  const combinator = filter.combinator === 'or' ? 'or' : 'and';
  const parts = filter.conditions.filter(isRecord).map((condition) => filterCondition(condition, caseSensitive, context, problems));
  return { jsonata: join(parts, combinator), problems };
}

/** A version 1 IF's `conditions` (`{ number: [...], string: [...], boolean: [...] }`) and its `combineOperation`. */
export function convertV1Conditions(conditions: unknown, combineOperation: unknown, context: ExpressionContext): ConvertedCondition {
  const problems: string[] = [];
  if (!isRecord(conditions)) return { jsonata: 'false', problems: ['the conditions cannot be read'] };
  const parts: string[] = [];
  for (const type of Object.keys(conditions)) {
    const list = conditions[type];
    if (!Array.isArray(list)) continue;
    for (const rule of list.filter(isRecord)) {
      const operation = typeof rule.operation === 'string' ? rule.operation : type === 'boolean' ? 'equal' : 'equal';
      const build = V1_OPERATIONS.get(operation);
      if (!build || type === 'dateTime') {
        problems.push(`the ${type} operation "${operation}" has no JSONata equivalent here`);
        continue;
      }
      parts.push(build(side(rule.value1, type, context, problems), side(rule.value2 ?? (type === 'boolean' ? false : ''), type, context, problems)));
    }
  }
  return { jsonata: join(parts, combineOperation === 'any' ? 'or' : 'and'), problems };
}

/** The condition as a template, or an unconverted expression holding the original when something did not convert. */
export function conditionTemplate(converted: ConvertedCondition, original: unknown): string {
  if (converted.problems.length > 0) return `{{ ${unconvertedExpression('n8n', JSON.stringify(original ?? null))} }}`;
  return `{{ ${converted.jsonata} }}`;
}

/**
 * A Switch whose every rule compares the same value for equality with a literal: `value` and
 * `cases` of our `flow.switch`. Undefined when the rules are anything else.
 */
export function equalityCases(rules: readonly { left: unknown; operation: string; right: unknown }[], context: ExpressionContext): { value: string; cases: (string | number | boolean)[] } | undefined {
  if (rules.length === 0) return undefined;
  const left = rules[0]!.left;
  const cases: (string | number | boolean)[] = [];
  for (const rule of rules) {
    if (JSON.stringify(rule.left) !== JSON.stringify(left) || !['equals', 'equal'].includes(rule.operation)) return undefined;
    const right = rule.right;
    if (!(typeof right === 'string' || typeof right === 'number' || typeof right === 'boolean') || (typeof right === 'string' && right.startsWith('='))) return undefined;
    if (cases.some((c) => String(c) === String(right)) || String(right) === 'default') return undefined;
    cases.push(right);
  }
  const value = n8nValueAsJsonata(left, context);
  if (value.problem) return undefined;
  return { value: `{{ ${value.jsonata} }}`, cases };
}
