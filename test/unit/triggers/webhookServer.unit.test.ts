// The webhook server over real HTTP on 127.0.0.1: routing, status codes, the run's input,
// response modes, body limits and shutdown. Signatures are in webhookSignature.unit.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, Agent } from 'node:http';
import { createServer } from 'node:net';
import { RunQueueFullError, type StartedRun } from '../../../src/core/triggers/contract';
import { WebhookServer } from '../../../src/core/triggers/webhook/server';
import type { ExecutionResult } from '../../../src/core/engine/engine';
import { collect, fakeRoute, result, send, startServer, startedRun, type Answer } from './webhookSupport';

test('immediate mode: 202 with the execution id; the input is the request without credentials', async (t) => {
  const hook = fakeRoute({ path: 'orders/created' });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());

  const answer = await send(`${url}/webhook/orders/created?x=1&x=2&y=3`, {
    headers: { 'content-type': 'application/json', 'X-Custom': 'yes', authorization: 'Bearer t', cookie: 'sid=1', 'proxy-authorization': 'p' },
    body: '{"a":1}',
  });

  assert.equal(answer.status, 202);
  assert.deepEqual(answer.json(), { executionId: 'exec-1' });
  assert.equal(hook.fires.length, 1);
  const input = hook.fires[0].input as Record<string, unknown>;
  assert.equal(input.method, 'POST');
  assert.equal(input.path, 'orders/created');
  assert.deepEqual(input.query, { x: ['1', '2'], y: '3' });
  assert.deepEqual(input.body, { a: 1 });
  const headers = input.headers as Record<string, unknown>;
  assert.equal(headers['x-custom'], 'yes');
  assert.equal(headers['content-type'], 'application/json');
  for (const secret of ['authorization', 'cookie', 'proxy-authorization']) assert.equal(headers[secret], undefined, secret);
  assert.deepEqual(hook.fires[0].trigger, {
    type: 'webhook',
    nodeId: 'hook-orders/created',
    data: { method: 'POST', path: 'orders/created', remoteAddress: '127.0.0.1' },
  });
});

test('paths match after normalizing slashes and percent-encoding; the query never matters', async (t) => {
  const hook = fakeRoute({ path: '/orders//created/' });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());

  for (const path of ['/webhook/orders/created', '/webhook//orders/created/', '/webhook/orders%2Fcreated', '/webhook/orders/created/?a=1']) {
    assert.equal((await send(url + path)).status, 202, path);
  }
  assert.equal(hook.fires.length, 4);
});

test('404 names the unknown path; other prefixes, other statuses than active and removed routes are not served', async (t) => {
  const hook = fakeRoute({ path: 'known' });
  const draft = fakeRoute({ path: 'draft', status: 'draft' });
  const { server, url } = await startServer([hook, draft]);
  t.after(() => server.close());

  const unknown = await send(`${url}/webhook/nope?x=1`);
  assert.equal(unknown.status, 404);
  assert.match((unknown.json() as { error: string }).error, /\/webhook\/nope/);
  assert.equal((await send(`${url}/known`)).status, 404);
  assert.equal((await send(`${url}/webhook/`)).status, 404);
  assert.equal((await send(`${url}/webhook/draft`)).status, 404);
  assert.equal((await send(`${url}/webhook/%E0%A4%A`)).status, 404, 'undecodable path');

  server.setRoutes([]);
  assert.equal((await send(`${url}/webhook/known`)).status, 404);
  assert.equal(hook.fires.length + draft.fires.length, 0);
});

test('405 with an Allow header listing the methods of that path', async (t) => {
  const post = fakeRoute({ path: 'items' });
  const get = fakeRoute({ path: 'items', config: { method: 'get' } });
  const { server, url } = await startServer([post, get]);
  t.after(() => server.close());

  const wrong = await send(`${url}/webhook/items`, { method: 'PUT', body: 'x' });
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.allow, 'GET, POST');
  assert.match((wrong.json() as { error: string }).error, /PUT/);
  assert.equal((await send(`${url}/webhook/items`, { method: 'GET' })).status, 202);
  assert.equal(get.fires.length, 1);
  assert.equal(post.fires.length, 0);
});

