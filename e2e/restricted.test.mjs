// A restricted workspace: Workspace Trust on (security.workspace.trust.enabled, no
// --disable-workspace-trust) and the folder not trusted. Editing works; "Workflow: Run" is
// refused with a message. Then the in-host restricted suite (test/extension/restricted.test.ts)
// against the same server.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, runHostTests, screenshot, startCodeServer, workbenchUrl } from './lib.mjs';
import { canvasTitle, openWorkbench, quickOpen, runCommand } from './workbench.mjs';

let server;
before(async () => {
  server = await startCodeServer({ label: 'restricted', trust: true, env: { E2E_HOST_SUITE: 'restricted' } });
});
after(async () => {
  await server?.stop();
});

test('restricted workspace: the canvas opens, "Workflow: Run" is refused with a message', { timeout: 150_000 }, async () => {
  const { context, page } = await launchBrowser(server);
  try {
    await openWorkbench(page, workbenchUrl(server));
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    await quickOpen(page, 'hello.workflow.json');
    await canvasTitle(page, 'Hello run · 4 nodes');
    await runCommand(page, 'Workflow: Run');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /trust|restricted/i }).first();
    await toast.waitFor({ timeout: 20_000 });
    const message = (await toast.innerText()).replace(/\s+/g, ' ');
    console.log(`refusal message: ${message}`);
    await page.waitForTimeout(800); // let the toast finish sliding in before the screenshot
    await screenshot(page, '09-restricted-run-refused');
    assert.match(message, /trust|restricted/i);
    assert.equal(existsSync(join(server.workspace, 'e2e-output', 'hello.json')), false, 'no node ran');
  } catch (error) {
    await screenshot(page, '09-restricted-FAILED').catch(() => {});
    throw error;
  } finally {
    await context.close().catch(() => {});
  }
});

test('restricted workspace: in-host suite (isTrusted false, Run does not run)', { timeout: 200_000 }, async () => {
  const { code, lines } = await runHostTests(server);
  assert.ok(lines.some((l) => /suite=restricted/.test(l)), 'the restricted suite ran');
  assert.equal(code, 0, `in-host suite exit code ${code}:\n${lines.filter((l) => /failing|Error|passed|failed|\d+\) /.test(l)).join('\n')}`);
});
