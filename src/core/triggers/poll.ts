/**
 * One poll of a `trigger.poll`: the request, the response as a run input, and the hash of the
 * part that is compared with the previous poll.
 */
import { createHash } from 'node:crypto';
import { evaluateExpression, type ExpressionScope } from '../expressions';

/** The `trigger.poll` config, templates evaluated and defaults applied (see src/core/nodes/triggerPoll.ts). */
export interface PollConfig {
  url: string;
  intervalSeconds: number;
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  body?: unknown;
  compare: 'body' | 'etag';
  select?: string;
  timeoutMs: number;
}

/** A response worth comparing (2xx), with the hash of what `compare` looks at. */
export interface PollResponse {
  url: string;
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed when the content type is JSON, else the text. */
  body: unknown;
  /** SHA-256 (hex) of the compared value. */
  hash: string;
}

/** A poll that gives nothing to compare; the message says why (shown on the trigger). */
export class PollError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PollError';
  }
}

/** Larger bodies are refused rather than hashed: a poll is meant for status pages and APIs. */
export const MAX_POLL_BODY_BYTES = 10 * 1024 * 1024;

const JSON_MEDIA_TYPE = /^[^;]*[/+]json\s*(;|$)/i;

/** Requests `config.url` once. Throws `PollError` (never anything else) when there is nothing to compare. */
export async function pollOnce(config: PollConfig, signal: AbortSignal): Promise<PollResponse> {
  const url = checkedUrl(config.url);
  const timeout = AbortSignal.timeout(config.timeoutMs);
  const combined = AbortSignal.any([signal, timeout]);
  const what = `${config.method} ${url.origin}${url.pathname}`;
  let response: Response;
  let bytes: Buffer;
  try {
    response = await fetch(url, { method: config.method, ...requestBody(config), signal: combined });
    bytes = await readLimited(response);
  } catch (error) {
    if (timeout.aborted && !signal.aborted) throw new PollError(`${what}: no complete response within ${config.timeoutMs} ms`);
    if (error instanceof PollError) throw error;
    throw new PollError(`${what} failed: ${reason(error)}`);
  }
  if (response.status < 200 || response.status > 299) throw new PollError(`${what} answered HTTP ${response.status}`);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const text = bytes.toString('utf8');
  const isJson = JSON_MEDIA_TYPE.test(headers['content-type'] ?? '');
  const body = isJson ? parseJson(text) : text;
  return { url: config.url, status: response.status, headers, body, hash: await comparedHash(config, headers, bytes, body, isJson) };
}

function checkedUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PollError(`url "${text}" is not a valid absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PollError(`url "${text}" must use http or https`);
  return url;
}

function requestBody(config: PollConfig): { headers: Headers; body?: string } {
  const headers = new Headers(config.headers);
  if (config.method !== 'POST' || config.body === undefined || config.body === null) return { headers };
  if (typeof config.body === 'string') return { headers, body: config.body };
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return { headers, body: JSON.stringify(config.body) };
}

/** The body, refused past `MAX_POLL_BODY_BYTES` without reading the rest. */
async function readLimited(response: Response): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > MAX_POLL_BODY_BYTES) {
      await response.body.cancel().catch(() => undefined);
      throw new PollError(`the response body is larger than ${MAX_POLL_BODY_BYTES} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // a server that mislabels its body: compare and hand over the text
  }
}

async function comparedHash(config: PollConfig, headers: Record<string, string>, bytes: Buffer, body: unknown, isJson: boolean): Promise<string> {
  if (config.compare === 'etag') {
    const tag = headers.etag ?? headers['last-modified'];
    if (tag === undefined) throw new PollError('compare is "etag" but the response has neither an ETag nor a Last-Modified header');
    return sha256(tag);
  }
  if (config.select === undefined) return sha256(bytes);
  if (!isJson || typeof body === 'string') throw new PollError('select needs a JSON response body');
  let selected: unknown;
  try {
    selected = await evaluateExpression(config.select, selectScope(body));
  } catch (error) {
    throw new PollError(`select: ${(error as Error).message}`);
  }
  return sha256(canonicalJson(selected));
}

function selectScope(body: unknown): ExpressionScope {
  return {
    input: body,
    vars: {},
    node: {},
    execution: { id: '', started: '' },
    env: {},
    secrets: () => Promise.reject(new Error('$secrets is not available in select')),
  };
}

/** JSON with object keys sorted, so that key order alone is no change; `undefined` has its own text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The low-level reason of a failed fetch (ECONNREFUSED, ENOTFOUND, bad port…), for the message. */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' && cause.message !== '' ? cause.message : String((error as Error)?.message ?? error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