test('a second route on the same path and method is ignored and reported', async (t) => {
  const first = fakeRoute({ path: 'same' });
  const second = fakeRoute({ path: 'same/' });
  const { server, url, logged } = await startServer([first, second]);
  t.after(() => server.close());

  assert.equal((await send(`${url}/webhook/same`)).status, 202);
  assert.equal(first.fires.length, 1);
  assert.equal(second.fires.length, 0);
  assert.ok(logged.some((l) => l.level === 'warn' && l.message.includes('/webhook/same')), JSON.stringify(logged));
});

test('a paused workflow answers 503 with Retry-After and starts nothing; the status is read per request', async (t) => {
  const hook = fakeRoute({ path: 'p', status: 'paused' });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());

  const paused = await send(`${url}/webhook/p`, { body: '{}' });
  assert.equal(paused.status, 503);
  assert.ok(Number(paused.headers['retry-after']) > 0);
  assert.equal(hook.fires.length, 0);

  hook.setStatus('active');
  assert.equal((await send(`${url}/webhook/p`)).status, 202);
});

test('a full run queue answers 429 with Retry-After; another failure to start answers a short 500', async (t) => {
  const full = fakeRoute({ path: 'full', fire: () => { throw new RunQueueFullError(); } });
  const broken = fakeRoute({ path: 'broken', fire: () => { throw new Error('store is closed\n    at secret stack'); } });
  const { server, url, logged } = await startServer([full, broken]);
  t.after(() => server.close());

  const tooMany = await send(`${url}/webhook/full`);
  assert.equal(tooMany.status, 429);
  assert.equal(tooMany.headers['retry-after'], '1');
  assert.match((tooMany.json() as { error: string }).error, /queue is full/);

  const failed = await send(`${url}/webhook/broken`);
  assert.equal(failed.status, 500);
  assert.deepEqual(failed.json(), { error: 'the run could not start' });
  assert.ok(logged.some((l) => l.level === 'error' && l.message.includes('store is closed')));
});

test('rejections are logged at most once per interval', async (t) => {
  const full = fakeRoute({ path: 'full', fire: () => { throw new RunQueueFullError(); } });
  const { server, url, logged } = await startServer([full]);
  t.after(() => server.close());

  for (let i = 0; i < 20; i++) assert.equal((await send(`${url}/webhook/full`)).status, 429);
  assert.equal(logged.filter((l) => l.message.includes('429')).length, 1);
});

test('bodies: JSON (also +json), forms, text, empty → null; malformed JSON is a 400 that starts nothing', async (t) => {
  const hook = fakeRoute({ path: 'b' });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());
  const bodyOf = async (contentType: string | undefined, body: string | undefined) => {
    const answer = await send(`${url}/webhook/b`, { headers: contentType ? { 'content-type': contentType } : {}, body });
    assert.equal(answer.status, 202, answer.text);
    return (hook.fires.at(-1)!.input as { body: unknown }).body;
  };

  assert.deepEqual(await bodyOf('application/json; charset=utf-8', '[1,"two"]'), [1, 'two']);
  assert.deepEqual(await bodyOf('application/vnd.api+json', '{"x":true}'), { x: true });
  assert.deepEqual(await bodyOf('application/x-www-form-urlencoded', 'a=1&b=x+y&a=2'), { a: ['1', '2'], b: 'x y' });
  assert.equal(await bodyOf('text/plain', 'héllo'), 'héllo');
  assert.equal(await bodyOf(undefined, 'raw'), 'raw');
  assert.equal(await bodyOf('application/json', undefined), null);

  const fires = hook.fires.length;
  const malformed = await send(`${url}/webhook/b`, { headers: { 'content-type': 'application/json' }, body: '{"a":' });
  assert.equal(malformed.status, 400);
  assert.match((malformed.json() as { error: string }).error, /malformed JSON/);
  assert.equal(hook.fires.length, fires);
});

test('a key named __proto__ in the query stays a plain key', async (t) => {
  const hook = fakeRoute({ path: 'q' });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());

  assert.equal((await send(`${url}/webhook/q?__proto__=x&__proto__=y`)).status, 202);
  const query = (hook.fires[0].input as { query: Record<string, unknown> }).query;
  assert.equal(Object.getPrototypeOf(query), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(query, '__proto__')?.value, ['x', 'y']);
});

