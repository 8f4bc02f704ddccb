/**
 * An edit to a workflow file as small text edits on the text the user has, not a fresh
 * serialization: a file written by hand keeps its layout, and a moved node changes the lines of
 * its position only. The changes are found by comparing the workflow before and after the edit
 * (both in canonical shape); each one becomes a `jsonc-parser` `modify` on the current text.
 * Pure (no `vscode`), unit-tested in plain Node.
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type JSONPath } from 'jsonc-parser';
import { canonicalize, printInline, serializeWorkflow, type Json } from '../../core/model/serialize';

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function idOf(value: Json): string | undefined {
  return isObject(value) && typeof value.id === 'string' ? value.id : undefined;
}

/** How the file is indented and which line ending it uses, so inserted text looks like the rest. */
export function formattingOf(text: string): Required<Pick<FormattingOptions, 'insertSpaces' | 'tabSize' | 'eol'>> {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indented ? Math.min(indented.length, 8) : 2, eol };
}

class TextEditor {
  constructor(
    public text: string,
    private readonly formatting: ReturnType<typeof formattingOf>,
  ) {}

  /**
   * Sets, inserts or (with `undefined`) removes the value at `path`. Removing and replacing a
   * plain value touch only that text; an item appended to an array or a property added to an
   * object is written like its siblings (on their line when they share one); anything else
   * goes through jsonc-parser's formatter, which may reformat the lines around it.
   */
  set(path: JSONPath, value: Json | undefined, isArrayInsertion = false): void {
    if (value === undefined ? this.removeItem(path) : this.appendLikeSiblings(path, value)) return;
    if (value === undefined || value === null || typeof value !== 'object') {
      this.text = applyEdits(this.text, modify(this.text, path, value, { isArrayInsertion }));
      return;
    }
    this.text = applyEdits(this.text, modify(this.text, path, value, { formattingOptions: this.formatting, isArrayInsertion }));
  }

  /** Removes the item or property at `path` with the comma before it (after it, for the first): the lines around keep their layout. */
  private removeItem(path: JSONPath): boolean {
    const parent = findNodeAtLocation(parseTree(this.text)!, path.slice(0, -1));
    const key = path.at(-1);
    const items = parent?.children ?? [];
    const index = parent?.type === 'array' ? (typeof key === 'number' ? key : -1) : items.findIndex((p) => p.children?.[0]?.value === key);
    const item = items[index];
    if (!item || items.length < 2) return false;
    const [start, end] = index > 0 ? [items[index - 1]!.offset + items[index - 1]!.length, item.offset + item.length] : [item.offset, items[1]!.offset];
    this.text = this.text.slice(0, start) + this.text.slice(end);
    return true;
  }

  /** Appends `value` as the last item / property of its parent, laid out like the one before it. */
  private appendLikeSiblings(path: JSONPath, value: Json): boolean {
    const parent = findNodeAtLocation(parseTree(this.text)!, path.slice(0, -1));
    const last = parent?.children?.at(-1);
    if (!parent || !last) return false;
    const key = path.at(-1)!;
    const appending = parent.type === 'array' ? key === parent.children!.length : typeof key === 'string' && !parent.children!.some((p) => p.children?.[0]?.value === key);
    if (!appending) return false;
    const lineStart = this.text.lastIndexOf('\n', last.offset - 1) + 1;
    const lead = this.text.slice(lineStart, last.offset);
    const label = parent.type === 'object' ? `${JSON.stringify(key)}: ` : '';
    let insert: string;
    if (/^[ \t]*$/.test(lead)) {
      // Siblings one per line: a new line at their indentation, nested lines one step deeper.
      const unit = this.formatting.insertSpaces ? ' '.repeat(this.formatting.tabSize) : '\t';
      const body = JSON.stringify(value, null, unit).split('\n').join(this.formatting.eol + lead);
      insert = `,${this.formatting.eol}${lead}${label}${body}`;
    } else {
      insert = `, ${label}${printInline(value)}`;
    }
    const end = last.offset + last.length;
    this.text = this.text.slice(0, end) + insert + this.text.slice(end);
    return true;
  }

  /** Changes the value at `path` from `before` to `after`, touching as little text as it can. */
  change(path: JSONPath, before: Json | undefined, after: Json | undefined): void {
    if (same(before, after)) return;
    if (isObject(before) && isObject(after)) return this.changeObject(path, before, after);
    if (Array.isArray(before) && Array.isArray(after)) return this.changeArray(path, before, after);
    this.set(path, after);
  }

  private changeObject(path: JSONPath, before: { [key: string]: Json }, after: { [key: string]: Json }): void {
    for (const key of Object.keys(before)) if (!(key in after)) this.set([...path, key], undefined);
    for (const key of Object.keys(after)) this.change([...path, key], before[key], after[key]);
  }

  /**
   * Arrays of items with ids (nodes, edges, sticky notes) are matched by id: items removed, items
   * added, items changed in place. Other arrays change item by item when their length is kept,
   * else as a whole; so does a reordered array of items with ids.
   */
  private changeArray(path: JSONPath, before: Json[], after: Json[]): void {
    const beforeIds = before.map(idOf);
    const afterIds = after.map(idOf);
    const keyed = beforeIds.every((id) => id !== undefined) && afterIds.every((id) => id !== undefined);
    if (!keyed) {
      if (before.length !== after.length) return this.set(path, after);
      before.forEach((item, i) => this.change([...path, i], item, after[i]));
      return;
    }
    const kept = beforeIds.filter((id) => afterIds.includes(id));
    if (!same(kept, afterIds.filter((id) => beforeIds.includes(id)))) return this.set(path, after);
    // In place first (old indexes still hold), then removals from the end, then insertions in order.
    before.forEach((item, i) => {
      const j = afterIds.indexOf(beforeIds[i]);
      if (j >= 0) this.change([...path, i], item, after[j]);
    });
    for (let i = before.length - 1; i >= 0; i--) if (!afterIds.includes(beforeIds[i])) this.set([...path, i], undefined);
    after.forEach((item, j) => {
      if (!beforeIds.includes(afterIds[j])) this.set([...path, j], item, true);
    });
  }
}

/**
 * The text of `text` after the workflow it holds becomes `after`: minimal edits, or undefined
 * when they cannot be trusted to give exactly `after` (the caller then writes the canonical
 * text). `before` is the workflow `text` holds.
 */
export function minimalEditText(text: string, before: unknown, after: unknown): string | undefined {
  const canonical = (value: unknown): Json => JSON.parse(JSON.stringify(canonicalize(value) ?? null)) as Json;
  const editor = new TextEditor(text, formattingOf(text));
  try {
    editor.change([], canonical(before), canonical(after));
    // The result must hold exactly the edited workflow.
    return serializeWorkflow(JSON.parse(editor.text)) === serializeWorkflow(after) ? editor.text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The one range to replace to turn `before` into `after` (their common start and end kept):
 * offsets into `before` and the text that goes there.
 */
export function changedSpan(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}
