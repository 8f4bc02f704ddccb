import { z } from 'zod';
import { defineNode } from './definition';
import { NodeError, TimeoutError } from '../errors';
import { abortError, MAX_TIMER_MS } from './support/abort';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const config = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET').describe('HTTP method.'),
  url: z.string().min(1, 'must not be empty').describe('Absolute http:// or https:// URL; may use {{ expressions }}.'),
  headers: z.record(z.string(), scalar).default({}).describe('Request headers, e.g. { "Authorization": "Bearer {{ $secrets.API_TOKEN }}" }.'),
  query: z
    .record(z.string(), z.union([scalar, z.null(), z.array(scalar)]))
    .default({})
    .describe('Query parameters merged into the URL (they replace same-named ones); an array repeats the parameter, null leaves it out.'),
  body: z.unknown().optional().describe('Request body: an object or array is sent as JSON, a string as it is.'),
  timeoutMs: z.number().int().min(1).max(MAX_TIMER_MS).default(30_000).describe('Time limit for the whole exchange, body included (ms).'),
  allowErrorStatus: z.boolean().default(false).describe('When true, a 4xx/5xx response is an output like any other instead of an error.'),
});

type HttpConfig = z.infer<typeof config>;

/** What the node emits on `out`. */
export interface HttpResponseData {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function buildUrl(config: HttpConfig): URL {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new NodeError(`url "${config.url}" is not a valid absolute URL`, { code: 'INVALID_URL', field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NodeError(`url "${config.url}" must use http or https, not ${url.protocol.slice(0, -1)}`, { code: 'INVALID_URL', field: 'url' });
  }
  for (const [name, value] of Object.entries(config.query)) {
    url.searchParams.delete(name);
    for (const v of Array.isArray(value) ? value : [value]) if (v !== null) url.searchParams.append(name, String(v));
  }
  return url;
}

/**
 * fetch refuses URLs with credentials, so `https://user:pass@host` becomes Basic auth (as curl
 * does) unless an Authorization header was set; the credentials leave the URL either way.
 */
function moveCredentials(url: URL, headers: Headers): void {
  if (!url.username && !url.password) return;
  if (!headers.has('authorization')) {
    const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.set('authorization', `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`);
  }
  url.username = '';
  url.password = '';
}

function buildRequest(config: HttpConfig, url: URL): { headers: Headers; body: string | undefined } {
  const headers = new Headers();
  for (const [name, value] of Object.entries(config.headers)) headers.set(name, String(value));
  moveCredentials(url, headers);
  if (config.body === undefined || config.body === null) return { headers, body: undefined };
  if (config.method === 'GET' || config.method === 'HEAD') {
    throw new NodeError(`a ${config.method} request cannot have a body; remove body or use POST`, { code: 'HTTP_BODY_NOT_ALLOWED', field: 'body' });
  }
  if (typeof config.body === 'string') return { headers, body: config.body };
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return { headers, body: JSON.stringify(config.body) };
}

const JSON_MEDIA_TYPE = /^[^;]*[/+]json\s*(;|$)/i;

function headersObject(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** Parses a JSON body; an error response with a broken JSON body keeps its text (its status is the news). */
function parseBody(text: string, contentType: string | null, what: string, lenient: boolean): unknown {
  if (!contentType || !JSON_MEDIA_TYPE.test(contentType)) return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (lenient) return text;
    throw new NodeError(`${what} answered ${contentType} but the body is not valid JSON: ${(error as Error).message}`, {
      code: 'HTTP_BAD_JSON',
      field: 'url',
      data: { body: text.slice(0, 2000) },
    });
  }
}

/** The URL for messages and logs, without a password in it. */
function displayUrl(url: URL): string {
  if (!url.password) return url.href;
  const shown = new URL(url.href);
  shown.password = '***';
  return shown.href;
}

/** The low-level reason of a failed fetch (ECONNREFUSED, ENOTFOUND…), for the message. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : (error as Error)?.message;
  return code && message && !message.includes(code) ? `${message} (${code})` : (message ?? code ?? 'network error');
}

/** Calls an HTTP(S) endpoint. */
export const httpRequest = defineNode({
  type: 'http.request',
  title: 'HTTP Request',
  category: 'network',
  icon: 'globe',
  description: 'Calls a URL and outputs the status, headers and (JSON-parsed) body.',
  docs: [
    'Sends `method` to `url` with `headers`, `query` parameters merged into the URL, and an optional `body` (an object or array is sent as JSON with `content-type: application/json` unless you set one; a string is sent as it is). `timeoutMs` bounds the whole exchange, body included; a cancel aborts the request.',
    '',
    '**Output** on `out`: `{ status, headers, body }`; header names are lower case; `body` is parsed when the response content type is JSON (`application/json`, `…+json`), else it is the text.',
    '',
    '**Errors:**',
    '- `INVALID_URL` (field `url`): not an absolute http/https URL.',
    '- `HTTP_STATUS` (field `url`): the status is not 2xx and `allowErrorStatus` is false; the error data holds the response.',
    '- `HTTP_UNREACHABLE` (field `url`): connection refused, unknown host, TLS or socket failure.',
    '- `HTTP_BAD_JSON`: a JSON content type with an unparsable body.',
    '- `HTTP_BODY_NOT_ALLOWED` (field `body`): a body on GET or HEAD.',
    '- `TIMEOUT`: no complete response within `timeoutMs`.',
    '',
    'Credentials in the URL (`https://user:pass@host/`) are sent as Basic authentication and masked in messages.',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { method: 'GET', url: 'https://api.example.com/items' },
  example: {
    method: 'POST',
    url: 'https://api.example.com/orders',
    headers: { Authorization: 'Bearer {{ $secrets.SHOP_TOKEN }}' },
    query: { dryRun: false },
    body: { sku: '{{ sku }}', quantity: '{{ quantity }}' },
    timeoutMs: 10000,
  },
  run: async ({ config, signal }) => {
    const url = buildUrl(config);
    const what = `${config.method} ${displayUrl(url)}`;
    const { headers, body } = buildRequest(config, url);
    const timeout = AbortSignal.timeout(config.timeoutMs);
    const combined = AbortSignal.any([signal, timeout]);
    const stopped = (): Error | undefined => {
      if (signal.aborted) return abortError(signal);
      if (timeout.aborted) return new TimeoutError(`${what}: no complete response within ${config.timeoutMs} ms`);
      return undefined;
    };
    let response: Response;
    try {
      response = await fetch(url, { method: config.method, headers, body, signal: combined });
    } catch (error) {
      throw stopped() ?? new NodeError(`${what} failed: ${networkReason(error)}`, { code: 'HTTP_UNREACHABLE', field: 'url', cause: error });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw stopped() ?? new NodeError(`${what}: the response broke off: ${networkReason(error)}`, { code: 'HTTP_UNREACHABLE', field: 'url', cause: error });
    }
    const out: HttpResponseData = {
      status: response.status,
      headers: headersObject(response.headers),
      body: parseBody(text, response.headers.get('content-type'), what, !response.ok),
    };
    if (!response.ok && !config.allowErrorStatus) {
      throw new NodeError(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} from ${what}`, {
        code: 'HTTP_STATUS',
        field: 'url',
        data: out,
      });
    }
    return { out };
  },
});
