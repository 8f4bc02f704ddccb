/**
 * Redaction of secrets (docs/secrets.md): the redactor alone (spellings, short values,
 * copy-on-write), then through the engine (taint of expression results, secrets fetched before
 * the first event, sub-workflows, data between nodes left in clear).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretRedactor } from '../../../src/core/engine/redaction';
import { runWorkflow } from '../../../src/core/engine/engine';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { chainEdges, node, recorder, workflow } from './helpers';

const SECRET = 'Pa55/w+rd?=&"x"\\é';

function redactorOf(...values: string[]): SecretRedactor {
  const redactor = new SecretRedactor();
  for (const value of values) redactor.add(value);
  return redactor;
}

test('every listed spelling of a secret is replaced inside any text', () => {
  const r = redactorOf(SECRET);
  const bytes = Buffer.from(SECRET);
  const spellings: Record<string, string> = {
    raw: SECRET,
    upper: SECRET.toUpperCase(),
    lower: SECRET.toLowerCase(),
    'mixed case': 'pA55/W+Rd?=&"X"\\É',
    json: JSON.stringify(SECRET).slice(1, -1),
    url: encodeURIComponent(SECRET),
    'url, upper-case escapes': encodeURIComponent(SECRET).replace(/%[0-9a-f]{2}/g, (e) => e.toUpperCase()),
    form: new URLSearchParams({ a: SECRET }).toString().slice(2),
    hex: bytes.toString('hex'),
    HEX: bytes.toString('hex').toUpperCase(),
    base64: bytes.toString('base64'),
    'base64 unpadded': bytes.toString('base64').replace(/=+$/, ''),
    base64url: bytes.toString('base64url'),
    'base64 of Latin-1 bytes (btoa, $base64encode)': Buffer.from(SECRET, 'latin1').toString('base64'),
    'hex of Latin-1 bytes': Buffer.from(SECRET, 'latin1').toString('hex'),
  };
  for (const [name, spelling] of Object.entries(spellings)) {
    const out = r.redactText(`before ${spelling} after`);
    assert.equal(out, 'before *** after', name);
  }
});

test('base64 of a longer text that contains the secret, at any byte alignment, no longer decodes to it', () => {
  const r = redactorOf(SECRET);
  for (const prefix of ['', 'u', 'us', 'user:', 'Bearer ']) {
    for (const alphabet of ['base64', 'base64url'] as const) {
      const encoded = Buffer.from(`${prefix}${SECRET}!tail`).toString(alphabet);
      const out = r.redactText(encoded);
      assert.ok(out.includes('***'), `${alphabet} with prefix "${prefix}"`);
      const visible = out.split('***').map((part) => Buffer.from(part, alphabet).toString('latin1')).join('');
      assert.ok(!visible.includes(SECRET.slice(0, 4)) && !visible.includes(SECRET.slice(-4)), `${alphabet} with prefix "${prefix}": ${visible}`);
    }
  }
});

test('a secret shorter than 4 characters is replaced where it stands alone, not inside words', () => {
  const r = redactorOf('abc');
  assert.equal(r.redactText('abc'), '***');
  assert.equal(r.redactText('short=abc'), 'short=***');
  assert.equal(r.redactText('the code is ABC.'), 'the code is ***.');
  assert.equal(r.redactText('abc-abc abc_x'), '***-*** ***_x');
  assert.equal(r.redactText('abcdef xabc 1abc abc2'), 'abcdef xabc 1abc abc2');
  assert.deepEqual(r.redact({ field: 'abc', list: ['abc', 'nabcn'] }), { field: '***', list: ['***', 'nabcn'] });
  // its encodings of at least 4 characters are replaced anywhere
  assert.equal(r.redactText('x=YWJj;'), 'x=***;');
  assert.equal(r.redactText('hex616263end'), 'hex***end');
  // from 4 characters on, inside words too
  assert.equal(redactorOf('prod').redactText('production'), '***uction');
  assert.equal(redactorOf('dev').redactText('devices, dev'), 'devices, ***');
});

test('one-character and empty secrets: the former as a whole token, the latter never', () => {
  const r = redactorOf('7', '');
  assert.equal(r.redactText('pin 7, 17, 7a'), 'pin ***, 17, 7a');
  assert.equal(redactorOf('').active, false);
});

test('overlapping and adjacent matches become one ***; object keys are redacted too', () => {
  const r = redactorOf('s3cr3t-value', 'value-x');
  assert.equal(r.redactText('s3cr3t-values3cr3t-value'), '***');
  assert.equal(r.redactText('s3cr3t-value-x!'), '***!');
  assert.deepEqual(r.redact({ 's3cr3t-value': 1 }), { '***': 1 });
});

test('redact copies only what changed and never touches the original data', () => {
  const r = redactorOf(SECRET);
  const clean = { a: [1, 'two', { three: 3 }] };
  const shared = { ok: true };
  const dirty = { shared, inner: { token: SECRET }, list: ['x', `Bearer ${SECRET}`] };
  assert.equal(r.redact(clean), clean);
  const out = r.redact(dirty);
  assert.deepEqual(out, { shared, inner: { token: '***' }, list: ['x', 'Bearer ***'] });
  assert.equal(out.shared, shared, 'unchanged parts are shared');
  assert.equal(dirty.inner.token, SECRET, 'the original is left in clear');
  r.add('two');
  assert.deepEqual(r.redact(clean), { a: [1, '***', { three: 3 }] }, 'a value added later applies to data seen before');
});

test('derived values: every string an expression computed counts; literals, copies and keys do not', () => {
  const r = new SecretRedactor();
  r.addDerived({ part: 'Pa55', list: ['w+rd'], n: 5, ok: true, 'k-e-y': 'x1' }, '$f($secrets.A)');
  assert.equal(r.redactText('Pa55 w+rd 5 true k-e-y x1'), '*** *** 5 true k-e-y ***');
  const copied = new SecretRedactor();
  copied.addDerived(
    { kind: 'token', other: 'quoted', who: 'alice-smith', auth: 'Bearer xyz-123' },
    `{ "kind": "token", "other": 'quoted', "who": name, "auth": "Bearer " & $secrets.T }`,
    [{ name: 'alice-smith' }, {}],
  );
  assert.equal(copied.redactText('token quoted alice-smith: Bearer xyz-123'), 'token quoted alice-smith: ***');
});

// ---- through the engine ----

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wf-redact-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** True when the events hold `value` (as JSON text spells it: quotes and backslashes escaped). */
function holds(events: unknown, value: string): boolean {
  return JSON.stringify(events).includes(JSON.stringify(value).slice(1, -1));
}

