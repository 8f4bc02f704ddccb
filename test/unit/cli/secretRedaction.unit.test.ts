/**
 * Issue 11, item 3: secrets do not leak through data. A workflow copies a secret into its data
 * (as is, upper-cased, base64, a substring, through a code node's encodings, echoed back by a
 * real HTTP server) and logs a 3-character secret. The server must get the secret in clear;
 * `workflow run`, `--json`, `show --json`, the journal files and the snapshot on disk must hold
 * neither the secret nor any of its spellings.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../../src/cli/commands/run';
import { main } from '../../../src/cli/main';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { defaultDatabasePath, openStore, silentLogger } from '../../../src/core/store';
import { fakeIo } from './helpers';

/** Characters that every encoding spells differently: `/ + ? = space " \`. */
const API = 'Tk/9f+Q?z= "q"\\w7xYz';
const SHORT = 'abc';

/** Every spelling of API that must never be stored or shown. */
function forbiddenSpellings(): Record<string, string> {
  const bytes = Buffer.from(API);
  return {
    raw: API,
    upper: API.toUpperCase(),
    lower: API.toLowerCase(),
    base64: bytes.toString('base64'),
    base64url: bytes.toString('base64url'),
    hex: bytes.toString('hex'),
    url: encodeURIComponent(API),
    json: JSON.stringify(API).slice(1, -1),
    substring: API.slice(3, 10),
    'base64 of "user:" + secret (core)': Buffer.from(`user:${API}`).toString('base64').slice(8, 28),
  };
}

const received: string[] = [];
let server: Server;
let url: string;

async function startEchoServer(): Promise<void> {
  // echoes the Authorization header it received, as some APIs do in their errors
  server = createServer((request, response) => {
    received.push(String(request.headers.authorization));
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ youSent: request.headers.authorization }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  url = `http://127.0.0.1:${address.port}/echo`;
}

after(() => {
  server.closeAllConnections();
  server.close();
});

function leakingWorkflow() {
  const node = (id: string, type: string, config: Record<string, unknown>, x: number) => ({ id, type, name: id, position: { x, y: 0 }, config });
  const nodes = [
    node('start', 'trigger.manual', {}, 0),
    node('set', 'data.set', {
      values: {
        tok: '{{ $secrets.API }}',
        up: '{{ $uppercase($secrets.API) }}',
        b64: '{{ $base64encode($secrets.API) }}',
        basic: '{{ "Basic " & $base64encode("user:" & $secrets.API) }}',
        sub: '{{ $substring($secrets.API, 3, 7) }}',
        short: '{{ $secrets.SHORT }}',
        sentence: 'the code is {{ $secrets.SHORT }}.',
      },
    }, 200),
    node('log', 'util.log', { message: 'short={{ $secrets.SHORT }} tok={{ $secrets.API }}' }, 400),
    node('code', 'code.javascript', {
      code: [
        'const t = $input.tok;',
        "const hex = [...t].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');",
        "console.log('from code: ' + t.toLowerCase());",
        'return { ...$input, hex, url: encodeURIComponent(t), lower: t.toLowerCase(), json: JSON.stringify({ t }) };',
      ].join('\n'),
    }, 600),
    node('transform', 'data.transform', { expression: '$merge([$, { "b64url": $base64encode(tok) ~> $replace("+", "-") ~> $replace("/", "_") }])' }, 800),
    node('call', 'http.request', { url, headers: { Authorization: 'Bearer {{ $secrets.API }}' } }, 1000),
    node('merge', 'data.transform', { expression: '{ "echo": $, "before": $node.transform }' }, 1200),
  ];
  const ids = nodes.map((n) => n.id);
  return {
    formatVersion: 1,
    name: 'Leaky',
    nodes,
    edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i], target: id })),
  };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-secrets-'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, 'leaky.workflow.json'), serializeWorkflow(leakingWorkflow() as never));
  return dir;
}

const env = { WORKFLOW_SECRET_API: API, WORKFLOW_SECRET_SHORT: SHORT };

function assertNoLeak(where: string, text: string): void {
  for (const [spelling, value] of Object.entries(forbiddenSpellings())) {
    assert.ok(!text.includes(value), `${where} contains the secret (${spelling}: ${value})`);
  }
  for (const shortForm of ['short=abc', '"abc"', 'is abc.']) assert.ok(!text.includes(shortForm), `${where} contains the short secret (${shortForm})`);
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

/** One workspace, run twice (plain and --json) before the tests look at each place. */
let dir: string;
let plain: ReturnType<typeof fakeIo>;
let json: ReturnType<typeof fakeIo>;

before(async () => {
  await startEchoServer();
  dir = workspace();
  received.length = 0;
  plain = fakeIo(dir, env);
  assert.equal(await runCommand.run(['leaky.workflow.json'], plain.io), 0, plain.stderr());
  json = fakeIo(dir, env);
  assert.equal(await runCommand.run(['leaky.workflow.json', '--json'], json.io), 0, json.stderr());
});

test('the server receives the secret in clear (data between nodes is not redacted)', () => {
  assert.deepEqual(received, [`Bearer ${API}`, `Bearer ${API}`]);
});

test('workflow run prints no spelling of the secret; the short secret is redacted in the log line', () => {
  const printed = plain.stdout();
  assert.match(printed, /short=\*\*\* tok=\*\*\*/);
  assertNoLeak('workflow run', printed);
});

test('workflow run --json prints no spelling of the secret', () => {
  const doc = JSON.parse(json.stdout()) as { output: { echo: { status: number; body: { youSent: string } } } };
  assert.equal(doc.output.echo.status, 200, 'the run went through to the end');
  assert.equal(doc.output.echo.body.youSent, 'Bearer ***');
  assertNoLeak('workflow run --json', json.stdout());
});

test('show --json and history --json hold no spelling of the secret', async () => {
  const { executionId } = JSON.parse(json.stdout()) as { executionId: string };
  const shown = fakeIo(dir);
  assert.equal(await main(['show', executionId, '--json'], shown.io), 0, shown.stderr());
  const detail = JSON.parse(shown.stdout()) as { nodeResults: unknown[] };
  assert.ok(detail.nodeResults.length >= 7, 'show lists the node results');
  assertNoLeak('show --json', shown.stdout());
  const history = fakeIo(dir);
  assert.equal(await main(['history', '--json'], history.io), 0);
  assertNoLeak('history --json', history.stdout());
});

test('the journal files on disk hold no spelling of the secret', () => {
  const journals = filesBelow(join(dir, '.workflow-studio')).filter((f) => !f.endsWith('history.sqlite'));
  assert.ok(journals.some((f) => readFileSync(f).includes('youSent')), 'the runs were journaled');
  for (const file of journals) assertNoLeak(file, readFileSync(file).toString('latin1'));
});

test('the snapshot on disk holds no spelling of the secret', async () => {
  const store = await openStore({ path: defaultDatabasePath(dir), logger: silentLogger });
  await store.compact();
  await store.close();
  const snapshot = readFileSync(defaultDatabasePath(dir));
  assert.ok(snapshot.includes('youSent'), 'the snapshot holds the records');
  assertNoLeak('the snapshot', snapshot.toString('latin1'));
  assertNoLeak('the snapshot (utf8)', snapshot.toString('utf8'));
});
