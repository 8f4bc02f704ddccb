/**
 * Collects fields an importer could not carry over, per kind of item, so that a graph of 500
 * nodes with the same leftover field gives one warning instead of 500.
 */
import { droppedKeys } from './jsonValues';

export class DroppedFields {
  private readonly counts = new Map<string, Map<string, number>>();

  /**
   * Records the keys of `item` that are neither `handled` nor harmless view state (`viewOnly`),
   * under `kind` ("node", "edge", …). `prefix` names a nested object, e.g. "data.".
   */
  collect(kind: string, item: Record<string, unknown>, handled: ReadonlySet<string>, viewOnly: ReadonlySet<string> = NO_KEYS, prefix = ''): void {
    for (const key of droppedKeys(item, handled, viewOnly)) this.add(kind, prefix + key);
  }

  /** Records one dropped field by name. */
  add(kind: string, field: string): void {
    const fields = this.counts.get(kind) ?? new Map<string, number>();
    fields.set(field, (fields.get(field) ?? 0) + 1);
    this.counts.set(kind, fields);
  }

  /** One warning per kind, e.g. `node fields not kept: hidden (2 nodes), color (1 node)`. */
  report(warnings: string[]): void {
    for (const [kind, fields] of this.counts) {
      const list = [...fields].map(([field, count]) => `${field} (${count} ${kind}${count === 1 ? '' : 's'})`);
      warnings.push(`${kind} fields not kept (our format has no place for them): ${list.join(', ')}`);
    }
  }
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** Warns about top-level fields of the document that are not carried over. */
export function warnDroppedTopLevel(value: Record<string, unknown>, handled: ReadonlySet<string>, viewOnly: ReadonlySet<string>, warnings: string[]): void {
  const keys = droppedKeys(value, handled, viewOnly);
  if (keys.length > 0) warnings.push(`top-level fields not kept (our format has no place for them): ${keys.join(', ')}`);
}
