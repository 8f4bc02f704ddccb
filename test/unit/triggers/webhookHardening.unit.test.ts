// The webhook server's answers for issue 11's low items: absurdly nested JSON is a 400 at the
// door, a route with a secret checks the signature before it tells a paused workflow (503) or a
// wrong method (405), a stopping server answers 503 with Retry-After rather than 404, a 202
// waits for the run to be recorded, and accepted signatures can be kept across restarts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { MAX_JSON_DEPTH } from '../../../src/core/triggers/webhook/body';
import { signWebhookBody, type ReplayJournal } from '../../../src/core/triggers/webhook/signature';
import { WebhookServer } from '../../../src/core/triggers/webhook/server';
import { fakeRoute, nowSeconds, result, send, startServer, startedRun } from './webhookSupport';

const SECRET = 'hardening-secret';
const JSON_TYPE = { 'content-type': 'application/json' };

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

test(`JSON nested deeper than ${MAX_JSON_DEPTH} levels is a 400 that starts nothing; brackets inside strings do not count`, async (t) => {
  const hook = fakeRoute({ path: 'deep' });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());
  const deep = await send(`${url}/webhook/deep`, { headers: JSON_TYPE, body: nested(5000) });
  assert.equal(deep.status, 400);
  assert.match(deep.text, /nested deeper than 256 levels/);
  assert.equal((await send(`${url}/webhook/deep`, { headers: JSON_TYPE, body: `{"a":${nested(MAX_JSON_DEPTH + 1)}}` })).status, 400);
  assert.equal(hook.fires.length, 0);

  assert.equal((await send(`${url}/webhook/deep`, { headers: JSON_TYPE, body: nested(MAX_JSON_DEPTH) })).status, 202);
  const text = JSON.stringify({ s: '['.repeat(1000) + '\\"{{{', t: ['"]]]"'] });
  assert.equal((await send(`${url}/webhook/deep`, { headers: JSON_TYPE, body: text })).status, 202);
  assert.deepEqual((hook.fires[1].input as { body: unknown }).body, JSON.parse(text));
});

test('with a secret, paused (503) and wrong method (405) are only told to a signed caller; unsigned gets 401', async (t) => {
  const hook = fakeRoute({ path: 'guarded', config: { auth: { secret: 'S', timestampHeader: 'x-timestamp' } }, secrets: { S: SECRET }, status: 'paused' });
  const open = fakeRoute({ path: 'open', status: 'paused' });
  const { server, url } = await startServer([hook, open]);
  t.after(() => server.close());
  const body = '{"a":1}';
  const signedHeaders = () => {
    const ts = nowSeconds();
    return { ...JSON_TYPE, 'x-timestamp': ts, 'x-hub-signature-256': signWebhookBody(SECRET, body, ts) };
  };

  assert.equal((await send(`${url}/webhook/guarded`, { headers: JSON_TYPE, body })).status, 401, 'paused, unsigned');
  assert.equal((await send(`${url}/webhook/guarded`, { method: 'PUT', headers: JSON_TYPE, body })).status, 401, 'wrong method, unsigned');
  const wrongSecret = { ...JSON_TYPE, 'x-timestamp': nowSeconds(), 'x-hub-signature-256': signWebhookBody('nope', body) };
  assert.equal((await send(`${url}/webhook/guarded`, { headers: wrongSecret, body })).status, 401);

  const headers = signedHeaders();
  const paused = await send(`${url}/webhook/guarded`, { headers, body });
  assert.equal(paused.status, 503);
  assert.equal(paused.headers['retry-after'], '60');
  const put = await send(`${url}/webhook/guarded`, { method: 'PUT', headers: signedHeaders(), body });
  assert.equal(put.status, 405);
  assert.equal(put.headers.allow, 'POST');

  // the signed request refused while paused is not spent: the sender's retry is served
  hook.setStatus('active');
  assert.equal((await send(`${url}/webhook/guarded`, { headers, body })).status, 202);
  assert.equal((await send(`${url}/webhook/guarded`, { headers, body })).status, 401, 'now it is a replay');
  assert.equal(hook.fires.length, 1);

  // a route without a secret answers as before
  assert.equal((await send(`${url}/webhook/open`, { headers: JSON_TYPE, body })).status, 503);
  assert.equal((await send(`${url}/webhook/open`, { method: 'PUT', headers: JSON_TYPE, body })).status, 405);
});

