/**
 * Expressions an importer could not translate (an n8n expression that uses JavaScript, say) are
 * kept word for word inside `{{ $unconverted("n8n", "<original>") }}`: valid JSONata, so the file
 * still loads and the canvas shows it; the validator reports it as a warning naming the node and
 * field; and a run that reaches it fails with the original text instead of computing something
 * else.
 */
import { NodeError } from '../errors';

/** Name of the JSONata function that marks an unconverted expression (`$unconverted`). */
export const UNCONVERTED_FUNCTION = 'unconverted';

/** A JSONata string literal whose braces are escaped, so that no `{{` or `}}` ends a template early. */
export function braceSafeLiteral(text: string): string {
  return JSON.stringify(text).replace(/[{}]/g, (brace) => (brace === '{' ? '\\u007b' : '\\u007d'));
}

/** The expression (without braces) that keeps `original` from `tool` unconverted. */
export function unconvertedExpression(tool: string, original: string): string {
  return `$${UNCONVERTED_FUNCTION}(${braceSafeLiteral(tool)}, ${braceSafeLiteral(original)})`;
}

/** A whole template value holding an unconverted expression. */
export function unconvertedTemplate(tool: string, original: string): string {
  return `{{ ${unconvertedExpression(tool, original)} }}`;
}

const CALL = /\$unconverted\(\s*("(?:[^"\\]|\\.)*")\s*,\s*("(?:[^"\\]|\\.)*")\s*\)/g;

/** The unconverted expressions inside a JSONata expression: which tool, and the original text. */
export function findUnconverted(expression: string): { tool: string; original: string }[] {
  if (!expression.includes(`$${UNCONVERTED_FUNCTION}(`)) return [];
  const found: { tool: string; original: string }[] = [];
  for (const match of expression.matchAll(CALL)) {
    try {
      found.push({ tool: JSON.parse(match[1]!) as string, original: JSON.parse(match[2]!) as string });
    } catch {
      // Not our own escaping: the validator's syntax check reports what is wrong with it.
    }
  }
  return found;
}

/** The binding: evaluating an unconverted expression fails with a message that says what to do. */
export function unconvertedBinding(tool: unknown, original: unknown): never {
  throw new NodeError(`this expression was imported from ${String(tool)} and not converted: ${String(original)} (rewrite it in JSONata)`, {
    code: 'UNCONVERTED_EXPRESSION',
  });
}
