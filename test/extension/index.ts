/**
 * The in-host test runner: VS Code `require`s this file inside the real extension host (the
 * `extensionTestsPath`, built to out/test/index.js by e2e/build-tests.mjs) and awaits `run()`.
 * Used by both launchers: the code-server harness (e2e/host.test.mjs, e2e/restricted.test.mjs)
 * and @vscode/test-electron (runElectron.ts) where VS Code can be downloaded.
 *
 * Which files run: E2E_HOST_SUITE (from the server's environment, which the extension host
 * inherits) = `trusted` (default: every *.test.js except restricted) or `restricted`;
 * E2E_HOST_FILES=triggers,run (optional) keeps only the files whose names start with those words.
 */
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const suite = process.env.E2E_HOST_SUITE ?? 'trusted';
  const only = (process.env.E2E_HOST_FILES ?? '').split(',').filter(Boolean);
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .filter((name) => (suite === 'restricted') === name.startsWith('restricted.'))
    .filter((name) => only.length === 0 || only.some((prefix) => name.startsWith(prefix)))
    .sort();
  for (const name of files) mocha.addFile(join(__dirname, name));
  console.log(`running inside VS Code ${vscode.version}, remoteName=${vscode.env.remoteName}, suite=${suite}: ${files.join(' ')}`);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      const summary = `${mocha.suite.total() - failures} passed, ${failures} failed`;
      console.log(summary);
      if (process.env.E2E_RESULT_FILE) writeFileSync(process.env.E2E_RESULT_FILE, JSON.stringify({ failures, summary }) + '\n');
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
      else resolve();
    });
  });
}
