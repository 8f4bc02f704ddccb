#!/usr/bin/env node
// `npm run test:e2e`: the extension tested inside a real VS Code (code-server 4.100.3 = VS Code
// 1.100.3) on 127.0.0.1, offline with npm + apt only. Steps, each skipped when already done:
//   1. apt packages (chromium ripgrep libkrb5-dev build-essential python3), only if missing
//   2. the project's npm dependencies (playwright-core, mocha…), only if missing
//   3. code-server into .e2e/cs (e2e/install-code-server.sh), unless present
//   4. build dist/ (npm run build) and the in-host suite out/test (e2e/build-tests.mjs)
//   5. node --test --test-concurrency=1 over the suites; screenshots in .e2e/screenshots/
// Arguments: suite names to run (ui, host, restricted); default all.
// Environment: E2E_SKIP_BUILD=1 skips building dist/ in step 4; E2E_KEEP=1 keeps each server's temp root (logs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CS_DIR, E2E_DIR, ROOT, SCREENSHOTS } from './lib.mjs';

const SUITES = ['ui', 'host', 'restricted'];
const started = Date.now();
const timings = [];

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function step(name, fn) {
  const t0 = Date.now();
  console.log(`\n=== e2e: ${name}`);
  const out = fn();
  timings.push(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function hasDeb(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

const wanted = process.argv.slice(2);
for (const name of wanted) if (!SUITES.includes(name)) fail(`unknown suite "${name}" (known: ${SUITES.join(', ')})`);
const suites = wanted.length > 0 ? wanted : SUITES;

step('apt packages', () => {
  const missing = [];
  if (!existsSync(process.env.E2E_CHROMIUM ?? '/usr/bin/chromium')) missing.push('chromium');
  if (!has('rg')) missing.push('ripgrep');
  if (!hasDeb('libkrb5-dev')) missing.push('libkrb5-dev');
  if (!has('make') || !has('g++')) missing.push('build-essential');
  if (!has('python3')) missing.push('python3');
  if (missing.length === 0) return console.log('all present');
  if (process.getuid?.() !== 0) fail(`missing apt packages (run as root): apt-get update && apt-get install -y ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (sh('apt-get', ['update', '-q'], { env }) !== 0) fail('apt-get update failed');
  if (sh('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env }) !== 0) fail('apt-get install failed');
});

step('npm dependencies', () => {
  const needed = ['playwright-core', 'mocha', 'esbuild', '@vscode/test-electron'];
  if (needed.every((name) => existsSync(join(ROOT, 'node_modules', name, 'package.json')))) return console.log('present');
  if (sh('npm', ['ci', '--no-audit', '--no-fund']) !== 0) fail('npm ci failed');
});

step('code-server', () => {
  const marker = join(CS_DIR, 'node_modules/code-server/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node');
  if (existsSync(marker)) return console.log(`present in ${CS_DIR}`);
  if (sh('bash', [join(ROOT, 'e2e', 'install-code-server.sh'), CS_DIR]) !== 0) fail('code-server install failed');
});

// The in-host suite is always rebuilt (it is quick, and a stale out/test would test old code);
// E2E_SKIP_BUILD=1 only skips dist/, for callers that just built it (npm test).
step('build', () => {
  if (process.env.E2E_SKIP_BUILD !== '1' && sh('npm', ['run', 'build']) !== 0) fail('npm run build failed');
  if (sh(process.execPath, [join(ROOT, 'e2e', 'build-tests.mjs')]) !== 0) fail('e2e/build-tests.mjs failed');
});

const status = step(`suites (${suites.join(', ')})`, () => {
  mkdirSync(E2E_DIR, { recursive: true });
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  const files = suites.map((name) => join('e2e', `${name}.test.mjs`));
  return sh(process.execPath, ['--test', '--test-concurrency=1', ...files]);
});

console.log(`\n=== e2e: ${status === 0 ? 'PASSED' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const line of timings) console.log(`  ${line}`);
const shots = existsSync(SCREENSHOTS) ? readdirSync(SCREENSHOTS).sort() : [];
console.log(`  screenshots (${shots.length}) in ${SCREENSHOTS}: ${shots.join(', ')}`);
process.exit(status);
