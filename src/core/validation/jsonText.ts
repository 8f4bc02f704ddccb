/**
 * Low-level scanning of JSON text that has already been parsed successfully (by JSON.parse, or
 * by jsonc-parser without a fatal error, so possibly with comments and trailing commas).
 * Nothing here allocates per character, so a 3 MB file is scanned in a few milliseconds.
 */

/** JSON whitespace (nothing else is whitespace in JSON). */
export function isWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** Offset just past the closing quote of the string that starts at `start` (text end if unclosed). */
export function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote >= 0) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/** Offset just past a `//` or `/*` comment starting at `start`, or `start` when there is none. */
export function commentEnd(text: string, start: number): number {
  if (text.charCodeAt(start) !== 47) return start;
  const next = text.charCodeAt(start + 1);
  if (next === 47) {
    let end = start + 2;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    return end;
  }
  if (next === 42) {
    const close = text.indexOf('*/', start + 2);
    return close < 0 ? text.length : close + 2;
  }
  return start;
}

/** First offset at or after `start` that is neither whitespace nor a comment. */
export function skipTrivia(text: string, start: number): number {
  let i = start;
  for (;;) {
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    const after = commentEnd(text, i);
    if (after === i) return i;
    i = after;
  }
}

/** Offset just past the value that starts at `start` (a string, container or literal). */
export function valueEnd(text: string, start: number): number {
  const code = text.charCodeAt(start);
  if (code === 34) return stringEnd(text, start);
  if (code === 123 || code === 91) {
    let depth = 0;
    for (let i = start; i < text.length; ) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i = stringEnd(text, i);
        continue;
      }
      if (c === 47) {
        const after = commentEnd(text, i);
        if (after > i) {
          i = after;
          continue;
        }
      }
      if (c === 123 || c === 91) depth++;
      else if ((c === 125 || c === 93) && --depth === 0) return i + 1;
      i++;
    }
    return text.length;
  }
  let end = start + 1;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (isWhitespace(c) || c === 44 || c === 93 || c === 125 || c === 47) break; // , ] } /
    end++;
  }
  return end;
}

/** What a quick scan of valid JSON found. */
export interface ScanSummary {
  /** Number of object keys written in the text (duplicates included). */
  keyCount: number;
  /** Offset of the first bracket nested deeper than the limit, or -1. */
  tooDeepAt: number;
}

/**
 * Counts keys and checks nesting of `text`, which MUST be strict valid JSON. Comparing the key
 * count with the parsed value's (`countKeys`) tells whether some key repeats, at no cost.
 */
export function scanValidJson(text: string, maxDepth: number): ScanSummary {
  let keyCount = 0;
  let depth = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      i = stringEnd(text, i);
      while (isWhitespace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 58) keyCount++;
      continue;
    }
    if (code === 123 || code === 91) {
      if (++depth > maxDepth) return { keyCount, tooDeepAt: i };
    } else if (code === 125 || code === 93) {
      depth--;
    }
    i++;
  }
  return { keyCount, tooDeepAt: -1 };
}

/** Number of own keys of every object inside a parsed JSON value (iterative: no recursion). */
export function countKeys(value: unknown): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === null || typeof current !== 'object') continue;
    const items = Array.isArray(current) ? current : Object.values(current);
    if (!Array.isArray(current)) count += items.length;
    for (const item of items) if (item !== null && typeof item === 'object') pending.push(item);
  }
  return count;
}
