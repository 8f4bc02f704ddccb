import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, realpath, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemShell, type ShellResult } from '../../../src/core/nodes/systemShell';
import { CancelledError, NodeError, TimeoutError } from '../../../src/core/errors';
import { makeContextFor, runNode } from './helpers';

async function withWorkspace(use: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'ws-shell-'));
  try {
    await use(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** True once `pid` has exited (a zombie waiting to be reaped counts as exited). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return true;
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function pidIn(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return /^\d+\n$/.test(text) ? Number(text) : undefined;
}

test('outputs stdout, stderr and the exit code', async () => {
  await withWorkspace(async (root) => {
    const { emit } = await runNode(systemShell, { command: 'printf "to out"; printf "to err" >&2' }, { services: { workspaceRoot: root } });
    assert.deepEqual(emit, { out: { stdout: 'to out', stderr: 'to err', exitCode: 0 } });
  });
});

test('runs in cwd relative to the workspace root, with env merged over the runner environment', async () => {
  await withWorkspace(async (root) => {
    await mkdir(join(root, 'sub', 'dir'), { recursive: true });
    const { emit } = await runNode(
      systemShell,
      { command: 'pwd -P; printf "%s|%s" "$GREETING" "$PATH"', cwd: 'sub/dir', env: { GREETING: 'hi {{ name }}' } },
      { input: { name: 'ann' }, services: { workspaceRoot: root } },
    );
    const [pwd, rest] = (emit.out as ShellResult).stdout.split('\n');
    assert.equal(pwd, await realpath(join(root, 'sub', 'dir')));
    assert.equal(rest, `hi ann|${process.env.PATH}`);
  });
});

test('the default cwd is the workspace root; a missing cwd is SHELL_CWD_NOT_FOUND', async () => {
  await withWorkspace(async (root) => {
    const { emit } = await runNode(systemShell, { command: 'pwd -P' }, { services: { workspaceRoot: root } });
    assert.equal((emit.out as ShellResult).stdout.trim(), await realpath(root));
    await assert.rejects(runNode(systemShell, { command: 'true', cwd: 'nope' }, { services: { workspaceRoot: root } }), (error: unknown) => {
      assert.ok(error instanceof NodeError);
      assert.equal(error.code, 'SHELL_CWD_NOT_FOUND');
      assert.equal(error.field, 'cwd');
      return true;
    });
  });
});

test('a non-zero exit is SHELL_EXIT with the code and the stderr tail', async () => {
  await withWorkspace(async (root) => {
    const command = 'echo "step one"; for i in $(seq 1 500); do echo "noise $i" >&2; done; echo "disk is full" >&2; exit 3';
    await assert.rejects(runNode(systemShell, { command }, { services: { workspaceRoot: root } }), (error: unknown) => {
      assert.ok(error instanceof NodeError);
      assert.equal(error.code, 'SHELL_EXIT');
      assert.equal(error.field, 'command');
      assert.match(error.message, /code 3\b/);
      assert.match(error.message, /disk is full$/);
      assert.ok(!error.message.includes('noise 1\n'), 'only the tail belongs in the message');
      const data = error.data as ShellResult;
      assert.equal(data.exitCode, 3);
      assert.equal(data.stdout, 'step one\n');
      return true;
    });
  });
});

test('failOnNonZeroExit false outputs the failure instead', async () => {
  await withWorkspace(async (root) => {
    const { emit } = await runNode(systemShell, { command: 'echo oops >&2; exit 7', failOnNonZeroExit: false }, { services: { workspaceRoot: root } });
    assert.deepEqual(emit, { out: { stdout: '', stderr: 'oops\n', exitCode: 7 } });
  });
});

test('a shell ended by a signal reports 128 + the signal number', async () => {
  await withWorkspace(async (root) => {
    const { emit } = await runNode(systemShell, { command: 'kill -TERM $$', failOnNonZeroExit: false }, { services: { workspaceRoot: root } });
    assert.equal((emit.out as ShellResult).exitCode, 128 + constants.signals.SIGTERM);
  });
});

test('a cancel kills the whole process group, grandchildren included', async () => {
  await withWorkspace(async (root) => {
    const pidFile = join(root, 'sleep.pid');
    const context = await makeContextFor(
      systemShell,
      { command: 'sleep 100 & echo $! > "$PID_FILE"; wait', env: { PID_FILE: pidFile } },
      { services: { workspaceRoot: root } },
    );
    const running = Promise.resolve(systemShell.run(context));
    const sleepPid = await waitFor('the sleep pid', () => pidIn(pidFile));
    assert.equal(isGone(sleepPid), false);
    const abortedAt = Date.now();
    context.controller.abort();
    await assert.rejects(running, (error) => error instanceof CancelledError);
    assert.ok(Date.now() - abortedAt < 1500, 'should stop on SIGTERM, not wait for SIGKILL');
    await waitFor('the grandchild sleep to die', () => (isGone(sleepPid) ? true : undefined), 3000);
  });
});

test('timeoutMs kills the process group and rejects with TimeoutError', async () => {
  await withWorkspace(async (root) => {
    const pidFile = join(root, 'sleep.pid');
    const startedAt = Date.now();
    await assert.rejects(
      runNode(systemShell, { command: 'sleep 100 & echo $! > "$PID_FILE"; wait', env: { PID_FILE: pidFile }, timeoutMs: 300 }, { services: { workspaceRoot: root } }),
      (error) => error instanceof TimeoutError,
    );
    assert.ok(Date.now() - startedAt < 3000);
    const sleepPid = await waitFor('the sleep pid', () => pidIn(pidFile));
    await waitFor('the grandchild sleep to die', () => (isGone(sleepPid) ? true : undefined), 3000);
  });
});

test('an already aborted signal starts nothing', async () => {
  await withWorkspace(async (root) => {
    const marker = join(root, 'ran');
    const context = await makeContextFor(systemShell, { command: `touch "${marker}"` }, { services: { workspaceRoot: root } });
    context.controller.abort();
    await assert.rejects(Promise.resolve(systemShell.run(context)), (error) => error instanceof CancelledError);
    await assert.rejects(readFile(marker), { code: 'ENOENT' });
  });
});
