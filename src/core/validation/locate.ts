/**
 * Naming places: JSON paths as pointers (for tools) and as field names (for messages), and
 * text offsets as lines and columns (for editors).
 */

/** A JSON path as segments: property names and array indexes. */
export type JsonPath = readonly (string | number)[];

/** Where a diagnostic points in the text. */
export interface TextSpan {
  line: number;
  column: number;
  length: number;
}

/** JSON pointer (RFC 6901) of a path: `['nodes', 2, 'a/b']` → `/nodes/2/a~1b`. */
export function toPointer(path: JsonPath): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Field path for messages: `['config', 'headers', 0, 'name']` → `config.headers[0].name`. */
export function fieldName(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Maps offsets of one text to lines and columns (binary search over line starts). */
export class TextLocator {
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      // \r\n counts once; a lone \r is a line break too, as in editors
      if (ch === 13 && text.charCodeAt(i + 1) === 10) continue;
      if (ch === 10 || ch === 13) this.lineStarts.push(i + 1);
    }
  }

  /** The span of `length` characters at `offset`, cut at the end of its line (at least 1). */
  span(offset: number, length = 1): TextSpan {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    const lineEnd = low + 1 < this.lineStarts.length ? this.lineStarts[low + 1] : this.text.length;
    let end = Math.min(clamped + Math.max(length, 1), lineEnd);
    while (end > clamped + 1 && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return { line: low + 1, column: clamped - this.lineStarts[low] + 1, length: Math.max(1, end - clamped) };
  }
}
