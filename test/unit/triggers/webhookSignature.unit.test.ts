// HMAC-SHA256 authentication of webhooks, over real HTTP: the signature header, the optional
// timestamp with its tolerance window and replay check, and what a run may see afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { ReplayCache, signWebhookBody } from '../../../src/core/triggers/webhook/signature';
import { fakeRoute, nowSeconds, send, startServer } from './webhookSupport';

const SECRET = "It's a Secret to Everybody";
const BODY = '{"action":"opened","number":1}';
const JSON_TYPE = { 'content-type': 'application/json' };

function signed(path: string, extra: Record<string, unknown> = {}) {
  return fakeRoute({ path, config: { auth: { secret: 'hook-secret', ...extra } }, secrets: { 'hook-secret': SECRET } });
}

test('signWebhookBody is GitHub\'s scheme: sha256= and the hex HMAC of the raw body', () => {
  // The example of GitHub's "Validating webhook deliveries" documentation.
  assert.equal(
    signWebhookBody(SECRET, 'Hello, World!'),
    'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
  );
  assert.equal(signWebhookBody('k', 'body', '1700000000'), `sha256=${createHmac('sha256', 'k').update('1700000000.body').digest('hex')}`);
});

test('a valid signature: 202, and the run sees neither the signature nor credentials', async (t) => {
  const hook = signed('gh');
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());

  const answer = await send(`${url}/webhook/gh`, {
    headers: { ...JSON_TYPE, 'X-Hub-Signature-256': signWebhookBody(SECRET, BODY), authorization: 'token abc', 'x-github-event': 'issues' },
    body: BODY,
  });
  assert.equal(answer.status, 202, answer.text);
  assert.deepEqual(answer.json(), { executionId: 'exec-1' });
  const input = hook.fires[0].input as { headers: Record<string, unknown>; body: unknown };
  assert.equal(input.headers['x-hub-signature-256'], undefined);
  assert.equal(input.headers.authorization, undefined);
  assert.equal(input.headers['x-github-event'], 'issues');
  assert.deepEqual(input.body, JSON.parse(BODY));
});

test('the signature covers the raw bytes: a bare hex is accepted, re-serialized JSON is not', async (t) => {
  const hook = signed('raw');
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());
  const spaced = '{ "a" : 1 }';

  const bare = signWebhookBody(SECRET, spaced).slice('sha256='.length);
  assert.equal((await send(`${url}/webhook/raw`, { headers: { ...JSON_TYPE, 'x-hub-signature-256': bare }, body: spaced })).status, 202);
  const ofReserialized = signWebhookBody(SECRET, JSON.stringify(JSON.parse(spaced)));
  assert.equal((await send(`${url}/webhook/raw`, { headers: { ...JSON_TYPE, 'x-hub-signature-256': ofReserialized }, body: spaced })).status, 401);
});

test('wrong, malformed or missing signatures are 401 and start nothing', async (t) => {
  const hook = signed('gh');
  const { server, url, logged } = await startServer([hook]);
  t.after(() => server.close());
  const attempt = (signature?: string) =>
    send(`${url}/webhook/gh`, { headers: { ...JSON_TYPE, ...(signature !== undefined ? { 'x-hub-signature-256': signature } : {}) }, body: BODY });

  const cases: Array<[string | undefined, RegExp]> = [
    [signWebhookBody('another secret', BODY), /does not match/],
    [signWebhookBody(SECRET, BODY + ' '), /does not match/],
    ['sha256=' + '0'.repeat(64), /does not match/],
    ['sha256=abc', /malformed/],
    ['sha1=' + 'a'.repeat(40), /malformed/],
    [undefined, /missing signature header x-hub-signature-256/],
    ['', /missing signature/],
  ];
  for (const [signature, reason] of cases) {
    const answer = await attempt(signature);
    assert.equal(answer.status, 401, String(signature));
    assert.match((answer.json() as { error: string }).error, reason, String(signature));
  }
  assert.equal(hook.fires.length, 0);
  assert.ok(logged.some((l) => l.level === 'warn' && l.message.includes('401')), 'rejections are logged (rate-limited)');
});

