/**
 * Conditions of foreign "if" nodes as our `{{ JSONata }}` templates. A bare expression is wrapped
 * (other tools store `price > 0.75` without braces; left bare it would be a non-empty string,
 * always true); a `{ field, operator, value }` rule is written as the equivalent JSONata.
 */
import { isRecord, nonEmptyString } from './jsonValues';

/** Operators of rule-style conditions and their JSONata spelling. */
const OPERATORS: ReadonlyMap<string, string> = new Map(Object.entries({
  '>': '>',
  gt: '>',
  greaterthan: '>',
  '>=': '>=',
  gte: '>=',
  '<': '<',
  lt: '<',
  lessthan: '<',
  '<=': '<=',
  lte: '<=',
  '=': '=',
  '==': '=',
  '===': '=',
  eq: '=',
  equals: '=',
  is: '=',
  '!=': '!=',
  '!==': '!=',
  '<>': '!=',
  neq: '!=',
  notequals: '!=',
}));

/** `price` and `order.total` stay as they are; anything else becomes a back-quoted name. */
function fieldPath(field: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(field) ? field : `\`${field.replace(/`/g, '')}\``;
}

/** A JSON literal is also a JSONata literal (strings in double quotes, numbers, booleans, null). */
function literal(value: unknown): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number' && Number.isFinite(value)) return JSON.stringify(value);
  return undefined;
}

/** The JSONata of a `{ field, operator, value }` rule, or undefined when it is not one we can read. */
function ruleExpression(rule: Record<string, unknown>): string | undefined {
  const field = nonEmptyString(rule.field ?? rule.left ?? rule.variable);
  const operatorText = nonEmptyString(rule.operator ?? rule.op ?? rule.comparison);
  const value = literal('value' in rule ? rule.value : rule.right);
  if (!field || !operatorText || value === undefined) return undefined;
  const normalized = operatorText.toLowerCase().replace(/[\s_-]/g, '');
  if (normalized === 'contains') return `$contains(${fieldPath(field)}, ${value})`;
  const operator = OPERATORS.get(normalized);
  return operator ? `${fieldPath(field)} ${operator} ${value}` : undefined;
}

/** How a condition was read. */
export interface ReadCondition {
  condition: unknown;
  /** Keys of the node's data that held the condition (they leave the config). */
  consumed: string[];
  /** Set when the text of the condition was changed and the user should check it. */
  rewritten?: string;
}

function ruleNote(expression: string): string {
  return `the condition rule was written as ${JSON.stringify(`{{ ${expression} }}`)}`;
}

const EXPRESSION_KEYS = ['condition', 'expression', 'expr'] as const;
const RULE_KEYS = ['field', 'left', 'variable', 'operator', 'op', 'comparison', 'value', 'right'] as const;

/** Reads the condition of a foreign "if" node, or undefined when there is none we understand. */
export function readCondition(data: Record<string, unknown>): ReadCondition | undefined {
  for (const key of EXPRESSION_KEYS) {
    const value = data[key];
    if (typeof value === 'boolean') return { condition: value, consumed: [key] };
    const text = nonEmptyString(value);
    if (text) {
      if (text.includes('{{')) return { condition: text, consumed: [key] };
      return { condition: `{{ ${text} }}`, consumed: [key], rewritten: `the condition ${JSON.stringify(text)} was wrapped in {{ }}; check that it is a JSONata expression` };
    }
    if (isRecord(value)) {
      const expression = ruleExpression(value);
      if (expression) return { condition: `{{ ${expression} }}`, consumed: [key], rewritten: ruleNote(expression) };
    }
  }
  const expression = ruleExpression(data);
  if (!expression) return undefined;
  return {
    condition: `{{ ${expression} }}`,
    consumed: RULE_KEYS.filter((key) => key in data),
    rewritten: ruleNote(expression),
  };
}
