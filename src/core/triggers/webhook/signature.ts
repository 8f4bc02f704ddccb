/**
 * HMAC-SHA256 signatures of webhook requests.
 *
 * The signing scheme (also in docs/triggers.md, "Webhooks"):
 * - without a timestamp header: `hex(HMAC-SHA256(secret, rawBody))`, sent as
 *   `<signatureHeader>: sha256=<hex>` (as GitHub does; a bare `<hex>` is accepted too);
 * - with a timestamp header: the signed payload is `<timestamp>.<rawBody>`, i.e. the header's
 *   value exactly as sent (unix seconds), a dot, then the raw body bytes (as Stripe and Slack
 *   do). The timestamp must be within `toleranceSeconds` of the server's clock, and a signature
 *   already accepted inside that window is a replay.
 *
 * The body is the raw bytes on the wire, before any JSON or form parsing: re-serializing would
 * change whitespace and key order and break every sender's signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** How one route authenticates its requests (from the node's `auth` config). */
export interface SignatureRule {
  /** Name of the secret in the host's secret storage. */
  secretName: string;
  /** Lower-cased header name carrying `sha256=<hex>`. */
  signatureHeader: string;
  /** Lower-cased header name carrying unix seconds; unset = no timestamp, no replay check. */
  timestampHeader?: string;
  toleranceSeconds: number;
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * Computes the signature header value a sender must send: `sha256=<hex>`. `timestamp` is the
 * timestamp header's value when the route has one. Used by tests, the bench and docs examples.
 */
export function signWebhookBody(secret: string, body: string | Uint8Array, timestamp?: string): string {
  return `sha256=${hmac(secret, typeof body === 'string' ? Buffer.from(body) : body, timestamp).toString('hex')}`;
}

function hmac(secret: string, body: Uint8Array, timestamp: string | undefined): Buffer {
  const mac = createHmac('sha256', secret);
  if (timestamp !== undefined) mac.update(`${timestamp}.`);
  return mac.update(body).digest();
}

/**
 * Checks a request's signature (and timestamp, and replay when the rule has a timestamp
 * header). Returns undefined when the request is authentic, else the reason for a 401.
 * `nowMs` is passed in so that tests and callers share one clock read per request.
 */
export function checkSignature(
  rule: SignatureRule,
  secret: string,
  headers: IncomingHttpHeaders,
  body: Uint8Array,
  nowMs: number,
  replay: ReplayCache | undefined,
): string | undefined {
  const sent = firstValue(headers[rule.signatureHeader]);
  if (sent === undefined || sent === '') return `missing signature header ${rule.signatureHeader}`;
  const hex = sent.startsWith('sha256=') ? sent.slice(7).trim() : sent.trim();
  // A malformed value can never match; checking the shape first also guarantees the equal
  // lengths that timingSafeEqual requires.
  if (!SHA256_HEX.test(hex)) return `malformed signature in ${rule.signatureHeader} (expected sha256=<64 hex digits>)`;

  let timestamp: string | undefined;
  if (rule.timestampHeader !== undefined) {
    timestamp = firstValue(headers[rule.timestampHeader])?.trim();
    if (timestamp === undefined || timestamp === '') return `missing timestamp header ${rule.timestampHeader}`;
    if (!UNIX_SECONDS.test(timestamp)) return `malformed timestamp in ${rule.timestampHeader} (expected unix seconds)`;
    if (Math.abs(nowMs / 1000 - Number(timestamp)) > rule.toleranceSeconds) {
      return `timestamp outside the tolerance of ${rule.toleranceSeconds} s`;
    }
  }

  const expected = hmac(secret, body, timestamp);
  if (!timingSafeEqual(expected, Buffer.from(hex, 'hex'))) return 'signature does not match';

  if (replay !== undefined && timestamp !== undefined) {
    // The signature stays acceptable until its timestamp leaves the window; remember it that long.
    const expiresAtMs = (Number(timestamp) + rule.toleranceSeconds) * 1000;
    if (replay.seenBefore(expected.toString('base64'), expiresAtMs, nowMs)) return 'replayed request (signature already used)';
  }
  return undefined;
}

/**
 * Where accepted signatures are kept across restarts, by route (`<workflow id> NUL <node id>`):
 * without it a restart within the tolerance window would accept replays again.
 */
export interface ReplayJournal {
  /** Signatures accepted earlier and not expired, oldest expiry first. */
  known(route: string): Iterable<[signature: string, expiresAtMs: number]>;
  /** Keeps an accepted signature until `expiresAtMs`. */
  remember(route: string, signature: string, expiresAtMs: number): void;
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Signatures accepted recently, forgotten when their timestamp leaves the tolerance window.
 * Bounded: when full, the oldest entries are dropped (only a sender holding the secret can
 * fill it, so the cost is a weaker replay check under a flood, never unbounded memory).
 */
export class ReplayCache {
  /** key → expiry (epoch ms), in insertion order, which is close to expiry order. */
  private readonly entries = new Map<string, number>();
  /** Entries dropped before their expiry because the cache was full (for a warning). */
  evicted = 0;

  /**
   * `known`: signatures accepted before (by an earlier process), oldest expiry first.
   * `remember`: keeps each newly accepted signature durably (`workflow serve`: the store).
   */
  constructor(
    private readonly maxEntries = 100_000,
    known?: Iterable<[key: string, expiresAtMs: number]>,
    private readonly remember?: (key: string, expiresAtMs: number) => void,
  ) {
    for (const [key, expiresAtMs] of known ?? []) this.entries.set(key, expiresAtMs);
  }

  /** True when `key` was recorded and has not expired; otherwise records it and returns false. */
  seenBefore(key: string, expiresAtMs: number, nowMs: number): boolean {
    this.prune(nowMs);
    const known = this.entries.get(key);
    if (known !== undefined && known > nowMs) return true;
    this.entries.set(key, expiresAtMs);
    this.remember?.(key, expiresAtMs);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
      this.evicted++;
    }
    return false;
  }

  /** Number of remembered signatures. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops expired entries from the front; stops at the first live one (amortized O(1)). */
  private prune(nowMs: number): void {
    for (const [key, expiresAtMs] of this.entries) {
      if (expiresAtMs > nowMs) return;
      this.entries.delete(key);
    }
  }
}
