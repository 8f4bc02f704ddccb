import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { defineNode } from './definition';
import { NodeError, TimeoutError } from '../errors';
import { abortError, MAX_TIMER_MS } from './support/abort';

const config = z.object({
  command: z.string().min(1, 'must not be empty').describe('Shell command line, run with /bin/sh -c; may use {{ expressions }}.'),
  cwd: z.string().default('').describe('Working directory, relative to the workspace root (empty: the root).'),
  env: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .default({})
    .describe('Environment variables added to (or replacing) those of the runner.'),
  failOnNonZeroExit: z.boolean().default(true).describe('When true, a non-zero exit code fails the node.'),
  timeoutMs: z.number().int().min(1).max(MAX_TIMER_MS).optional().describe('Kill the command (and its children) after this many ms.'),
});

/** What the node emits on `out`. */
export interface ShellResult {
  stdout: string;
  stderr: string;
  /** The exit code; 128 + the signal number when a signal ended the shell, as shells report it. */
  exitCode: number;
}

/** Output kept per stream; beyond it the rest is counted, not stored, so a chatty command cannot exhaust memory. */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
/** Time between SIGTERM and SIGKILL for a process group being stopped. */
const KILL_GRACE_MS = 2000;
const TAIL_CHARS = 2000;

function collector() {
  const chunks: Buffer[] = [];
  let kept = 0;
  let dropped = 0;
  return {
    add(chunk: Buffer) {
      const room = MAX_OUTPUT_BYTES - kept;
      if (room <= 0) {
        dropped += chunk.length;
        return;
      }
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunks.push(part);
      kept += part.length;
      dropped += chunk.length - part.length;
    },
    text(): string {
      const text = Buffer.concat(chunks).toString('utf8');
      return dropped > 0 ? `${text}\n[... ${dropped} more bytes not kept]` : text;
    },
  };
}

/** Signals the whole process group; it may already be gone. */
function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: every member has exited already.
  }
}

function runCommand(command: string, cwd: string, env: NodeJS.ProcessEnv, signal: AbortSignal, timeoutMs: number | undefined): Promise<ShellResult> {
  return new Promise((resolvePromise, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    // detached: the shell leads its own process group, so a stop reaches its children too.
    const child = spawn('/bin/sh', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = collector();
    const stderr = collector();
    child.stdout.on('data', stdout.add);
    child.stderr.on('data', stderr.add);
    let settled = false;
    let stopReason: Error | undefined;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      finish();
    };
    const stop = (reason: Error) => {
      if (stopReason || settled) return;
      stopReason = reason;
      killGroup(child.pid, 'SIGTERM');
      // Not cleared on exit: children that ignore SIGTERM still get SIGKILL after the grace.
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
    };
    const onAbort = () => stop(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop(new TimeoutError(`command still running after ${timeoutMs} ms; killed`)), timeoutMs);
    child.on('error', (error) => settle(() => reject(new NodeError(`could not start /bin/sh: ${error.message}`, { code: 'SHELL_SPAWN', field: 'command', cause: error }))));
    // A stopped command settles on exit, not close: an escaped grandchild could hold the pipes open.
    child.on('exit', () => {
      if (stopReason) settle(() => reject(stopReason));
    });
    child.on('close', (code, killedBy) => {
      const exitCode = code ?? 128 + (killedBy ? (constants.signals[killedBy] ?? 0) : 0);
      settle(() => (stopReason ? reject(stopReason) : resolvePromise({ stdout: stdout.text(), stderr: stderr.text(), exitCode })));
    });
  });
}

function tail(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > TAIL_CHARS ? `...${trimmed.slice(-TAIL_CHARS)}` : trimmed;
}

async function resolveCwd(workspaceRoot: string, cwd: string): Promise<string> {
  const absolute = resolve(workspaceRoot, cwd);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new NodeError(`cwd "${cwd}" is not an existing directory (${absolute})`, { code: 'SHELL_CWD_NOT_FOUND', field: 'cwd' });
  }
  return absolute;
}

/** Runs a shell command. */
export const systemShell = defineNode({
  type: 'system.shell',
  title: 'Shell Command',
  category: 'system',
  icon: 'terminal',
  description: 'Runs a command with /bin/sh and outputs its stdout, stderr and exit code.',
  docs: [
    'Runs `command` with `/bin/sh -c` in `cwd` (relative to the workspace root), with the runner\'s environment plus `env`. Stdin is empty. A cancel or `timeoutMs` stops the command and every process it started (SIGTERM to the process group, SIGKILL 2 s later).',
    '',
    '**Output** on `out`: `{ stdout, stderr, exitCode }`, the streams as UTF-8 text exactly as printed (trailing newline included; each kept up to 16 MiB).',
    '',
    '**Errors:**',
    '- `SHELL_EXIT` (field `command`): a non-zero exit code while `failOnNonZeroExit` is true; the message ends with the last lines of stderr, the error data holds the whole output.',
    '- `SHELL_CWD_NOT_FOUND` (field `cwd`): the directory does not exist.',
    '- `TIMEOUT`: `timeoutMs` elapsed; `CANCELLED`: the run was cancelled.',
    '',
    'The command runs with your rights and can reach anything you can: only run workflows you trust.',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { command: 'echo hello', cwd: '', failOnNonZeroExit: true },
  example: { command: 'npm test -- --reporter=dot', cwd: 'packages/api', env: { CI: 'true' }, failOnNonZeroExit: true, timeoutMs: 600000 },
  run: async ({ config, signal, services }) => {
    const cwd = await resolveCwd(services.workspaceRoot, config.cwd);
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [name, value] of Object.entries(config.env)) env[name] = String(value);
    const result = await runCommand(config.command, cwd, env, signal, config.timeoutMs);
    if (result.exitCode !== 0 && config.failOnNonZeroExit) {
      const detail = tail(result.stderr) || tail(result.stdout) || '(no output)';
      throw new NodeError(`command exited with code ${result.exitCode}: ${detail}`, { code: 'SHELL_EXIT', field: 'command', data: result });
    }
    return { out: result };
  },
});
