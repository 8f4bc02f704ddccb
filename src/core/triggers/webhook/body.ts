/**
 * Reading a request body under a size limit, and turning its bytes into the run's `body`.
 */
import type { IncomingMessage } from 'node:http';
import { formToObject } from './requestInput';

/** The outcome of reading a body: its bytes, or why there are none. */
export type BodyRead =
  | { kind: 'ok'; bytes: Buffer }
  /** More than the limit arrived (or was announced); reading stopped. */
  | { kind: 'tooLarge' }
  /** The client went away before the end. */
  | { kind: 'aborted' };

const EMPTY = Buffer.alloc(0);
const OK_EMPTY: BodyRead = { kind: 'ok', bytes: EMPTY };
const TOO_LARGE: BodyRead = { kind: 'tooLarge' };
const ABORTED: BodyRead = { kind: 'aborted' };

/** True when the request announces a body (a length above 0, or chunked transfer). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** True when the announced Content-Length alone exceeds `maxBytes` (answer before reading). */
export function announcedTooLarge(req: IncomingMessage, maxBytes: number): boolean {
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) > maxBytes;
}

/**
 * Reads the whole body, stopping as soon as more than `maxBytes` arrived. The caller then
 * answers 413 with `Connection: close`, so the rest is never read.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  if (!hasBody(req)) return Promise.resolve(OK_EMPTY);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (result: BodyRead) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        req.pause();
        finish(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'ok', bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received) });
    // 'close' before 'end' means the client aborted; after 'end' this listener is already gone.
    const onClose = () => finish(ABORTED);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}

/** A body that could not be parsed as its content type says (answered with 400). */
export class MalformedBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedBodyError';
  }
}

/**
 * The run's `body`: null when empty; parsed JSON for `application/json` and `*+json`; an
 * object for `application/x-www-form-urlencoded` (repeated keys → arrays); UTF-8 text
 * otherwise. Throws `MalformedBodyError` on invalid JSON.
 */
export function parseBody(bytes: Buffer, contentType: string | undefined): unknown {
  if (bytes.length === 0) return null;
  const mediaType = mediaTypeOf(contentType);
  const text = bytes.toString('utf8');
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    if (nestingExceeds(bytes, MAX_JSON_DEPTH)) {
      throw new MalformedBodyError(`JSON body nested deeper than ${MAX_JSON_DEPTH} levels (arrays and objects)`);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new MalformedBodyError(`malformed JSON body: ${(error as Error).message}`);
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') return formToObject(new URLSearchParams(text));
  return text;
}

/**
 * Deepest nesting of arrays and objects a JSON body may have. Real webhook payloads stay below
 * 20; thousands of levels would overflow the stack of whatever walks the value recursively
 * later (the engine, the history's JSON, a `lastNode` answer), so they are refused at the door.
 */
export const MAX_JSON_DEPTH = 256;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** True when brackets outside strings nest deeper than `max` (one pass over the bytes, no parse). */
export function nestingExceeds(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** `application/json; charset=utf-8` → `application/json`. */
function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}
