/**
 * The regular-expression engine of JSONata expressions (`$match`, `$replace`, `$split`,
 * `$contains` with a `/regex/`): RE2's linear-time matcher (re2js, pure JavaScript) in place
 * of V8's backtracking `RegExp`. One `RegExp.exec` cannot be interrupted, so a pattern like
 * `/(a+)+$/` against a long input would hold the thread for minutes whatever the time limit;
 * with RE2 every match costs time proportional to the input. The price: RE2 has no
 * backreferences (`\1`) and no lookahead, which `checkRegexes` reports when the expression
 * is parsed.
 */
import { RE2JS } from 're2js';

// Each evaluation of a regex literal constructs an engine: compiled patterns are cached.
const compiled = new Map<string, RE2JS>();
const CACHE_LIMIT = 500;

function compile(pattern: RegExp): RE2JS {
  const key = `${pattern.flags}/${pattern.source}`;
  let hit = compiled.get(key);
  if (!hit) {
    // translateRegExp maps JavaScript syntax (named groups, \u{…}, flags i and m) to RE2's
    hit = RE2JS.compile(RE2JS.translateRegExp(pattern));
    if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, hit);
  }
  return hit;
}

/**
 * The part of `RegExp` that JSONata uses (its `RegexEngine` option): constructed from the
 * parsed literal, then `lastIndex` set and `exec` called for each successive match.
 */
export class LinearRegExp {
  lastIndex = 0;
  private readonly pattern: RE2JS;

  constructor(pattern: RegExp) {
    this.pattern = compile(pattern);
  }

  exec(text: string): RegExpExecArray | null {
    const matcher = this.pattern.matcher(text);
    if (this.lastIndex > text.length || !matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [matcher.group(0) ?? ''];
    const count = matcher.groupCount();
    // RegExp reports a group that took no part in the match as undefined, RE2 as null
    for (let i = 1; i <= count; i++) groups.push(matcher.group(i) ?? undefined);
    const match = groups as RegExpExecArray;
    match.index = matcher.start(0);
    match.input = text;
    this.lastIndex = matcher.end(0);
    return match;
  }
}

/** The message of the first regex literal in a parsed JSONata tree that RE2 cannot run, with its position. */
export function unsupportedRegex(ast: unknown): { message: string; position?: number } | undefined {
  const stack: unknown[] = [ast];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const { type, value, position } = node as { type?: unknown; value?: unknown; position?: unknown };
    if (type === 'regex' && value instanceof RegExp) {
      try {
        compile(value);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return {
          message: `the regular expression /${value.source}/ is not supported (${reason}): expressions match with RE2, which has no backreferences or lookahead, so that no pattern can run for longer than linear time`,
          position: typeof position === 'number' ? position : undefined,
        };
      }
    }
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return undefined;
}
