/**
 * What a webhook run receives as its input: the request, minus anything secret.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The input of a webhook-triggered run. */
export interface WebhookRunInput {
  /** Upper-case HTTP method as sent, e.g. `POST`. */
  method: string;
  /** The route's path under `/webhook/`, e.g. `orders/created` (normalized, no slashes around). */
  path: string;
  /** The query string; a repeated key gives an array. */
  query: Record<string, string | string[]>;
  /** Lower-cased request headers without credentials (see `DROPPED_HEADERS`) and the signature. */
  headers: Record<string, string | string[]>;
  /** Parsed JSON, a form as an object, UTF-8 text, or null when empty. */
  body: unknown;
}

/** Headers that carry credentials: never copied into a run's input (which is recorded). */
export const DROPPED_HEADERS: ReadonlySet<string> = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * Copies the request headers (Node already lower-cases their names) without credentials and
 * without the route's signature header: the input is stored with the execution, and a stored
 * signature would let anyone who reads the history replay the request where no timestamp is
 * checked.
 */
export function publicHeaders(headers: IncomingHttpHeaders, signatureHeader: string | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    if (DROPPED_HEADERS.has(name) || name === signatureHeader) continue;
    const value = headers[name];
    if (value !== undefined) setOwn(out, name, value);
  }
  return out;
}

/** Parses the part of a URL after `?` (empty string → `{}`). */
export function parseQuery(search: string): Record<string, string | string[]> {
  return search === '' ? {} : formToObject(new URLSearchParams(search));
}

/** Query strings and forms: one value → string, repeated key → array of strings. */
export function formToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const previous = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
    if (previous === undefined) setOwn(out, key, value);
    else if (Array.isArray(previous)) previous.push(value);
    else setOwn(out, key, [previous, value]);
  }
  return out;
}

/**
 * Sets an own property even for the key `__proto__`, which plain assignment would treat as
 * the object's prototype (a sender chooses these keys).
 */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
