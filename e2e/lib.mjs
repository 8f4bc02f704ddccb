// The e2e harness: a real VS Code (code-server 4.100.3 = VS Code 1.100.3, installed by
// e2e/install-code-server.sh into .e2e/cs) on 127.0.0.1, driven by Debian's Chromium through
// playwright-core. Recipe: ../shared/E2E-VSCODE.md. Every server gets its own temp root (HOME,
// XDG dirs, user data, extensions, browser profile, and a fresh copy of examples/ + e2e/fixtures
// as the workspace) and runs in its own process group, which stop() kills.
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const E2E_DIR = join(ROOT, '.e2e');
export const CS_DIR = process.env.E2E_CS_DIR ?? join(E2E_DIR, 'cs');
export const CS_ENTRY = join(CS_DIR, 'node_modules/code-server/out/node/entry.js');
export const SCREENSHOTS = join(E2E_DIR, 'screenshots');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
/** First waits (workbench, first webview, first run) get this long. */
export const FIRST_WAIT = 60_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The user settings of every test profile (§3 of the recipe, plus quieter defaults). */
function userSettings({ trust }) {
  return {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': trust,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'always',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.enableExperiments': false,
    'update.mode': 'none',
    'workbench.tips.enabled': false,
    'workbench.editor.enablePreview': false,
    'git.enabled': false,
    'files.autoSave': 'off',
    'window.restoreWindows': 'none',
    'chat.commandCenter.enabled': false,
    // the webhook server takes a free port: suites never collide with each other or a real 5680
    'workflowStudio.webhooks.port': 0,
  };
}

/** Copies examples/ (without generated output) and e2e/fixtures into `dest`. */
export function makeWorkspace(dest) {
  mkdirSync(dest, { recursive: true });
  cpSync(join(ROOT, 'examples'), dest, {
    recursive: true,
    // generated run output (examples/output) and the local run history (examples/.workflow-studio,
    // git-ignored) are not part of the examples: every suite starts with an empty history
    filter: (src) => !/[\\/](output|\.workflow-studio)([\\/]|$)/.test(src.slice(join(ROOT, 'examples').length)),
  });
  cpSync(join(ROOT, 'e2e', 'fixtures'), dest, { recursive: true });
  return dest;
}

/**
 * Starts code-server on 127.0.0.1:<free port> in its own process group.
 * `trust: true` turns Workspace Trust on (the folder is then untrusted: restricted mode).
 * `env` is added to the server's environment, which the extension host inherits.
 */
export async function startCodeServer({ label = 'e2e', trust = false, env = {} } = {}) {
  if (!existsSync(CS_ENTRY)) throw new Error(`code-server is not installed: run e2e/install-code-server.sh ${CS_DIR}`);
  const root = mkdtempSync(join(tmpdir(), `wfs-${label}-`));
  const dirs = {
    home: join(root, 'home'),
    xdg: join(root, 'xdg'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
    browser: join(root, 'browser'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const workspace = makeWorkspace(join(root, 'ws'));
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(userSettings({ trust }), null, 2));
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const port = await freePort();
  const logFile = join(root, 'server.log');
  const args = [
    CS_ENTRY,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(trust ? [] : ['--disable-workspace-trust']),
    '--config', config,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
  ];
  const logFd = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: workspace,
    detached: true, // its own process group: stop() kills the group (extension hosts, watchers, language servers)
    stdio: ['ignore', logFd, logFd],
    env: {
      ...process.env,
      HOME: dirs.home,
      XDG_CONFIG_HOME: join(dirs.xdg, 'config'),
      XDG_DATA_HOME: join(dirs.xdg, 'data'),
      XDG_CACHE_HOME: join(dirs.xdg, 'cache'),
      // no extension gallery (code-server's default is open-vsx.org, unreachable here): the
      // workbench would ask it for extensions and print the failed lookup with a stack trace
      EXTENSIONS_GALLERY: '{}',
      ...env,
    },
  });
  closeSync(logFd);
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));
  const server = {
    root, port, workspace, logFile, dirs, pid: child.pid,
    base: `http://127.0.0.1:${port}`,
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    /** Kills the whole process group: TERM, then KILL what is left. */
    async stop({ keep = process.env.E2E_KEEP === '1' } = {}) {
      killGroup(child.pid, 'SIGTERM');
      await Promise.race([exit, sleep(3000)]);
      for (let i = 0; i < 30 && groupAlive(child.pid); i++) {
        killGroup(child.pid, i < 10 ? 'SIGTERM' : 'SIGKILL');
        await sleep(100);
      }
      killGroup(child.pid, 'SIGKILL');
      if (!keep) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  // ready when /healthz answers
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up:\n${server.log()}`);
    try {
      const res = await fetch(`${server.base}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await server.stop({ keep: true });
      throw new Error(`code-server did not answer /healthz in 30 s; log in ${logFile}`);
    }
    await sleep(200);
  }
  return server;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The workbench URL opening `folder` with this repository as the development extension
 * (code-server's CLI rejects --extensionDevelopmentPath; the workbench `payload` accepts it).
 * `tests: true` adds extensionTestsPath = out/test/index (built by e2e/build-tests.mjs).
 */
export function workbenchUrl(server, { folder = server.workspace, tests = false } = {}) {
  const remote = (path) => `vscode-remote://127.0.0.1:${server.port}${path}`;
  const payload = [['extensionDevelopmentPath', remote(ROOT)]];
  if (tests) payload.push(['extensionTestsPath', remote(join(ROOT, 'out', 'test', 'index'))]);
  return `${server.base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Debian's Chromium through playwright-core (never `playwright install`). */
export async function launchBrowser(server) {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(server.dirs.browser, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, HOME: server.dirs.home, XDG_CONFIG_HOME: join(server.dirs.xdg, 'config'), XDG_CACHE_HOME: join(server.dirs.xdg, 'cache') },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/**
 * Runs the in-host mocha suite (out/test/index.js) inside the real extension host and returns
 * its exit code (codeAutomationExit), with the host's console lines in `lines`.
 */
export async function runHostTests(server, { timeoutMs = 180_000, echo = true } = {}) {
  const { context, page } = await launchBrowser(server);
  const lines = [];
  let done;
  const exited = new Promise((resolve) => (done = resolve));
  try {
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      lines.push(line);
      if (echo) process.stdout.write(`  [host] ${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => done(code));
    await page.goto(workbenchUrl(server, { tests: true }));
    let timer;
    const code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)))]);
    clearTimeout(timer);
    await page.screenshot({ path: join(SCREENSHOTS, `host-${server.port}.png`) }).catch(() => {});
    return { code, lines };
  } finally {
    await context.close().catch(() => {});
  }
}

/** The text of an output channel, from the file(s) VS Code writes for it (robust for long output). */
export function outputChannelLog(server, channelName) {
  const logs = join(server.dirs.userData, 'logs');
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      // a LogOutputChannel: exthostN/<publisher.name>/<Channel>.log; a plain one: exthostN/output_logging_*/N-<Channel>.log
      else if (entry.name === `${channelName}.log` || (entry.name.endsWith(`-${channelName}.log`) && dir.includes('output_logging_'))) found.push(path);
    }
  };
  walk(logs);
  return found.map((file) => readFileSync(file, 'utf8')).join('\n');
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Polls `probe` until it returns a truthy value; throws with `what` after `timeoutMs`. */
export async function until(what, probe, { timeoutMs = 20_000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(intervalMs);
  }
}

export { sleep };