test('a stopping server answers a request that arrives after the routes were removed with 503 and Retry-After, not 404', { timeout: 10_000 }, async (t) => {
  const hook = fakeRoute({ path: 'late' });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());
  // A connection in the middle of sending its headers when the stop begins: not idle, so it is
  // not closed, and its request is handled after the host removed every route.
  const received = new Promise<void>((resolve) => {
    (server as unknown as { server: import('node:http').Server }).server.once('connection', (socket) => socket.once('data', () => resolve()));
  });
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  t.after(() => socket.destroy());
  let answer = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
  socket.write('POST /webhook/late HTTP/1.1\r\nhost: x\r\n');
  await received;

  const closed = server.close();
  server.setRoutes([]); // what the host's runtime does while stopping
  socket.write('content-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
  await new Promise((resolve) => socket.once('close', resolve));
  await closed;
  assert.match(answer, /^HTTP\/1\.1 503/, answer);
  assert.match(answer, /retry-after: 5/i);
  assert.match(answer, /shutting down/);
  assert.equal(hook.fires.length, 0);
});

test('immediate mode: the 202 waits until the run is recorded as accepted; a failure to record is a 500', async (t) => {
  let recorded!: () => void;
  const order: string[] = [];
  const hook = fakeRoute({
    path: 'durable',
    fire: () => ({
      ...startedRun('exec-d', Promise.resolve(result('exec-d', {}))),
      accepted: new Promise<void>((resolve) => (recorded = () => (order.push('recorded'), resolve()))),
    }),
  });
  const broken = fakeRoute({ path: 'broken', fire: () => ({ ...startedRun('exec-b', Promise.resolve(result('exec-b', {}))), accepted: Promise.reject(new Error('disk full')) }) });
  const { server, url } = await startServer([hook, broken]);
  t.after(() => server.close());
  const answer = send(`${url}/webhook/durable`, { headers: JSON_TYPE, body: '{}' }).then((a) => (order.push('answered'), a));
  while (recorded === undefined) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(order, [], 'no answer before the run is recorded');
  recorded();
  assert.equal((await answer).status, 202);
  assert.deepEqual(order, ['recorded', 'answered']);

  const failed = await send(`${url}/webhook/broken`, { headers: JSON_TYPE, body: '{}' });
  assert.equal(failed.status, 500);
  assert.match(failed.text, /could not be recorded/);
});

test('a replay journal keeps accepted signatures: a new server refuses their replays', async (t) => {
  const kept = new Map<string, Map<string, number>>();
  const journal: ReplayJournal = {
    known: (route) => [...(kept.get(route) ?? new Map<string, number>())],
    remember: (route, signature, expiresAt) => {
      if (!kept.has(route)) kept.set(route, new Map());
      kept.get(route)!.set(signature, expiresAt);
    },
  };
  const route = () => fakeRoute({ path: 'ts', config: { auth: { secret: 'S', timestampHeader: 'x-timestamp', toleranceSeconds: 60 } }, secrets: { S: SECRET } });
  const logger = { info: () => {}, warn: () => {}, error: () => {} };
  const body = '{"n":1}';
  const ts = nowSeconds();
  const headers = { ...JSON_TYPE, 'x-timestamp': ts, 'x-hub-signature-256': signWebhookBody(SECRET, body, ts) };

  const first = new WebhookServer({ port: 0, logger, replayJournal: journal });
  first.setRoutes([route().route]);
  const firstUrl = await first.listen();
  assert.equal((await send(`${firstUrl}/webhook/ts`, { headers, body })).status, 202);
  await first.close();
  const [[key, signatures]] = [...kept];
  assert.equal(key, 'wf-1\u0000hook-ts');
  assert.ok([...signatures.values()][0] >= (Number(ts) + 60) * 1000, 'kept until the timestamp leaves the window');

  const second = new WebhookServer({ port: 0, logger, replayJournal: journal });
  second.setRoutes([route().route]);
  const secondUrl = await second.listen();
  t.after(() => second.close());
  const replay = await send(`${secondUrl}/webhook/ts`, { headers, body });
  assert.equal(replay.status, 401);
  assert.match(replay.text, /replayed/);
});
