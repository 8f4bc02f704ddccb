/**
 * The second launcher of the same in-host suite, for machines that can download VS Code:
 * `npm run build && node e2e/build-tests.mjs && node out/test/runElectron.js`.
 * (This machine cannot: update.code.visualstudio.com is offline; e2e/run.mjs uses code-server.)
 * E2E_HOST_SUITE=restricted runs the restricted-workspace suite (Workspace Trust on).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  const suite = process.env.E2E_HOST_SUITE ?? 'trusted';
  const workspace = mkdtempSync(join(tmpdir(), 'wfs-electron-'));
  // a fresh copy of examples/ (without generated output) plus the e2e fixtures, as e2e/lib.mjs does
  const examples = join(root, 'examples');
  cpSync(examples, workspace, { recursive: true, filter: (src) => !/[\\/]output([\\/]|$)/.test(src.slice(examples.length)) });
  cpSync(join(root, 'e2e', 'fixtures'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'index'),
      extensionTestsEnv: { E2E_HOST_SUITE: suite },
      launchArgs: [workspace, '--disable-extensions', ...(suite === 'restricted' ? [] : ['--disable-workspace-trust'])],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
