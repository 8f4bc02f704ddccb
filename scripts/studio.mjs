#!/usr/bin/env node
// `npm run studio`: the product in a browser without installing VS Code. Builds the extension,
// starts the real VS Code of the test harness (code-server 4.100.3, see e2e/lib.mjs and
// ../shared/E2E-VSCODE.md) on 127.0.0.1 with an isolated profile, loads this folder as the
// development extension with examples/ open, prints the URL and keeps running until Ctrl+C,
// which stops the server's whole process group (extension host, watchers, language servers).
//
//   npm run studio                 open examples/ (runs record their history in examples/.workflow-studio)
//   npm run studio -- --scratch    open a throw-away copy of examples/ instead
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CS_DIR, CS_ENTRY, ROOT, startCodeServer, workbenchUrl } from '../e2e/lib.mjs';

const scratch = process.argv.includes('--scratch');

function step(what, command, args) {
  console.log(`studio: ${what}…`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`studio: ${what} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

step('building the extension', process.execPath, ['esbuild.mjs']);
if (!existsSync(CS_ENTRY)) {
  // One-time, about a minute and ~100 MB of npm packages; later starts take about a second.
  step(`installing code-server into ${CS_DIR} (first time only)`, 'bash', [join(ROOT, 'e2e', 'install-code-server.sh'), CS_DIR]);
}

const server = await startCodeServer({ label: 'studio' });
let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\nstudio: ${signal}, stopping code-server…`);
  await server.stop({ keep: false });
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));

const folder = scratch ? server.workspace : join(ROOT, 'examples');
const url = workbenchUrl(server, { folder });
console.log(`
Workflow Studio is running in VS Code ${'(code-server)'} on 127.0.0.1:${server.port}.
Open this URL in a browser on this machine:

  ${url}

Workspace: ${folder}
Server log: ${server.logFile}
Press Ctrl+C to stop.
`);
// Keep the process alive until a signal arrives.
setInterval(() => undefined, 1 << 30);
