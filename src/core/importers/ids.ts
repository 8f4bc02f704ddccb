/** Turning foreign ids into valid, unique ids of our format. */

const MAX_ID_LENGTH = 200;

/**
 * The id our format uses for a raw id: numbers as decimal text, strings trimmed and cut to the
 * allowed length. Undefined when nothing usable is left. Node ids and edge references go
 * through the same function, so a reference still matches the node it meant.
 */
export function toId(raw: unknown): string | undefined {
  let text: string;
  if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else if (typeof raw === 'string') text = raw;
  else return undefined;
  const id = text.trim().slice(0, MAX_ID_LENGTH).trim();
  return id === '' ? undefined : id;
}

/**
 * Hands out unique ids. Ids that appear in the source are reserved first, so that an id made up
 * for a duplicate (`a-2`) never takes the id a later source item really has.
 */
export class IdAllocator {
  private readonly claimed = new Set<string>();
  private readonly reserved = new Set<string>();

  reserve(ids: Iterable<string>): void {
    for (const id of ids) this.reserved.add(id);
  }

  /** Claims exactly `id`; false when it was claimed before. */
  claimExact(id: string): boolean {
    if (this.claimed.has(id)) return false;
    this.claimed.add(id);
    return true;
  }

  /** A new id: `base` when free, else `base-2`, `base-3`, … (kept within the length limit). */
  claimFresh(base: string): string {
    let id = base.slice(0, MAX_ID_LENGTH).trimEnd();
    for (let n = 2; this.claimed.has(id) || this.reserved.has(id); n++) {
      const suffix = `-${n}`;
      id = base.slice(0, MAX_ID_LENGTH - suffix.length).trimEnd() + suffix;
    }
    this.claimed.add(id);
    return id;
  }
}
