/** Poll triggers against a real HTTP server on 127.0.0.1, with fake time between polls. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { armPoll, pollBaseline } from '../../../src/core/triggers/pollTrigger';
import { canonicalJson, type PollConfig } from '../../../src/core/triggers/poll';
import { triggerPoll } from '../../../src/core/nodes/triggerPoll';
import { FakeClock, RecordingSlot } from './helpers';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler = (_req, res) => res.end();
const requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const T0 = Date.parse('2025-06-01T12:00:00Z');

/** A port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function json(res: ServerResponse, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

function config(overrides: Record<string, unknown> = {}): PollConfig {
  return triggerPoll.configSchema.parse({ url: `${base}/status`, intervalSeconds: 30, ...overrides }) as PollConfig;
}

/** Arms a poll and waits for its first poll to finish. */
async function armed(pollConfig: PollConfig, baseline?: string) {
  const clock = new FakeClock(T0);
  const slot = new RecordingSlot(clock);
  const trigger = armPoll(slot, async () => pollConfig, baseline);
  await slot.until(() => slot.nextRuns.length === 2, 'the first poll');
  /** Lets the interval pass and waits for that poll. */
  const nextPoll = async () => {
    const polls = slot.nextRuns.length;
    clock.advanceTo(slot.nextRuns.at(-1)!);
    await slot.until(() => slot.nextRuns.length === polls + 1, 'the next poll');
  };
  return { clock, slot, trigger, nextPoll };
}