const secrets = { get: (name: string) => ({ API: SECRET, SHORT: 'ab' })[name] };

test('expression results that read $secrets are secret too: substrings, reversals, short values', async () => {
  const rec = recorder();
  const wf = workflow(
    [
      node('set', 'data.set', {
        values: {
          sub: '{{ $substring($secrets.API, 1, 3) }}',
          rev: '{{ $join($reverse($split($secrets.API, ""))) }}',
          short: '{{ $secrets.SHORT }}',
        },
      }),
      // this node does not read $secrets: the same fragment is still recognised
      node('copy', 'data.transform', { expression: '{ "again": $substring(sub, 0, 3), "fromInput": rev }' }),
    ],
    chainEdges(['set', 'copy']),
  );
  const result = await runWorkflow(wf, { secrets, listeners: [rec.listener] });
  assert.equal(result.status, 'success');
  assert.deepEqual(result.output, { again: '***', fromInput: '***' });
  for (const leaked of [SECRET.slice(1, 4), [...SECRET].reverse().join('')]) assert.ok(!holds(rec.events, leaked), leaked);
  assert.ok(!JSON.stringify(rec.events).includes('"ab"'), 'the short secret');
});

test('an expression that mixes a secret with data makes secret what it computed, not what it copied', async () => {
  const rec = recorder();
  const wf = workflow(
    [
      node('mix', 'data.transform', { expression: '{ "kind": "token", "who": name, "auth": "Bearer " & $substring($secrets.API, 0, 4) }' }),
      node('next', 'data.set', { values: { again: '{{ who }}' } }),
    ],
    chainEdges(['mix', 'next']),
  );
  const result = await runWorkflow(wf, { secrets, input: { name: 'alice-smith' }, listeners: [rec.listener] });
  assert.deepEqual(result.output, { kind: 'token', who: 'alice-smith', auth: '***', again: 'alice-smith' });
  assert.ok(!holds(rec.events, `Bearer ${SECRET.slice(0, 4)}`));
});

