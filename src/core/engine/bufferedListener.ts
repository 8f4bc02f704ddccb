/**
 * A listener that keeps events until its real target is ready, then hands them over in order.
 * Lets a run start before a slow subscriber (the history store opening) is available, without
 * losing or reordering anything.
 */
import type { ExecutionEvent, ExecutionListener } from './events';

export interface BufferedListener {
  listener: ExecutionListener;
  /** Delivers the buffered events to `target`, then forwards new ones directly. */
  attach(target: ExecutionListener): void;
  /** Drops the buffer and ignores further events (the target could not be opened). */
  discard(): void;
}

export function bufferedListener(): BufferedListener {
  let buffer: ExecutionEvent[] | undefined = [];
  let target: ExecutionListener | undefined;
  return {
    listener: (event) => {
      if (target) target(event);
      else buffer?.push(event);
    },
    attach(next) {
      const pending = buffer ?? [];
      buffer = undefined;
      for (const event of pending) next(event);
      target = next;
    },
    discard() {
      buffer = undefined;
    },
  };
}
