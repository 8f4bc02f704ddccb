/**
 * Finds the text of a value by its JSON path, indexing only the containers on the way, each
 * once. A file with a handful of findings then costs a few scans, never a full tree of a
 * 3 MB file (which would take longer than all the checks together).
 */
import type { JsonPath } from './locate';
import { skipTrivia, stringEnd, valueEnd } from './jsonText';

/** A key/value (object) or an element (array) of a container, as text offsets. */
interface Member {
  key: string | undefined;
  keyOffset: number;
  keyEnd: number;
  offset: number;
  end: number;
}

/** Where a path leads: its deepest existing value, and the key that holds it (if any). */
export interface Resolved {
  /** How many segments of the path exist (== path.length when the value exists). */
  depth: number;
  offset: number;
  end: number;
  key?: { offset: number; end: number };
}

function decodeKey(raw: string): string {
  if (!raw.includes('\\')) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/** Path lookups over text that parsed without fatal errors (comments and trailing commas allowed). */
export class JsonTextIndex {
  private readonly members = new Map<number, Member[]>();
  private readonly root: number;

  constructor(private readonly text: string) {
    this.root = skipTrivia(text, 0);
  }

  /** The text of a string value, quotes included, or undefined for any other value. */
  rawString(offset: number, end: number): string | undefined {
    return this.text.charCodeAt(offset) === 34 ? this.text.slice(offset, end) : undefined;
  }

  /** Follows `path` as far as it exists. */
  resolve(path: JsonPath): Resolved {
    let current: Resolved = { depth: 0, offset: this.root, end: valueEnd(this.text, this.root) };
    for (const segment of path) {
      const opener = this.text.charCodeAt(current.offset);
      if (opener !== 123 && opener !== 91) return current;
      const members = this.membersOf(current.offset);
      let member: Member | undefined;
      if (opener === 91) member = typeof segment === 'number' ? members[segment] : undefined;
      else for (const m of members) if (m.key === String(segment)) member = m; // the last one wins, as in JSON.parse
      if (!member) return current;
      current = {
        depth: current.depth + 1,
        offset: member.offset,
        end: member.end,
        key: member.key === undefined ? undefined : { offset: member.keyOffset, end: member.keyEnd },
      };
    }
    return current;
  }

  /** Every repeated key in the text (each later occurrence), with its path. */
  duplicateKeys(): { path: JsonPath; offset: number; end: number }[] {
    const found: { path: JsonPath; offset: number; end: number }[] = [];
    const pending: { offset: number; path: JsonPath }[] = [{ offset: this.root, path: [] }];
    while (pending.length > 0) {
      const { offset, path } = pending.pop()!;
      const opener = this.text.charCodeAt(offset);
      if (opener !== 123 && opener !== 91) continue;
      const seen = new Set<string>();
      this.membersOf(offset).forEach((member, index) => {
        const segment = member.key ?? index;
        if (member.key !== undefined) {
          if (seen.has(member.key)) found.push({ path: [...path, member.key], offset: member.keyOffset, end: member.keyEnd });
          seen.add(member.key);
        }
        pending.push({ offset: member.offset, path: [...path, segment] });
      });
    }
    return found.sort((a, b) => a.offset - b.offset);
  }

  private membersOf(containerOffset: number): Member[] {
    const cached = this.members.get(containerOffset);
    if (cached) return cached;
    const text = this.text;
    const isObject = text.charCodeAt(containerOffset) === 123;
    const list: Member[] = [];
    let i = containerOffset + 1;
    for (;;) {
      i = skipTrivia(text, i);
      const code = text.charCodeAt(i);
      if (i >= text.length || code === 125 || code === 93) break;
      if (code === 44) {
        i++;
        continue;
      }
      let key: string | undefined;
      let keyOffset = -1;
      let keyEnd = -1;
      if (isObject) {
        if (code !== 34) break; // cannot happen in text that parsed; never loop on it
        keyOffset = i;
        keyEnd = stringEnd(text, i);
        key = decodeKey(text.slice(keyOffset, keyEnd));
        i = skipTrivia(text, keyEnd);
        if (text.charCodeAt(i) === 58) i = skipTrivia(text, i + 1);
      }
      const end = valueEnd(text, i);
      list.push({ key, keyOffset, keyEnd, offset: i, end });
      i = Math.max(end, i + 1);
    }
    this.members.set(containerOffset, list);
    return list;
  }
}
