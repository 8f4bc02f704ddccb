/**
 * The workspace guard of file nodes (`openWorkspaceFile`), on a real file system: links inside
 * the workspace are followed, links out of it are refused before anything is created, and the
 * same rules hold for the descriptor walk (Linux) and the fallback used on other platforms.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descriptorWalkAvailable, openWorkspaceFile, setDescriptorWalkForTests, type WorkspaceFileMode } from '../../../src/core/nodes/support/workspaceFile';
import { isNodeError } from './helpers';

let temp: string;
let root: string;
let outside: string;

before(async () => {
  temp = await mkdtemp(join(tmpdir(), 'ws-guard-'));
  root = join(temp, 'workspace');
  outside = join(temp, 'outside');
  await mkdir(join(root, 'data', 'deep'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'data', 'a.txt'), 'A');
  await writeFile(join(root, 'data', 'deep', 'b.txt'), 'B');
  await writeFile(join(outside, 'a.txt'), 'OUTSIDE');
  await symlink('data', join(root, 'rel-alias')); // relative, inside
  await symlink(join(root, 'data'), join(root, 'abs-alias')); // absolute, inside
  await symlink('rel-alias/deep', join(root, 'chain')); // a link through a link
  await symlink('../a.txt', join(root, 'data', 'deep', 'up.txt')); // `..` that stays inside
  await symlink('../../../outside', join(root, 'data', 'deep', 'climb')); // `..` out of the root
  await symlink(outside, join(root, 'escape'));
  await symlink(join(outside, 'a.txt'), join(root, 'file-escape'));
  await symlink(join(outside, 'made-through-link.txt'), join(root, 'dangling-out'));
  await symlink('data/made-through-link.txt', join(root, 'dangling-in'));
  await symlink('loop-b', join(root, 'loop-a'));
  await symlink('loop-a', join(root, 'loop-b'));
  await symlink(root, join(temp, 'root-link'));
});

after(async () => {
  setDescriptorWalkForTests(undefined);
  await rm(temp, { recursive: true, force: true });
});

async function readThrough(path: string, workspaceRoot = root): Promise<string> {
  const { handle } = await openWorkspaceFile({ workspaceRoot, allowOutsideWorkspace: false }, path, 'read');
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

async function writeThrough(path: string, text: string, mode: WorkspaceFileMode = 'write'): Promise<string> {
  const { handle, path: absolute } = await openWorkspaceFile({ workspaceRoot: root, allowOutsideWorkspace: false }, path, mode);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return absolute;
}

const exists = (path: string) => stat(path).then(() => true, () => false);

const variants = [
  { name: 'descriptor walk', walk: true },
  { name: 'fallback (other platforms)', walk: false },
];

for (const { name, walk } of variants) {
  test(`${name}: links that stay inside the workspace are followed, for reading and writing`, { skip: walk && !descriptorWalkAvailable() }, async () => {
    setDescriptorWalkForTests(walk);
    assert.equal(await readThrough('rel-alias/a.txt'), 'A');
    assert.equal(await readThrough('abs-alias/a.txt'), 'A');
    assert.equal(await readThrough('chain/b.txt'), 'B');
    assert.equal(await readThrough('data/deep/up.txt'), 'A');
    assert.equal(await readThrough('data/deep/../a.txt'), 'A');
    assert.equal(await readThrough('data/a.txt', join(temp, 'root-link')), 'A');
    assert.equal(await writeThrough('chain/new/c.txt', 'C'), join(root, 'chain', 'new', 'c.txt'));
    assert.equal(await readFile(join(root, 'data', 'deep', 'new', 'c.txt'), 'utf8'), 'C');
    await writeThrough('dangling-in', 'created');
    assert.equal(await readFile(join(root, 'data', 'made-through-link.txt'), 'utf8'), 'created');
    const log = `log-${walk}.txt`;
    await writeThrough(`abs-alias/${log}`, 'one\n', 'append');
    await writeThrough(`rel-alias/${log}`, 'two\n', 'append');
    assert.equal(await readFile(join(root, 'data', log), 'utf8'), 'one\ntwo\n');
    setDescriptorWalkForTests(undefined);
  });

  test(`${name}: links out of the workspace are refused, and nothing is created outside`, { skip: walk && !descriptorWalkAvailable() }, async () => {
    setDescriptorWalkForTests(walk);
    for (const path of ['escape/a.txt', 'file-escape', 'data/deep/climb/a.txt', '../outside/a.txt', join(outside, 'a.txt')]) {
      await assert.rejects(readThrough(path), isNodeError('PATH_OUTSIDE_WORKSPACE', 'path'), path);
    }
    for (const [path, wouldCreate] of [
      ['escape/new.txt', join(outside, 'new.txt')],
      ['escape/dir/new.txt', join(outside, 'dir')],
      ['dangling-out', join(outside, 'made-through-link.txt')],
      ['data/deep/climb/new.txt', join(outside, 'new.txt')],
    ]) {
      await assert.rejects(writeThrough(path, 'x'), isNodeError('PATH_OUTSIDE_WORKSPACE', 'path'), path);
      assert.equal(await exists(wouldCreate), false, wouldCreate);
    }
    await assert.rejects(writeThrough('file-escape', 'x'), isNodeError('PATH_OUTSIDE_WORKSPACE', 'path'));
    assert.equal(await readFile(join(outside, 'a.txt'), 'utf8'), 'OUTSIDE', 'the outside file is not truncated');
    setDescriptorWalkForTests(undefined);
  });

  test(`${name}: loops, files used as folders, folders and missing files get their file errors`, { skip: walk && !descriptorWalkAvailable() }, async () => {
    setDescriptorWalkForTests(walk);
    await assert.rejects(readThrough('loop-a/x.txt'), isNodeError('FILE_SYMLINK_LOOP', 'path'));
    await assert.rejects(readThrough('data/a.txt/x'), isNodeError('FILE_NOT_FOUND', 'path'));
    await assert.rejects(readThrough('data/missing.txt'), isNodeError('FILE_NOT_FOUND', 'path'));
    await assert.rejects(writeThrough('data', 'x'), isNodeError('FILE_IS_DIRECTORY', 'path'));
    await assert.rejects(writeThrough('.', 'x'), isNodeError('FILE_IS_DIRECTORY', 'path'));
    setDescriptorWalkForTests(undefined);
  });
}

test('allowOutsideWorkspace opens outside paths, creating missing folders', async () => {
  const { handle } = await openWorkspaceFile({ workspaceRoot: root, allowOutsideWorkspace: true }, 'escape/allowed/x.txt', 'write');
  await handle.writeFile('ok');
  await handle.close();
  assert.equal(await readFile(join(outside, 'allowed', 'x.txt'), 'utf8'), 'ok');
});
