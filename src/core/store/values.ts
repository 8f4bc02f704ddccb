/**
 * How run data (inputs, outputs, log data, trigger data) is stored: as JSON text, cut to a
 * size limit with an explicit marker so that a reader always knows when it sees less than
 * what ran. Nothing is dropped silently.
 */

/** What a value too large to keep is replaced by. */
export interface TruncatedValue {
  $truncated: true;
  /** Size of the full JSON text, in UTF-8 bytes. */
  bytes: number;
  /** The start of the JSON text. */
  preview: string;
}

/** Characters of the original JSON text kept in a truncation marker. */
export const PREVIEW_CHARS = 1024;

/**
 * JSON text of `value` for a TEXT column; null for undefined. Values larger than `maxBytes` become
 * a TruncatedValue marker; values JSON cannot hold (cycles, BigInt) become `{"$unserializable": …}`.
 */
export function encodeValue(value: unknown, maxBytes: number): string | null {
  if (value === undefined) return null;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return JSON.stringify({ $unserializable: (error as Error).message });
  }
  if (json === undefined) return null;
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no measuring.
  if (json.length > maxBytes / 3) {
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > maxBytes) {
      const marker: TruncatedValue = { $truncated: true, bytes, preview: json.slice(0, Math.min(PREVIEW_CHARS, maxBytes)) };
      return JSON.stringify(marker);
    }
  }
  return json;
}

/** Parses a stored JSON column; undefined for NULL. */
export function decodeValue(text: string | null | undefined): unknown {
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** True when a decoded value is a truncation marker. */
export function isTruncated(value: unknown): value is TruncatedValue {
  return typeof value === 'object' && value !== null && (value as { $truncated?: unknown }).$truncated === true;
}

/** Suffix that marks a log message cut to the size limit. */
export function truncationSuffix(bytes: number): string {
  return ` … [truncated: ${bytes} bytes]`;
}

/** A log message within `maxBytes`, with an explicit suffix when it was cut. */
export function limitMessage(message: string, maxBytes: number): string {
  if (message.length <= maxBytes / 3) return message;
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes <= maxBytes) return message;
  // Cutting by UTF-16 units keeps the result within maxBytes for any text, since each unit is ≥ 1 byte.
  let kept = message.slice(0, maxBytes);
  while (Buffer.byteLength(kept, 'utf8') > maxBytes) kept = kept.slice(0, Math.floor(kept.length * 0.9));
  return kept + truncationSuffix(bytes);
}
