/** A fake CliIo that records output, and a runner for the built `workflow` binary. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CliIo } from '../../../src/cli/command';

export function fakeIo(cwd: string, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd, env, isTty: false };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

export const REPO = join(__dirname, '..', '..', '..');
export const BIN = join(REPO, 'bin', 'workflow.js');

/** Runs `node bin/workflow.js …` (needs `npm run build`); resolves with exit code and output. */
export function runBin(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; onSpawn?: (pid: number) => void; onStdout?: (textSoFar: string) => void } = {},
) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(stdout);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    if (child.pid) options.onSpawn?.(child.pid);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
