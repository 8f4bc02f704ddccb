import { z } from 'zod';
import { defineNode } from './definition';

/** Segments of URL-safe characters separated by single slashes; a leading or trailing slash is dropped. */
const WEBHOOK_PATH = /^\/?[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*\/?$/;

const auth = z
  .object({
    secret: z.string().min(1, 'must not be empty').describe('Name of the secret in secret storage (the Set Secret command) that senders sign requests with.'),
    signatureHeader: z
      .string()
      .min(1, 'must not be empty')
      .default('x-hub-signature-256')
      .describe('Header carrying `sha256=<hex>`: HMAC-SHA256 of the raw body (or of `<timestamp>.<body>` with a timestamp header).'),
    timestampHeader: z.string().min(1, 'must not be empty').optional().describe('Header carrying the send time (Unix seconds); signed with the body and checked against `toleranceSeconds`.'),
    toleranceSeconds: z.number().int().min(1).max(86_400).default(300).describe('How far the timestamp may be from the server\'s clock; older requests are refused as replays.'),
  })
  .describe('HMAC-SHA256 signature check; without it any local caller can start the workflow.');

const config = z.object({
  path: z
    .string()
    .regex(WEBHOOK_PATH, 'must be URL path segments such as "orders/created" (letters, digits, . _ ~ -)')
    .describe('Path under /webhook/, e.g. "orders/created" → http://127.0.0.1:<port>/webhook/orders/created; one workflow per path and method.'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('POST').describe('The one HTTP method accepted; others get 405.'),
  responseMode: z
    .enum(['immediate', 'lastNode'])
    .default('immediate')
    .describe('`immediate`: answer 202 with the execution id at once; `lastNode`: wait for the run and answer with its output.'),
  maxBodyBytes: z.number().int().min(1).max(100 * 1024 * 1024).default(1024 * 1024).describe('Largest request body accepted; larger ones get 413.'),
  auth: auth.optional(),
});

/** Starts runs when an HTTP request arrives at its path. */
export const triggerWebhook = defineNode({
  type: 'trigger.webhook',
  title: 'Webhook Trigger',
  category: 'trigger',
  icon: 'plug',
  description: 'Starts the workflow when an HTTP request arrives at its path.',
  docs: [
    'Listens at `/webhook/<path>` on the local webhook server (127.0.0.1 by default) while the workflow is `active`; a `paused` workflow answers 503, other statuses 404. The Workflows view shows the full URL.',
    '',
    'Answers 202 with `{ executionId }` (`immediate`) or the run\'s output (`lastNode`); refusals: 401 bad or missing signature, 404 unknown path, 405 other method, 413 body over `maxBodyBytes`, 429 the run queue is full, 503 paused. See docs/triggers.md for every answer.',
    '',
    '**Authentication** (`auth`): the sender signs the raw body with HMAC-SHA256 and the secret named by `auth.secret`, and sends `sha256=<hex>` in `signatureHeader` (GitHub\'s format). With `timestampHeader`, the signed text is `<timestamp>.<raw body>` (Unix seconds, as sent), a timestamp more than `toleranceSeconds` away is refused, and a signature already accepted is refused as a replay. Comparison is timing-safe.',
    '',
    '**Output** on `out`: the request, `{ method, path, query, headers, body }`: header names lower case, without `authorization`, `cookie` and the signature header (the input is recorded in the history); a JSON body is parsed, a form becomes an object, other bodies are text. Run by hand, it outputs the run input.',
  ].join('\n'),
  inputs: [],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { path: 'my-hook', method: 'POST' },
  example: {
    path: 'github/push',
    method: 'POST',
    responseMode: 'immediate',
    auth: { secret: 'GITHUB_WEBHOOK_SECRET', signatureHeader: 'x-hub-signature-256' },
  },
  isTrigger: true,
  run: ({ input }) => ({ out: input }),
});
