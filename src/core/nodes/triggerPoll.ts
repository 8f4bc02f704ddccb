import { z } from 'zod';
import { defineNode } from './definition';

/** One poll a minute unless told otherwise; never more than one every 5 s (be kind to servers). */
const MIN_INTERVAL_SECONDS = 5;

const config = z.object({
  url: z.string().min(1, 'must not be empty').describe('Absolute http:// or https:// URL to request; may use {{ $secrets.NAME }}, {{ $env.NAME }} and {{ $vars.NAME }}.'),
  intervalSeconds: z
    .number()
    .int()
    .min(MIN_INTERVAL_SECONDS)
    .max(7 * 24 * 3600)
    .default(60)
    .describe('Time between the start of one poll and the next.'),
  method: z.enum(['GET', 'HEAD', 'POST']).default('GET').describe('HTTP method; POST sends `body` (e.g. a GraphQL query).'),
  headers: z.record(z.string(), z.string()).default({}).describe('Request headers, e.g. { "Authorization": "Bearer {{ $secrets.API_TOKEN }}" }.'),
  body: z.unknown().optional().describe('POST body: an object or array is sent as JSON, a string as it is.'),
  compare: z
    .enum(['body', 'etag'])
    .default('body')
    .describe('What must change to fire: `body` (the response body, or the part `select` picks) or `etag` (the ETag header, else Last-Modified).'),
  select: z
    .string()
    .min(1)
    .optional()
    .describe('JSONata expression (no braces) picking the part of a JSON body to compare, e.g. items[0].price; with compare "body" only.'),
  timeoutMs: z.number().int().min(100).max(300_000).default(30_000).describe('Time limit of one request, body included (ms).'),
});

/** Starts runs when a polled URL answers differently than the time before. */
export const triggerPoll = defineNode({
  type: 'trigger.poll',
  title: 'Poll Trigger',
  category: 'trigger',
  icon: 'sync',
  description: 'Requests a URL on an interval and starts the workflow when the response changes.',
  docs: [
    'While the workflow is `active`, requests `url` at once and then every `intervalSeconds`, and starts a run when the compared value differs from the previous poll\'s. The very first poll only records a baseline; the baseline is kept in the history, so a restart does not fire for a response that has not changed, but does fire for one that changed meanwhile.',
    '',
    '`compare: "body"` hashes the response body (SHA-256), or the result of `select` evaluated on the parsed JSON body, so that fields that change on every answer (a timestamp, a request id) can be left out. `compare: "etag"` hashes the `ETag` header, or `Last-Modified` when there is no ETag; use it with `method: "HEAD"` to avoid downloading the body.',
    '',
    'A poll that fails (network error, timeout, a status other than 2xx, a `select` that fails) fires nothing and keeps the baseline; the trigger shows the error until a poll succeeds. Polls never overlap: a slow one delays the next. Bodies are limited to 10 MiB.',
    '',
    '**Output** on `out`: `{ url, status, headers, body, hash, previousHash }`: `body` is parsed when the content type is JSON, else text; header names are lower case. Run by hand, it outputs the run input.',
  ].join('\n'),
  inputs: [],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { url: 'https://api.example.com/status', intervalSeconds: 60 },
  example: {
    url: 'https://api.example.com/products/42',
    intervalSeconds: 300,
    headers: { Authorization: 'Bearer {{ $secrets.SHOP_TOKEN }}' },
    compare: 'body',
    select: 'price',
  },
  expressionConfigKeys: ['select'],
  rawConfigKeys: ['select'],
  isTrigger: true,
  run: ({ input }) => ({ out: input }),
});
