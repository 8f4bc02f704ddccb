import { isNodeError } from './helpers';
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileWrite } from '../../../src/core/nodes/fileWrite';
import { runNode } from './helpers';

let temp: string;
let root: string;
let outside: string;
const services = () => ({ workspaceRoot: root });

beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'ws-write-'));
  root = join(temp, 'workspace');
  outside = join(temp, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await symlink(outside, join(root, 'escape'));
  await symlink(join(outside, 'created-through-link.txt'), join(root, 'dangling'));
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});


async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

test('writes text, creating missing folders, and outputs the path and byte count', async () => {
  const content = 'prix: 12 €\n';
  const { emit } = await runNode(fileWrite, { path: 'out/deep/{{ name }}.txt', content: 'prix: {{ price }} €\n' }, { input: { name: 'price', price: 12 }, services: services() });
  const path = join(root, 'out', 'deep', 'price.txt');
  assert.deepEqual(emit, { out: { path, bytes: Buffer.byteLength(content) } });
  assert.equal(await readFile(path, 'utf8'), content);
});

test('replaces an existing file unless append is set', async () => {
  const path = join(root, 'log.txt');
  await writeFile(path, 'old\n');
  await runNode(fileWrite, { path: 'log.txt', content: 'first\n' }, { services: services() });
  await runNode(fileWrite, { path: 'log.txt', content: 'second\n', append: true }, { services: services() });
  assert.equal(await readFile(path, 'utf8'), 'first\nsecond\n');
});

test('json: true writes any value with a 2-space indent and a final newline', async () => {
  const value = { id: 7, tags: ['a', 'b'], nested: { ok: true } };
  const { emit } = await runNode(fileWrite, { path: 'result.json', content: '{{ $input }}', json: true }, { input: value, services: services() });
  const text = await readFile(join(root, 'result.json'), 'utf8');
  assert.equal(text, `${JSON.stringify(value, null, 2)}\n`);
  assert.equal((emit.out as { bytes: number }).bytes, Buffer.byteLength(text));
});

test('json with append writes one compact line per value (JSON Lines)', async () => {
  const values = [{ n: 1 }, { n: 2, list: [1, 2] }];
  for (const value of values) await runNode(fileWrite, { path: 'events.jsonl', content: '{{ $input }}', json: true, append: true }, { input: value, services: services() });
  const lines = (await readFile(join(root, 'events.jsonl'), 'utf8')).split('\n');
  assert.deepEqual(lines.slice(0, -1).map((l) => JSON.parse(l) as unknown), values);
  assert.equal(lines.at(-1), '');
});

test('base64 content is written as the bytes it encodes', async () => {
  const bytes = Buffer.from([1, 2, 250, 0, 99]);
  await runNode(fileWrite, { path: 'blob.bin', content: bytes.toString('base64'), encoding: 'base64' }, { services: services() });
  assert.deepEqual(await readFile(join(root, 'blob.bin')), bytes);
});

test('an object without json: true is FILE_BAD_CONTENT and writes nothing', async () => {
  await assert.rejects(runNode(fileWrite, { path: 'x.txt', content: '{{ $input }}' }, { input: { a: 1 }, services: services() }), isNodeError('FILE_BAD_CONTENT', 'content'));
  assert.equal(await exists(join(root, 'x.txt')), false);
});

test('paths that escape the workspace are refused and nothing is created outside', async () => {
  const attempts: [string, string][] = [
    ['../outside/a.txt', join(outside, 'a.txt')],
    ['escape/b.txt', join(outside, 'b.txt')],
    ['escape/new-dir/c.txt', join(outside, 'new-dir')],
    ['dangling', join(outside, 'created-through-link.txt')],
  ];
  for (const [path, wouldCreate] of attempts) {
    await assert.rejects(runNode(fileWrite, { path, content: 'x' }, { services: services() }), isNodeError('PATH_OUTSIDE_WORKSPACE', 'path'), path);
    assert.equal(await exists(wouldCreate), false, wouldCreate);
  }
});

test('allowOutsideWorkspace permits writing outside the root', async () => {
  await runNode(fileWrite, { path: 'escape/allowed.txt', content: 'ok' }, { services: { workspaceRoot: root, allowOutsideWorkspace: true } });
  assert.equal(await readFile(join(outside, 'allowed.txt'), 'utf8'), 'ok');
});

test('writing onto a directory is FILE_IS_DIRECTORY', async () => {
  await mkdir(join(root, 'folder'));
  await assert.rejects(runNode(fileWrite, { path: 'folder', content: 'x' }, { services: services() }), isNodeError('FILE_IS_DIRECTORY', 'path'));
});