describe('poll trigger', () => {
  it('records a baseline first, then fires when the body changes, every interval', async () => {
    let price = 10;
    handler = (_req, res) => json(res, { price });
    const { slot, trigger, nextPoll } = await armed(config());
    assert.equal(slot.runner.runs.length, 0, 'the first poll only records');
    const firstHash = pollBaseline(slot.states[0]);
    assert.equal(firstHash, createHash('sha256').update(JSON.stringify({ price: 10 })).digest('hex'));
    assert.deepEqual(slot.nextRuns, [T0, T0 + 30_000]);

    await nextPoll();
    assert.equal(slot.runner.runs.length, 0, 'unchanged');
    price = 12;
    await nextPoll();
    assert.equal(slot.runner.runs.length, 1);
    const input = slot.inputs()[0] as Record<string, unknown>;
    assert.deepEqual(
      { ...input, headers: undefined },
      { url: `${base}/status`, status: 200, headers: undefined, body: { price: 12 }, hash: pollBaseline(slot.states[1]), previousHash: firstHash },
    );
    assert.equal((input.headers as Record<string, string>)['content-type'], 'application/json');
    assert.deepEqual(slot.runner.runs[0].fire.trigger.data, { url: `${base}/status`, status: 200, hash: input.hash, previousHash: firstHash });
    await nextPoll();
    assert.equal(slot.runner.runs.length, 1, 'the new body is the baseline now');
    assert.deepEqual(slot.nextRuns.slice(-1), [T0 + 4 * 30_000]);
    trigger.stop();
  });

  it('compares with the baseline kept from an earlier process', async () => {
    handler = (_req, res) => json(res, { price: 10 });
    const current = createHash('sha256').update(JSON.stringify({ price: 10 })).digest('hex');
    const same = await armed(config(), current);
    assert.equal(same.slot.runner.runs.length, 0, 'a restart does not re-fire for the same response');
    assert.deepEqual(same.slot.states, [], 'nothing new to remember');
    same.trigger.stop();
    const changed = await armed(config(), 'an-older-hash');
    assert.equal(changed.slot.runner.runs.length, 1, 'a change while nothing ran fires at the first poll');
    assert.equal((changed.slot.inputs()[0] as { previousHash: string }).previousHash, 'an-older-hash');
    changed.trigger.stop();
  });

  it('compares only what select picks, sends method, headers and body', async () => {
    let price = 10;
    let counter = 0;
    handler = (_req, res) => json(res, { generatedAt: ++counter, item: { price, name: 'x' } });
    const pollConfig = config({ method: 'POST', headers: { authorization: 'Bearer t0k3n' }, body: { query: '{ item }' }, select: 'item' });
    const { slot, trigger, nextPoll } = await armed(pollConfig);
    await nextPoll();
    assert.equal(slot.runner.runs.length, 0, 'generatedAt changes on every answer and is not compared');
    price = 11;
    await nextPoll();
    assert.equal(slot.runner.runs.length, 1);
    assert.equal((slot.inputs()[0] as { hash: string }).hash, createHash('sha256').update(canonicalJson({ name: 'x', price: 11 })).digest('hex'));
    const last = requests.at(-1)!;
    assert.deepEqual([last.method, last.headers.authorization, last.headers['content-type'], last.body], ['POST', 'Bearer t0k3n', 'application/json', '{"query":"{ item }"}']);
    trigger.stop();
  });

  it('compares the ETag (or Last-Modified) with compare "etag"', async () => {
    let etag = '"v1"';
    handler = (_req, res) => {
      res.writeHead(200, { etag, 'content-type': 'text/plain' });
      res.end(`body at ${Date.now()}`);
    };
    const { slot, trigger, nextPoll } = await armed(config({ method: 'HEAD', compare: 'etag' }));
    await nextPoll();
    assert.equal(slot.runner.runs.length, 0, 'same ETag');
    etag = '"v2"';
    await nextPoll();
    assert.equal(slot.runner.runs.length, 1);
    assert.equal(requests.at(-1)!.method, 'HEAD');
    trigger.stop();
  });

  it('shows failures on the trigger, keeps the baseline, and recovers', async () => {
    let status = 200;
    let price = 1;
    handler = (_req, res) => {
      if (status !== 200) {
        res.writeHead(status);
        res.end('down');
      } else json(res, { price });
    };
    const { slot, trigger, nextPoll } = await armed(config());
    status = 503;
    price = 2;
    await nextPoll();
    assert.match(slot.errors.at(-1) ?? '', /^GET http:\/\/127\.0\.0\.1:\d+\/status answered HTTP 503$/);
    assert.equal(slot.runner.runs.length, 0);
    status = 200;
    await nextPoll();
    assert.equal(slot.errors.at(-1), undefined, 'cleared by a good poll');
    assert.equal(slot.runner.runs.length, 1, 'the change is measured against the last good poll');
    trigger.stop();

    const closedPort = await freePort();
    const refused = await armed(config({ url: `http://127.0.0.1:${closedPort}/nothing` }));
    assert.match(refused.slot.errors.at(-1) ?? '', new RegExp(`^GET http://127\\.0\\.0\\.1:${closedPort}/nothing failed: .*ECONNREFUSED`));
    refused.trigger.stop();

    handler = (_req, res) => res.end('no tags');
    const untagged = await armed(config({ compare: 'etag' }));
    assert.equal(untagged.slot.errors.at(-1), 'compare is "etag" but the response has neither an ETag nor a Last-Modified header');
    untagged.trigger.stop();
  });

  it('stopping aborts a poll in flight and cancels the next', { timeout: 10_000 }, async () => {
    let hungUp!: Promise<void>;
    const arrived = new Promise<void>((resolve) => {
      handler = (_req, res) => {
        // never answered: the poll hangs until the trigger hangs up
        hungUp = new Promise((closed) => res.on('close', () => closed()));
        resolve();
      };
    });
    const clock = new FakeClock(T0);
    const slot = new RecordingSlot(clock);
    const trigger = armPoll(slot, async () => config(), undefined);
    await arrived;
    trigger.stop();
    await hungUp;
    clock.advance(3600_000);
    assert.deepEqual(slot.states, [], 'the aborted poll recorded nothing');
    assert.deepEqual(slot.nextRuns, [T0], 'and planned nothing');
    assert.equal(clock.pending, 0);
  });
});
