import { isNodeError } from './helpers';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpRequest } from '../../../src/core/nodes/httpRequest';
import { CancelledError, NodeError, TimeoutError } from '../../../src/core/errors';
import { makeContextFor, runNode } from './helpers';

let server: Server;
let base: string;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-served-by': 'test' });
  response.end(JSON.stringify(value));
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  switch (url.pathname) {
    case '/json':
      return sendJson(response, 200, { ok: true, items: [1, 2] });
    case '/echo':
      return sendJson(response, 200, {
        method: request.method,
        search: url.search,
        query: Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k)])),
        headers: request.headers,
        body: await readBody(request),
      });
    case '/text':
      response.writeHead(200, { 'content-type': 'text/plain' });
      return void response.end('plain words');
    case '/problem':
      return sendJson(response, 422, { error: 'invalid sku' });
    case '/broken-json':
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end('{"half":');
    case '/hang':
      return; // never answers; closed by closeAllConnections at the end
    default:
      return sendJson(response, 404, { error: 'not found', path: url.pathname });
  }
}

before(async () => {
  server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});


test('GET of a JSON endpoint outputs status, lower-case headers and the parsed body', async () => {
  const { emit } = await runNode(httpRequest, { url: `${base}/json` });
  const out = emit.out as { status: number; headers: Record<string, string>; body: unknown };
  assert.equal(out.status, 200);
  assert.equal(out.headers['x-served-by'], 'test');
  assert.match(out.headers['content-type'], /^application\/json/);
  assert.deepEqual(out.body, { ok: true, items: [1, 2] });
});

test('a non-JSON response body is text', async () => {
  const { emit } = await runNode(httpRequest, { url: `${base}/text` });
  assert.equal((emit.out as { body: unknown }).body, 'plain words');
});

test('query is merged into the URL, headers and a JSON body are sent', async () => {
  const payload = { sku: 'A1', quantity: 3 };
  const { emit } = await runNode(
    httpRequest,
    {
      method: 'POST',
      url: `${base}/echo?keep=yes&page=1`,
      headers: { 'X-Token': '{{ $secrets.TOKEN }}' },
      query: { page: 2, tag: ['a', 'b'], skip: null },
      body: { sku: '{{ sku }}', quantity: '{{ quantity }}' },
    },
    { input: payload, secrets: { TOKEN: 's3cret' } },
  );
  const echoed = (emit.out as { body: { method: string; query: Record<string, string[]>; headers: Record<string, string>; body: string } }).body;
  assert.equal(echoed.method, 'POST');
  assert.deepEqual(echoed.query, { keep: ['yes'], page: ['2'], tag: ['a', 'b'] });
  assert.equal(echoed.headers['x-token'], 's3cret');
  assert.equal(echoed.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(echoed.body), payload);
});

test('a string body is sent as it is, with the content type the user set', async () => {
  const text = 'a=1&b=two';
  const { emit } = await runNode(httpRequest, {
    method: 'PUT',
    url: `${base}/echo`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: text,
  });
  const echoed = (emit.out as { body: { headers: Record<string, string>; body: string } }).body;
  assert.equal(echoed.body, text);
  assert.equal(echoed.headers['content-type'], 'application/x-www-form-urlencoded');
});

test('a 404 is a NodeError HTTP_STATUS naming the status, method and URL', async () => {
  const url = `${base}/nowhere`;
  await assert.rejects(runNode(httpRequest, { url }), (error: unknown) => {
    isNodeError('HTTP_STATUS', 'url')(error);
    const e = error as NodeError;
    assert.ok(e.message.includes('404'), e.message);
    assert.ok(e.message.includes(`GET ${url}`), e.message);
    assert.equal((e.data as { status: number }).status, 404);
    return true;
  });
});

test('allowErrorStatus turns an error status into an ordinary output', async () => {
  const { emit } = await runNode(httpRequest, { method: 'POST', url: `${base}/problem`, body: {}, allowErrorStatus: true });
  assert.equal((emit.out as { status: number }).status, 422);
  assert.deepEqual((emit.out as { body: unknown }).body, { error: 'invalid sku' });
});

test('an unparsable JSON body is HTTP_BAD_JSON', async () => {
  await assert.rejects(runNode(httpRequest, { url: `${base}/broken-json` }), isNodeError('HTTP_BAD_JSON', 'url'));
});

test('no response within timeoutMs is a TimeoutError', async () => {
  const startedAt = Date.now();
  await assert.rejects(runNode(httpRequest, { url: `${base}/hang`, timeoutMs: 150 }), (error) => error instanceof TimeoutError);
  assert.ok(Date.now() - startedAt < 3000);
});

test('a cancel aborts the request with CancelledError', async () => {
  const context = await makeContextFor(httpRequest, { url: `${base}/hang` });
  const pending = Promise.resolve(httpRequest.run(context));
  await sleep(50);
  context.controller.abort();
  await assert.rejects(pending, (error) => error instanceof CancelledError);
});

test('a refused connection is HTTP_UNREACHABLE on field url', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await assert.rejects(runNode(httpRequest, { url: `http://127.0.0.1:${port}/` }), isNodeError('HTTP_UNREACHABLE', 'url', /ECONNREFUSED/));
});

test('a URL that is not absolute http(s) is INVALID_URL before any request', async () => {
  for (const url of ['not a url', '/relative/path', 'ftp://example.com/file', 'file:///etc/passwd']) {
    await assert.rejects(runNode(httpRequest, { url }), isNodeError('INVALID_URL', 'url'), url);
  }
});

test('a body on GET is refused on field body', async () => {
  await assert.rejects(runNode(httpRequest, { url: `${base}/echo`, body: { a: 1 } }), isNodeError('HTTP_BODY_NOT_ALLOWED', 'body'));
});

test('credentials in the URL become Basic auth and are masked in messages', async () => {
  const port = new URL(base).port;
  const { emit } = await runNode(httpRequest, { url: `http://ann:p%40ss@127.0.0.1:${port}/echo` });
  const echoed = (emit.out as { body: { headers: Record<string, string> } }).body;
  assert.equal(echoed.headers.authorization, `Basic ${Buffer.from('ann:p@ss').toString('base64')}`);
  await assert.rejects(runNode(httpRequest, { url: `http://user:hunter2@127.0.0.1:${port}/missing` }), (error: unknown) => {
    isNodeError('HTTP_STATUS', 'url')(error);
    assert.ok(!(error as Error).message.includes('hunter2'), (error as Error).message);
    return true;
  });
});
