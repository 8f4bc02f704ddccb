/**
 * File-node path guard benchmark (`npx tsx bench/fileNodes.bench.ts`): the cost of opening a
 * workspace file through the race-free guard (`openWorkspaceFile`, what file.read and
 * file.write use) against the former check-then-open (`resolveWorkspacePath`, then the path
 * opened again), for 2,000 writes and 2,000 reads at depth 3 (`a/b/c/f-N.txt`). Same machine,
 * same run; the median of 5 rounds, in µs per file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openWorkspaceFile } from '../src/core/nodes/support/workspaceFile';
import { resolveWorkspacePath } from '../src/core/nodes/support/workspacePath';

const FILES = 2000;
const ROUNDS = 5;

async function median(once: () => Promise<number>): Promise<number> {
  await once();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) times.push(await once());
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function timed(each: (i: number) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < FILES; i++) await each(i);
  return ((performance.now() - t0) * 1000) / FILES;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'wf-file-bench-'));
  const services = { workspaceRoot: root, allowOutsideWorkspace: false };
  const path = (i: number) => `a/b/c/f-${i}.txt`;
  const data = Buffer.from('x'.repeat(100));
  try {
    const rows: [string, number][] = [];
    rows.push([
      'write, check then open (before)',
      await median(() =>
        timed(async (i) => {
          const absolute = await resolveWorkspacePath(services, path(i));
          await mkdir(dirname(absolute), { recursive: true });
          await writeFile(absolute, data);
        }),
      ),
    ]);
    rows.push([
      'write, guarded open (after)',
      await median(() =>
        timed(async (i) => {
          const { handle } = await openWorkspaceFile(services, path(i), 'write');
          await handle.writeFile(data);
          await handle.close();
        }),
      ),
    ]);
    rows.push([
      'read, check then open (before)',
      await median(() =>
        timed(async (i) => {
          await readFile(await resolveWorkspacePath(services, path(i)));
        }),
      ),
    ]);
    rows.push([
      'read, guarded open (after)',
      await median(() =>
        timed(async (i) => {
          const { handle } = await openWorkspaceFile(services, path(i), 'read');
          await handle.readFile();
          await handle.close();
        }),
      ),
    ]);
    console.log(`\nFile nodes: ${FILES} files at depth 3, median of ${ROUNDS} rounds\n`);
    console.log('| case | µs / file |');
    console.log('|---|---:|');
    for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(1)} |`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