test('413 from the Content-Length alone, before the body is sent', { timeout: 5000 }, async (t) => {
  const hook = fakeRoute({ path: 'small', config: { maxBodyBytes: 1000 } });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());

  // Headers only: the body never comes, so an answer proves the server did not wait for it.
  const answer = await new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(`${url}/webhook/small`, { method: 'POST', headers: { 'content-length': 5_000_000 } }, (res) => collect(res, resolve, reject));
    req.on('error', () => {});
    req.flushHeaders();
  });
  assert.equal(answer.status, 413);
  assert.equal(answer.headers.connection, 'close');
  assert.match((answer.json() as { error: string }).error, /1000 bytes/);
  assert.equal(hook.fires.length, 0);
});

test('413 for a chunked body as soon as it passes the limit, while the client is still sending', { timeout: 5000 }, async (t) => {
  const hook = fakeRoute({ path: 'small', config: { maxBodyBytes: 1000 } });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());

  const answer = await new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(`${url}/webhook/small`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
      collect(res, resolve, reject);
    });
    req.on('error', () => {});
    // 3 × 600 bytes and never `end()`: only an early answer resolves this promise.
    for (let i = 0; i < 3; i++) req.write('x'.repeat(600));
  });
  assert.equal(answer.status, 413);
  assert.equal(hook.fires.length, 0);
});

test('a refusal keeps the connection when the unread body is small, and closes it when it is large', { timeout: 5000 }, async (t) => {
  const { server, url } = await startServer([]);
  t.after(() => server.close());

  const small = await send(`${url}/webhook/none`, { body: 'tiny' });
  assert.equal(small.status, 404);
  assert.notEqual(small.headers.connection, 'close');
  const large = await new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(`${url}/webhook/none`, { method: 'POST', headers: { 'content-length': 1_000_000 } }, (res) => collect(res, resolve, reject));
    req.on('error', () => {});
    req.flushHeaders();
  });
  assert.equal(large.status, 404);
  assert.equal(large.headers.connection, 'close');
});

test('a body exactly at the limit is accepted', async (t) => {
  const hook = fakeRoute({ path: 'small', config: { maxBodyBytes: 1000 } });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());

  assert.equal((await send(`${url}/webhook/small`, { body: 'x'.repeat(1000) })).status, 202);
  assert.equal((await send(`${url}/webhook/small`, { body: 'x'.repeat(1001) })).status, 413);
});

test('lastNode mode answers 200 with the output, and 500 with the execution id when the run failed', async (t) => {
  const ok = fakeRoute({
    path: 'ok',
    config: { responseMode: 'lastNode' },
    fire: (input) => startedRun('exec-ok', Promise.resolve(result('exec-ok', { echoed: (input as { body: unknown }).body }))),
  });
  const failed = fakeRoute({
    path: 'failed',
    config: { responseMode: 'lastNode' },
    fire: () => startedRun('exec-bad', Promise.resolve(result('exec-bad', null, 'failed', 'Node "Call API" failed: HTTP 502'))),
  });
  const partial = fakeRoute({
    path: 'partial',
    config: { responseMode: 'lastNode' },
    fire: () => startedRun('exec-p', Promise.resolve(result('exec-p', { kept: 1 }, 'partial'))),
  });
  const broken = fakeRoute({
    path: 'broken',
    config: { responseMode: 'lastNode' },
    fire: () => startedRun('exec-x', Promise.reject(new Error('host bug'))),
  });
  const { server, url } = await startServer([ok, failed, partial, broken]);
  t.after(() => server.close());

  const answer = await send(`${url}/webhook/ok`, { headers: { 'content-type': 'application/json' }, body: '{"n":7}' });
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.json(), { echoed: { n: 7 } });

  const failure = await send(`${url}/webhook/failed`);
  assert.equal(failure.status, 500);
  assert.deepEqual(failure.json(), { executionId: 'exec-bad', status: 'failed', error: 'Node "Call API" failed: HTTP 502' });

  const completed = await send(`${url}/webhook/partial`);
  assert.equal(completed.status, 200, 'a partial run completed: the workflow chose to continue past a failure');
  assert.deepEqual(completed.json(), { kept: 1 });
  const rejected = await send(`${url}/webhook/broken`);
  assert.equal(rejected.status, 500, 'a done promise that rejects (against the contract) still gets an answer');
  assert.deepEqual(rejected.json(), { executionId: 'exec-x', status: 'failed', error: 'host bug' });
});

