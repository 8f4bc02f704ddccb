/**
 * The descriptions a tree view last showed, per item: when the clock ticks, the items whose
 * description reads differently now ("just now" → "1 min ago") are the ones to refresh, and
 * only those (a refresh of an expanded item re-reads its children). Free of `vscode`.
 */
export class ShownDescriptions<T extends object> {
  private shown = new WeakMap<T, string>();

  /** Notes `text` as shown for `item`; returns it. */
  remember(item: T, text: string): string {
    this.shown.set(item, text);
    return text;
  }

  /** The items among `items` whose description `describe` gives differs from the one shown. */
  stale(items: Iterable<T>, describe: (item: T) => string): T[] {
    const out: T[] = [];
    for (const item of items) {
      const was = this.shown.get(item);
      if (was !== undefined && was !== describe(item)) out.push(item);
    }
    return out;
  }
}
