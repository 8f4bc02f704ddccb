/**
 * Names of fields inside a workflow, as diffs, merge conflicts and messages print them:
 * `config.url`, `config.headers.Accept`, `settings.timeoutMs`, `config["a.b"]`. A segment
 * that is not a plain identifier is written as a JSON string in brackets, so every name can be
 * read back into its segments (`parseFieldPath`), e.g. by a canvas that resolves a conflict.
 */

const PLAIN_SEGMENT = /^[A-Za-z_$][\w$-]*$/;

/** `["config", "url"]` → `config.url`; `["config", "a.b"]` → `config["a.b"]`. */
export function formatFieldPath(segments: readonly string[]): string {
  let out = '';
  for (const segment of segments) {
    if (PLAIN_SEGMENT.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The segments of a path written by `formatFieldPath`; undefined when the text is no such path. */
export function parseFieldPath(path: string): string[] | undefined {
  const segments: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const close = findClosingBracket(path, i + 1);
      if (close < 0) return undefined;
      try {
        const segment: unknown = JSON.parse(path.slice(i + 1, close));
        if (typeof segment !== 'string') return undefined;
        segments.push(segment);
      } catch {
        return undefined;
      }
      i = close + 1;
      if (path[i] === '.') i++;
      continue;
    }
    const match = /^[A-Za-z_$][\w$-]*/.exec(path.slice(i));
    if (!match) return undefined;
    segments.push(match[0]);
    i += match[0].length;
    if (path[i] === '.') {
      i++;
      if (i === path.length) return undefined;
    } else if (i < path.length && path[i] !== '[') return undefined;
  }
  return segments.length > 0 ? segments : undefined;
}

/** Index of the `]` closing a JSON string that starts at `start`, or -1. */
function findClosingBracket(path: string, start: number): number {
  if (path[start] !== '"') return -1;
  for (let i = start + 1; i < path.length; i++) {
    if (path[i] === '\\') i++;
    else if (path[i] === '"') return path[i + 1] === ']' ? i + 1 : -1;
  }
  return -1;
}