test('lastNode mode answers 504 when the run outlives lastNodeTimeoutMs', async (t) => {
  const slow = fakeRoute({ path: 'slow', config: { responseMode: 'lastNode' }, fire: () => startedRun('exec-slow', new Promise(() => {})) });
  const { server, url } = await startServer([slow], { lastNodeTimeoutMs: 50 });
  t.after(() => server.close());

  const answer = await send(`${url}/webhook/slow`);
  assert.equal(answer.status, 504);
  assert.equal((answer.json() as { executionId: string }).executionId, 'exec-slow');
});

test('lastNode mode: a client that hangs up does not cancel the run', { timeout: 5000 }, async (t) => {
  let finish!: (r: ExecutionResult) => void;
  let cancelled = false;
  const run: StartedRun = { executionId: 'exec-1', done: new Promise((resolve) => (finish = resolve)), cancel: () => (cancelled = true) };
  const hook = fakeRoute({ path: 'wait', config: { responseMode: 'lastNode' }, fire: () => run });
  const { server, url } = await startServer([hook]);
  t.after(() => server.close());

  const req = httpRequest(`${url}/webhook/wait`, { method: 'POST' });
  req.on('error', () => {});
  req.end();
  while (hook.fires.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  req.destroy();
  await new Promise((resolve) => setTimeout(resolve, 30));
  finish(result('exec-1', { late: true }));
  await new Promise((resolve) => setTimeout(resolve, 10));

  assert.equal(cancelled, false);
  const again = await send(`${url}/webhook/wait`);
  assert.equal(again.status, 200, 'the server still answers (the fake hands back the same, finished run)');
  assert.deepEqual(again.json(), { late: true });
});

test('close(): idle keep-alive sockets are closed, an in-flight lastNode request is still answered', { timeout: 5000 }, async () => {
  let finish!: (r: ExecutionResult) => void;
  const hook = fakeRoute({
    path: 'wait',
    config: { responseMode: 'lastNode' },
    fire: () => startedRun('exec-1', new Promise((resolve) => (finish = resolve))),
  });
  const quick = fakeRoute({ path: 'quick' });
  const { server, url } = await startServer([hook, quick]);
  const agent = new Agent({ keepAlive: true });

  // An idle keep-alive connection from a finished request must not hold close() open.
  await new Promise<Answer>((resolve, reject) => httpRequest(`${url}/webhook/quick`, { method: 'POST', agent }, (res) => collect(res, resolve, reject)).end());
  const pending = new Promise<Answer>((resolve, reject) => httpRequest(`${url}/webhook/wait`, { method: 'POST', agent }, (res) => collect(res, resolve, reject)).end());
  while (hook.fires.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));

  let closed = false;
  const closing = server.close().then(() => (closed = true));
  assert.equal(server.baseUrl(), undefined);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(closed, false, 'close() waits for the in-flight request');

  finish(result('exec-1', { done: true }));
  const answer = await pending;
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.json(), { done: true });
  assert.equal(answer.headers.connection, 'close');
  const started = Date.now();
  await closing;
  assert.ok(Date.now() - started < 2000, 'close() resolved soon after the last answer');
  agent.destroy();
  await assert.rejects(send(`${url}/webhook/quick`), /ECONNREFUSED/);
});

test('listen(): resolves the base URL; a port in use rejects naming the address', async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const port = (blocker.address() as { port: number }).port;

  const server = new WebhookServer({ port, logger: { info() {}, warn() {}, error() {} } });
  assert.equal(server.baseUrl(), undefined);
  await assert.rejects(server.listen(), new RegExp(`127\\.0\\.0\\.1:${port}.*EADDRINUSE`));
  await server.close();

  const free = new WebhookServer({ port: 0, logger: { info() {}, warn() {}, error() {} } });
  const url = await free.listen();
  t.after(() => free.close());
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(free.baseUrl(), url);
  await assert.rejects(free.listen(), /already started/);
});
