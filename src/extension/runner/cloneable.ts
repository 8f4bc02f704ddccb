/**
 * Making worker messages survive `postMessage`. Engine outputs are normally plain data, but a
 * node may produce something the structured clone refuses (a function inside an object); the
 * run must not die of it, so such a message is sent as its JSON form instead.
 */

/** `value` as plain JSON data; a value JSON cannot hold becomes `{ $unserializable: reason }`. */
export function jsonSafe(value: unknown): unknown {
  try {
    const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
    return text === undefined ? null : (JSON.parse(text) as unknown);
  } catch (error) {
    return { $unserializable: error instanceof Error ? error.message : String(error) };
  }
}

/** Posts `message`; when the structured clone fails, posts its JSON-safe form. */
export function postCloneable<T>(post: (message: T) => void, message: T): void {
  try {
    post(message);
  } catch (error) {
    // DataCloneError is thrown synchronously, before anything was sent.
    if (!(error instanceof Error) || error.name !== 'DataCloneError') throw error;
    post(jsonSafe(message) as T);
  }
}