test('secrets named by the workflow are known before the first event: data read earlier is redacted', async () => {
  await writeFile(join(dir, 'leak.txt'), `token: ${SECRET}`);
  const rec = recorder();
  const wf = workflow(
    [node('read', 'file.read', { path: 'leak.txt' }), node('use', 'util.log', { message: 'using {{ $secrets.API }}' })],
    chainEdges(['read', 'use']),
  );
  const input = { body: { echoed: SECRET } }; // as a webhook's request body would be
  const result = await runWorkflow(wf, { secrets, input, workspaceRoot: dir, listeners: [rec.listener] });
  assert.equal(result.status, 'success');
  assert.deepEqual(rec.of('execution.started')[0].input, { body: { echoed: '***' } });
  const finished = rec.of('node.finished').find((e) => e.nodeId === 'read')!;
  assert.deepEqual((finished.output.out as { content: string }).content, 'token: ***');
  assert.ok(!holds(rec.events, SECRET.slice(0, 6)));
});

test('a sub-workflow shares the redaction; its output comes back to the caller in clear', async () => {
  const child = workflow(
    [node('entry', 'trigger.workflow', {}), node('make', 'data.set', { values: { tok: '{{ $uppercase($secrets.API) }}' } })],
    chainEdges(['entry', 'make']),
  );
  await writeFile(join(dir, 'child.workflow.json'), serializeWorkflow(child));
  const rec = recorder();
  const parent = workflow(
    [
      node('call', 'flow.subworkflow', { path: 'child.workflow.json' }),
      node('save', 'file.write', { path: 'out.txt', content: '{{ tok }}' }),
    ],
    chainEdges(['call', 'save']),
  );
  const result = await runWorkflow(parent, { secrets, filePath: join(dir, 'parent.workflow.json'), workspaceRoot: dir, listeners: [rec.listener] });
  assert.equal(result.status, 'success', result.error?.message);
  assert.equal(await readFile(join(dir, 'out.txt'), 'utf8'), SECRET.toUpperCase(), 'the data reached the next node in clear');
  assert.ok(rec.events.some((e) => e.type === 'execution.started' && e.parentExecutionId), 'the child reported through the caller');
  assert.ok(!holds(rec.events, SECRET.toUpperCase()), 'no event holds the upper-cased secret');
});

test('errors, logs and the result are redacted; a run without secrets is left alone', async () => {
  const rec = recorder();
  const wf = workflow(
    [node('log', 'util.log', { message: 'x{{ $secrets.API }}x' }), node('fail', 'flow.fail', { message: 'bad {{ $base64encode($secrets.API) }}' })],
    chainEdges(['log', 'fail']),
  );
  const result = await runWorkflow(wf, { secrets, listeners: [rec.listener] });
  assert.equal(result.error?.message, 'bad ***');
  assert.equal(rec.of('log')[0].message, 'x***x');
  assert.ok(!holds(rec.events, Buffer.from(SECRET).toString('base64')));
  assert.ok(!holds(rec.events, SECRET));

  const plain = recorder();
  const data = { text: SECRET };
  const clean = await runWorkflow(workflow([node('set', 'data.set', { values: { n: 1 } })], []), { input: data, secrets, listeners: [plain.listener] });
  assert.equal((clean.output as { text: string }).text, SECRET, 'no secret was named, so nothing is known to redact');
});

test('a cyclic or absurdly deep value is replaced as a whole rather than shown unredacted', () => {
  const r = redactorOf(SECRET);
  const cyclic: Record<string, unknown> = { token: SECRET };
  cyclic.self = cyclic;
  assert.equal(r.redact(cyclic), '***');
  let deep: unknown = SECRET;
  for (let i = 0; i < 200_000; i++) deep = [deep];
  assert.equal(r.redact(deep), '***');
});

test('big shared subtrees are walked once per set of secrets, and again when a secret is added', () => {
  const r = redactorOf(SECRET);
  const rows = Array.from({ length: 1000 }, (_, i) => ({ i, name: `row ${i}` }));
  const first = r.redact({ a: rows });
  assert.equal(first.a, rows, 'nothing to redact: shared');
  r.add('row 7');
  const second = r.redact({ b: rows });
  assert.notEqual(second.b, rows);
  assert.equal((second.b[7] as { name: string }).name, '***');
  assert.equal(rows[7].name, 'row 7');
});
