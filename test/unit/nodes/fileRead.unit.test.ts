import { isNodeError as nodeErrorMatcher } from './helpers';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileRead } from '../../../src/core/nodes/fileRead';
import { runNode } from './helpers';

let temp: string;
let root: string;
let outside: string;
const services = () => ({ workspaceRoot: root });

before(async () => {
  temp = await mkdtemp(join(tmpdir(), 'ws-read-'));
  root = join(temp, 'workspace');
  outside = join(temp, 'outside');
  await mkdir(join(root, 'data'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'outside secret');
  await writeFile(join(root, 'data', 'notes.txt'), 'héllo\nworld\n');
  await writeFile(join(root, 'data', 'config.json'), JSON.stringify({ retries: 3, hosts: ['a', 'b'] }));
  await writeFile(join(root, 'data', 'broken.json'), '{"retries": ');
  await writeFile(join(root, 'data', 'blob.bin'), Buffer.from([0, 255, 16, 32]));
  await symlink(outside, join(root, 'escape'));
  await symlink(join(root, 'data'), join(root, 'alias'));
  await symlink(root, join(temp, 'workspace-link'));
});

after(async () => {
  await rm(temp, { recursive: true, force: true });
});


const isNodeError = (code: string, field: string | undefined = 'path', message?: RegExp) => nodeErrorMatcher(code, field, message);

test('reads text (utf8 by default) and outputs the absolute path', async () => {
  const { emit } = await runNode(fileRead, { path: 'data/notes.txt' }, { services: services() });
  assert.deepEqual(emit, { out: { path: join(root, 'data', 'notes.txt'), content: 'héllo\nworld\n' } });
});

test('json: true parses the content; a templated path resolves first', async () => {
  const { emit } = await runNode(fileRead, { path: 'data/{{ name }}.json', json: true }, { input: { name: 'config' }, services: services() });
  assert.deepEqual((emit.out as { content: unknown }).content, { retries: 3, hosts: ['a', 'b'] });
});

test('other encodings decode the bytes accordingly', async () => {
  const bytes = Buffer.from([0, 255, 16, 32]);
  for (const encoding of ['base64', 'hex', 'latin1'] as const) {
    const { emit } = await runNode(fileRead, { path: 'data/blob.bin', encoding }, { services: services() });
    assert.equal((emit.out as { content: unknown }).content, bytes.toString(encoding), encoding);
  }
});

test('a missing file is FILE_NOT_FOUND naming the path', async () => {
  await assert.rejects(runNode(fileRead, { path: 'data/absent.txt' }, { services: services() }), isNodeError('FILE_NOT_FOUND', 'path', /data\/absent\.txt/));
});

test('invalid JSON is FILE_BAD_JSON; a directory is FILE_IS_DIRECTORY', async () => {
  await assert.rejects(runNode(fileRead, { path: 'data/broken.json', json: true }, { services: services() }), isNodeError('FILE_BAD_JSON', 'path', /broken\.json/));
  await assert.rejects(runNode(fileRead, { path: 'data' }, { services: services() }), isNodeError('FILE_IS_DIRECTORY'));
});

test('paths that escape the workspace are refused: .., absolute, through a symlink', async () => {
  for (const path of ['../outside/secret.txt', join(outside, 'secret.txt'), 'data/../../outside/secret.txt', 'escape/secret.txt']) {
    await assert.rejects(runNode(fileRead, { path }, { services: services() }), isNodeError('PATH_OUTSIDE_WORKSPACE'), path);
  }
});

test('a symlink that stays inside the workspace is fine, and so is a workspace root reached through a symlink', async () => {
  const viaAlias = await runNode(fileRead, { path: 'alias/notes.txt' }, { services: services() });
  assert.equal((viaAlias.emit.out as { content: unknown }).content, 'héllo\nworld\n');
  const viaLinkedRoot = await runNode(fileRead, { path: 'data/notes.txt' }, { services: { workspaceRoot: join(temp, 'workspace-link') } });
  assert.equal((viaLinkedRoot.emit.out as { content: unknown }).content, 'héllo\nworld\n');
});

test('allowOutsideWorkspace permits paths outside the root', async () => {
  const allowed = { workspaceRoot: root, allowOutsideWorkspace: true };
  for (const path of ['../outside/secret.txt', 'escape/secret.txt']) {
    const { emit } = await runNode(fileRead, { path }, { services: allowed });
    assert.equal((emit.out as { content: unknown }).content, 'outside secret');
  }
});