test('a configured header name is used (case-insensitively); a secret that is not set refuses everything', async (t) => {
  const custom = signed('custom', { signatureHeader: 'X-Signature' });
  const unset = fakeRoute({ path: 'unset', config: { auth: { secret: 'missing' } }, secrets: {} });
  const { server, url, logged } = await startServer([custom, unset]);
  t.after(() => server.close());

  const ok = await send(`${url}/webhook/custom`, { headers: { 'x-signature': signWebhookBody(SECRET, BODY) }, body: BODY });
  assert.equal(ok.status, 202);
  assert.equal((custom.fires[0].input as { headers: Record<string, unknown> }).headers['x-signature'], undefined);

  const refused = await send(`${url}/webhook/unset`, { headers: { 'x-hub-signature-256': signWebhookBody('', BODY) }, body: BODY });
  assert.equal(refused.status, 401);
  assert.equal(unset.fires.length, 0);
  assert.ok(logged.some((l) => l.message.includes('"missing" is not set')), JSON.stringify(logged));
});

test('with a timestamp header: "<timestamp>.<body>" is signed; stale, future, missing and replayed are 401', async (t) => {
  const hook = signed('ts', { timestampHeader: 'X-Timestamp', toleranceSeconds: 60 });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());
  const attempt = (timestamp: string | undefined, signature: string, body = BODY) =>
    send(`${url}/webhook/ts`, {
      headers: { ...JSON_TYPE, 'x-hub-signature-256': signature, ...(timestamp !== undefined ? { 'x-timestamp': timestamp } : {}) },
      body,
    });
  const reasonOf = async (answer: Promise<{ status: number; json(): unknown }>) => {
    const a = await answer;
    assert.equal(a.status, 401);
    return (a.json() as { error: string }).error;
  };

  const now = nowSeconds();
  const fresh = signWebhookBody(SECRET, BODY, now);
  assert.equal((await attempt(now, fresh)).status, 202);
  assert.match(await reasonOf(attempt(now, fresh)), /replayed/);
  // The same body at another second is another signature, hence not a replay. One second before
  // `now` itself: asking the clock again could land on `now` when a second boundary passed.
  const next = String(Number(now) - 1);
  assert.equal((await attempt(next, signWebhookBody(SECRET, BODY, next))).status, 202);

  const stale = nowSeconds(-61);
  assert.match(await reasonOf(attempt(stale, signWebhookBody(SECRET, BODY, stale))), /tolerance of 60 s/);
  const future = nowSeconds(61);
  assert.match(await reasonOf(attempt(future, signWebhookBody(SECRET, BODY, future))), /tolerance/);
  assert.match(await reasonOf(attempt(undefined, signWebhookBody(SECRET, BODY))), /missing timestamp header x-timestamp/);
  assert.match(await reasonOf(attempt('yesterday', fresh)), /malformed timestamp/);
  // A signature of the body alone does not authenticate when a timestamp is required.
  const later = nowSeconds(-2);
  assert.match(await reasonOf(attempt(later, signWebhookBody(SECRET, BODY))), /does not match/);
  assert.equal(hook.fires.length, 2);
  assert.equal((hook.fires[0].input as { headers: Record<string, unknown> }).headers['x-timestamp'], now, 'the timestamp is no secret');
});

test('replays stay refused when the routes are re-armed', async (t) => {
  const hook = signed('ts', { timestampHeader: 'x-timestamp' });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());
  const now = nowSeconds();
  const headers = { 'x-timestamp': now, 'x-hub-signature-256': signWebhookBody(SECRET, BODY, now) };

  assert.equal((await send(`${url}/webhook/ts`, { headers, body: BODY })).status, 202);
  server.setRoutes([hook.route]);
  assert.equal((await send(`${url}/webhook/ts`, { headers, body: BODY })).status, 401);
});

test('ReplayCache forgets expired signatures and stays within its bound', () => {
  const cache = new ReplayCache(3);
  assert.equal(cache.seenBefore('a', 1_000, 0), false);
  assert.equal(cache.seenBefore('a', 1_000, 500), true);
  assert.equal(cache.seenBefore('a', 2_000, 1_000), false, 'expired at 1000: accepted again, remembered anew');
  assert.equal(cache.seenBefore('b', 5_000, 1_000), false);
  assert.equal(cache.seenBefore('c', 5_000, 1_000), false);
  assert.equal(cache.seenBefore('d', 5_000, 1_000), false);
  assert.equal(cache.size, 3);
  assert.equal(cache.evicted, 1);
  assert.equal(cache.seenBefore('d', 5_000, 1_500), true);
  assert.equal(cache.seenBefore('z', 6_000, 5_000), false);
  assert.equal(cache.size, 1, 'everything that expired at 5000 was pruned');
});
