/**
 * Zod issues as diagnostics: short texts that read after a field name ("config.url is
 * required"), and a subject that names the node or edge the field belongs to.
 */
import type { z } from 'zod';
import { fieldName, type JsonPath } from './locate';
import { isPlainObject } from './entries';

type RawIssue = z.core.$ZodRawIssue;

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** `a string`, `an array`, `null` … — what a JSON value is, for "must be X, not Y". */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return article(typeof value);
}

function expectedKind(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'record') return 'an object';
  if (expected === 'null' || expected === 'undefined') return expected;
  return article(expected);
}

function plural(count: number | bigint, noun: string): string {
  return `${count} ${noun}${Number(count) === 1 ? '' : 's'}`;
}

function tooSmall(issue: Extract<RawIssue, { code: 'too_small' }>): string | undefined {
  const { origin, minimum, inclusive } = issue;
  if (origin === 'string') return Number(minimum) <= 1 ? 'must not be empty' : `must be at least ${plural(minimum, 'character')} long`;
  if (origin === 'array' || origin === 'set') return `must have at least ${plural(minimum, 'item')}`;
  if (origin === 'number' || origin === 'int' || origin === 'bigint') return inclusive === false ? `must be greater than ${minimum}` : `must be at least ${minimum}`;
  return undefined;
}

function tooBig(issue: Extract<RawIssue, { code: 'too_big' }>): string | undefined {
  const { origin, maximum, inclusive } = issue;
  if (origin === 'string') return `must be at most ${plural(maximum, 'character')} long`;
  if (origin === 'array' || origin === 'set') return `must have at most ${plural(maximum, 'item')}`;
  if (origin === 'number' || origin === 'int' || origin === 'bigint') return inclusive === false ? `must be less than ${maximum}` : `must be at most ${maximum}`;
  return undefined;
}

/** "must be a string or a number" when every branch of a union wanted another type. */
function unionText(issue: Extract<RawIssue, { code: 'invalid_union' }>): string {
  const expected: string[] = [];
  for (const branch of issue.errors ?? []) {
    const only = branch.length === 1 ? branch[0] : undefined;
    if (!only || only.code !== 'invalid_type' || only.path.length > 0) return 'does not match any of the allowed forms';
    const kind = expectedKind(only.expected);
    if (!expected.includes(kind)) expected.push(kind);
  }
  if (expected.length === 0) return 'does not match any of the allowed forms';
  const list = expected.length === 1 ? expected[0] : `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`;
  return `must be ${list}, not ${kindOf(issue.input)}`;
}

/**
 * Per-parse error map: texts for zod's built-in issues. Messages written in a schema (such as
 * 'must not be empty') take precedence over this map, so they are kept as they are.
 */
export const issueText: z.core.$ZodErrorMap = (issue) => {
  // Whatever a schema wanted of a value, when there is no value at all it is simply missing.
  if (issue.input === undefined && issue.code !== 'custom' && issue.code !== 'unrecognized_keys') return 'is required';
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${expectedKind(issue.expected)}, not ${kindOf(issue.input)}`;
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern ? `must match the pattern ${issue.pattern}` : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return unionText(issue);
    default:
      return undefined;
  }
};

/** One finding derived from a zod issue, before it is located. */
export interface IssueFinding {
  path: JsonPath;
  message: string;
  /** Point at the key (an unknown property) rather than the value. */
  atKey: boolean;
  nodeId?: string;
}

/**
 * Who a path belongs to: `node "Fetch" (fetch)` for a path under `/nodes/i` (when that node
 * has a string id), `edge "e1"` under `/edges/i`, nothing for the rest; plus the path inside.
 */
export function subjectOf(root: unknown, path: JsonPath): { label?: string; field: JsonPath; nodeId?: string } {
  if (path.length >= 2 && (path[0] === 'nodes' || path[0] === 'edges') && typeof path[1] === 'number' && isPlainObject(root)) {
    const list = root[path[0]];
    const item: unknown = Array.isArray(list) ? list[path[1]] : undefined;
    if (isPlainObject(item) && typeof item.id === 'string') {
      if (path[0] === 'edges') return { label: `edge "${item.id}"`, field: path.slice(2) };
      const named = typeof item.name === 'string' && item.name !== '' && item.name !== item.id;
      return { label: named ? `node "${String(item.name)}" (${item.id})` : `node "${item.id}"`, field: path.slice(2), nodeId: item.id };
    }
  }
  return { field: path };
}

/** `node "A" (a): config.url is required`, `settings.concurrency must be at least 1`, … */
export function sentence(root: unknown, path: JsonPath, text: string): { message: string; nodeId?: string } {
  const { label, field, nodeId } = subjectOf(root, path);
  const where = fieldName(field);
  if (label) return { message: where ? `${label}: ${where} ${text}` : `${label} ${text}`, nodeId };
  return { message: where ? `${where} ${text}` : `the workflow ${text}` };
}

/** Findings for zod issues whose paths are relative to `base` inside `root`. */
export function findingsOfIssues(root: unknown, base: JsonPath, issues: readonly z.core.$ZodIssue[]): IssueFinding[] {
  const findings: IssueFinding[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        findings.push({ path: [...path, key], atKey: true, ...sentence(root, path, `has unknown property "${key}"`) });
      }
      continue;
    }
    findings.push({ path, atKey: false, ...sentence(root, path, issue.message) });
  }
  return findings;
}
