/**
 * `$node[...]`: outputs of finished nodes by name and id, as an object expressions can read.
 *
 * Writing two dictionary keys per node was the single largest cost of a long chain, and most
 * workflows never read `$node`, so finished nodes are only queued here; the object is brought
 * up to date when an expression or a code node asks for it (amortized O(1) per node).
 * A loop iteration's view inherits its parent's through the prototype chain, so an iteration
 * sees outer outputs without copying them and its own outputs shadow them.
 */
export class OutputsView {
  private readonly object: Record<string, unknown>;
  private readonly queued: { id: string; name: string; value: unknown }[] = [];

  constructor(private readonly parent?: OutputsView) {
    this.object = parent ? (Object.create(parent.object) as Record<string, unknown>) : {};
  }

  /** Records a finished node's output (cheap: a push). */
  add(id: string, name: string, value: unknown): void {
    this.queued.push({ id, name, value });
  }

  /** The up-to-date object, parents included. */
  current(): Record<string, unknown> {
    this.parent?.current();
    const queued = this.queued;
    if (queued.length > 0) {
      for (const { id, name, value } of queued) {
        this.object[id] = value;
        this.object[name] = value;
      }
      queued.length = 0;
    }
    return this.object;
  }
}
