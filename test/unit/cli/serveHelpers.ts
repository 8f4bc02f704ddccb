/**
 * `workflow serve` as a real child process: the CLI is bundled from the current sources into a
 * temp folder laid out like the package (bin/, dist/ with the workers and the wasm,
 * schema/migrations), so the test runs `node bin/workflow.js serve …` exactly as a user would,
 * without depending on (or racing) a build of the repository's dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO } from './helpers';

/** Bundles the CLI and its workers; returns the path of the bundled bin/workflow.js. */
export async function bundleCli(): Promise<string> {
  const base = mkdtempSync(join(tmpdir(), 'wf-cli-bundle-'));
  await build({
    entryPoints: {
      cli: join(REPO, 'src/cli/main.ts'),
      codeWorker: join(REPO, 'src/core/code/codeWorker.ts'),
      storeWorker: join(REPO, 'src/core/store/snapshotWorker.ts'),
    },
    outdir: join(base, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  cpSync(join(REPO, 'node_modules/sql.js/dist/sql-wasm.wasm'), join(base, 'dist/sql-wasm.wasm'));
  cpSync(join(REPO, 'schema/migrations'), join(base, 'schema/migrations'), { recursive: true });
  mkdirSync(join(base, 'bin'));
  cpSync(join(REPO, 'bin/workflow.js'), join(base, 'bin/workflow.js'));
  return join(base, 'bin/workflow.js');
}

/** A running `workflow serve` and what it printed. */
export class ServeProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private waiters: { test: () => boolean; resolve: () => void }[] = [];

  constructor(bin: string, args: string[], options: { cwd: string; env?: Record<string, string> }) {
    this.child = spawn(process.execPath, [bin, 'serve', ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    this.child.stdout!.setEncoding('utf8').on('data', (text: string) => this.output(() => (this.stdout += text)));
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => this.output(() => (this.stderr += text)));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves with the first match of `pattern` in stdout; rejects after `timeoutMs` with the output so far. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000, stream: 'stdout' | 'stderr' = 'stdout'): Promise<RegExpMatchArray> {
    const match = () => pattern.exec(this[stream]);
    if (!match()) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in ${stream}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`)), timeoutMs);
        this.waiters.push({ test: () => match() !== null, resolve: () => (clearTimeout(timer), resolve()) });
      });
    }
    return match()!;
  }

  /** The webhook server's origin, once it listens. */
  async url(): Promise<string> {
    return (await this.waitFor(/listening on (http:\/\/\S+)/))[1];
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** For `after` hooks: a test that failed must not leave a server running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private output(append: () => void): void {
    append();
    this.waiters = this.waiters.filter((w) => (w.test() ? (w.resolve(), false) : true));
  }
}

/** `sha256=<hex>` of `body` under `secret`, as GitHub signs. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs `body` (JSON text) to `url`; resolves status and parsed JSON answer. */
export function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the bundled `workflow` once (status commands, history) and resolves its output. */
export function runWorkflowCli(bin: string, args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'a condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
