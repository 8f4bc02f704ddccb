/**
 * A minimal event emitter for the vscode-free view models (STYLE 13): the models must run in
 * plain Node unit tests, so they cannot use `vscode.EventEmitter`.
 */

/** Stops a subscription. */
export interface Unsubscribe {
  dispose(): void;
}

/** Subscribes a listener; mirrors the shape of `vscode.Event` so providers can pass it on. */
export type ModelEvent<T> = (listener: (value: T) => void) => Unsubscribe;

/** Emits values to its listeners, in subscription order; a throwing listener does not stop the others. */
export class ModelEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** The subscribe function handed to consumers. */
  readonly event: ModelEvent<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Calls every listener with `value`. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // One broken view must not keep the others from refreshing.
      }
    }
  }

  /** Drops every listener. */
  dispose(): void {
    this.listeners.clear();
  }
}
