/**
 * File nodes against a real racing attacker: a separate process swaps a workspace folder's
 * link between a folder inside the workspace and a folder outside it, as fast as it can, while
 * file.write / file.read run. Checking the path and then opening the path string again lets
 * files escape (the race of issue 11, item 7); opening what was checked lets none.
 */
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileWrite } from '../../../src/core/nodes/fileWrite';
import { fileRead } from '../../../src/core/nodes/fileRead';
import { NodeError } from '../../../src/core/errors';
import { runNode } from './helpers';

const ATTEMPTS = 2000;
const PARALLEL = 8;

let temp: string;
let root: string;
let outside: string;

beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'ws-race-'));
  root = join(temp, 'workspace');
  outside = join(temp, 'outside');
  await mkdir(join(root, 'real'), { recursive: true });
  await mkdir(outside);
  await symlink('real', join(root, 'sub'));
});

afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

/**
 * Starts a process that re-points `link` between `a` and `b` (each swap an atomic rename of a
 * fresh link over it) until killed, or for 60 s at most. Resolves once it has swapped.
 */
async function startSwapper(link: string, a: string, b: string): Promise<{ child: ChildProcess; stop: () => Promise<number> }> {
  const script = `
    const fs = require('node:fs');
    const [link, a, b] = process.argv.slice(1);
    const tmp = link + '.tmp';
    const end = Date.now() + 60000;
    let swaps = 0;
    process.on('SIGTERM', () => { process.stdout.write('swaps ' + swaps + '\\n'); process.exit(0); });
    const loop = () => {
      for (let i = 0; i < 200 && Date.now() < end; i++) {
        try { fs.unlinkSync(tmp); } catch {}
        fs.symlinkSync(swaps % 2 ? a : b, tmp);
        fs.renameSync(tmp, link);
        swaps++;
        if (swaps === 1) process.stdout.write('started\\n');
      }
      if (Date.now() < end) setImmediate(loop); else process.exit(0);
    };
    loop();`;
  const child = spawn(process.execPath, ['-e', script, link, a, b], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('started')) resolve();
    });
    child.once('exit', () => reject(new Error(`the swapper exited early: ${out}`)));
  });
  const stop = () =>
    new Promise<number>((resolve) => {
      child.once('exit', () => resolve(Number(/swaps (\d+)/.exec(out)?.[1] ?? 0)));
      child.kill('SIGTERM');
    });
  return { child, stop };
}

/** Runs `attempt(i)` for i < ATTEMPTS, PARALLEL at a time; counts refusals by error code. */
async function hammer(attempt: (i: number) => Promise<void>): Promise<Map<string, number>> {
  const refusals = new Map<string, number>();
  let next = 0;
  const lane = async () => {
    while (next < ATTEMPTS) {
      const i = next++;
      try {
        await attempt(i);
      } catch (error) {
        const code = error instanceof NodeError ? (error.code ?? 'NodeError') : String(error);
        refusals.set(code, (refusals.get(code) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, lane));
  return refusals;
}

for (const { what, path, count } of [
  { what: 'writes', path: (i: number) => `sub/f-${i}.txt`, count: (dir: string) => readdir(dir).then((names) => names.length) },
  // a new folder each time: created one folder at a time inside its parent's descriptor
  { what: 'writes creating their folder', path: (i: number) => `sub/d-${i}/f.txt`, count: (dir: string) => readdir(dir).then((names) => names.length) },
]) {
  test(`file.write: ${ATTEMPTS} ${what} through a folder link swapped in and out of the workspace put nothing outside`, { timeout: 120_000 }, async () => {
    const services = { workspaceRoot: root };
    const swapper = await startSwapper(join(root, 'sub'), 'real', outside);
    let refusals: Map<string, number>;
    try {
      refusals = await hammer(async (i) => {
        await runNode(fileWrite, { path: path(i), content: 'x' }, { services });
      });
    } finally {
      const swaps = await swapper.stop();
      assert.ok(swaps > 10, `the swapper swapped ${swaps} times`);
    }
    const escaped = await readdir(outside);
    const written = await count(join(root, 'real'));
    assert.deepEqual(escaped, [], `${escaped.length} of ${ATTEMPTS} files or folders were created outside the workspace`);
    // every attempt either wrote inside or was refused as outside: nothing else went wrong
    assert.deepEqual([...refusals.keys()].filter((code) => code !== 'PATH_OUTSIDE_WORKSPACE'), []);
    assert.equal(written + (refusals.get('PATH_OUTSIDE_WORKSPACE') ?? 0), ATTEMPTS);
    assert.ok(written > 0 && (refusals.get('PATH_OUTSIDE_WORKSPACE') ?? 0) > 0, 'both states of the link were seen');
  });
}

test(`file.read: ${ATTEMPTS} reads through a folder link swapped in and out of the workspace never return an outside file`, { timeout: 120_000 }, async () => {
  await writeFile(join(root, 'real', 'data.txt'), 'inside');
  await writeFile(join(outside, 'data.txt'), 'OUTSIDE');
  const services = { workspaceRoot: root };
  const contents = new Map<string, number>();
  const swapper = await startSwapper(join(root, 'sub'), 'real', outside);
  let refusals: Map<string, number>;
  try {
    refusals = await hammer(async () => {
      const { emit } = await runNode(fileRead, { path: 'sub/data.txt' }, { services });
      const content = String((emit.out as { content: unknown }).content);
      contents.set(content, (contents.get(content) ?? 0) + 1);
    });
  } finally {
    await swapper.stop();
  }
  assert.equal(contents.get('OUTSIDE'), undefined, `${contents.get('OUTSIDE')} of ${ATTEMPTS} reads returned the outside file`);
  assert.deepEqual([...refusals.keys()].filter((code) => code !== 'PATH_OUTSIDE_WORKSPACE'), []);
  assert.ok((contents.get('inside') ?? 0) > 0 && (refusals.get('PATH_OUTSIDE_WORKSPACE') ?? 0) > 0, 'both states of the link were seen');
});
