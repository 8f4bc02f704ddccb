// Undo in a focused inspector field: VS Code takes Ctrl+Z from the webview and undoes the
// document; the field must show the undone value and not commit its old text again on blur.
// Run `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWebview, viewOf } from './harness.mjs';
import { catalogOf, selectNode } from './runFixtures.mjs';

const edits = (host) => host.requests().filter((m) => m.type === 'edit');

test('Ctrl+Z in a focused field: the field follows the document VS Code restored, and Tab commits nothing', async () => {
  const view = viewOf('examples/fetch-and-retry.workflow.json');
  let version = 1;
  const applied = (intent) => ({
    ...view,
    version: ++version,
    nodes: view.nodes.map((n) => (n.id === intent.id ? { ...n, ...intent.changes, config: intent.changes.config ?? n.config } : n)),
  });
  const host = await openWebview({ initial: view, catalog: catalogOf(), respond: (m) => (m.type === 'edit' ? { view: applied(m.intent) } : undefined) });
  try {
    const { page } = host;
    await selectNode(host, 'fetch');
    const url = page.locator('#inspector-config-url');
    const original = await url.inputValue();
    await url.click();
    await page.keyboard.press('End');
    await page.keyboard.type('?fresh=1');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__posted.filter((m) => m.type === 'edit').length === 1);
    assert.equal(edits(host)[0].intent.changes.config.url, `${original}?fresh=1`);
    // Still focused: Ctrl+Z goes to VS Code, which undoes the document and sends it back.
    await page.keyboard.press('Control+z');
    await host.post({ type: 'documentChanged', view: { ...view, version: ++version } });
    await page.waitForFunction((want) => document.querySelector('#inspector-config-url')?.value === want, original, { timeout: 5000 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'inspector-config-url', 'the field kept focus');
    // Leaving the field does not bring the undone text back.
    await page.keyboard.press('Tab');
    await page.waitForTimeout(600);
    assert.equal(edits(host).length, 1, `no second edit: ${JSON.stringify(edits(host).slice(1))}`);
    // Typing again after the undo is an ordinary edit.
    await url.click();
    await page.keyboard.press('End');
    await page.keyboard.type('#x');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__posted.filter((m) => m.type === 'edit').length === 2);
    assert.equal(edits(host)[1].intent.changes.config.url, `${original}#x`);
    assert.deepEqual(host.errors, []);
  } finally {
    await host.close();
  }
});

test('Ctrl+A then typing in a field: every keystroke lands (VS Code\'s late Select All does not eat the first)', async () => {
  const view = viewOf('examples/fetch-and-retry.workflow.json');
  const host = await openWebview({ initial: view, catalog: catalogOf(), respond: () => ({}) });
  try {
    const { page } = host;
    await selectNode(host, 'fetch');
    for (const id of ['#inspector-config-url', '#inspector-name']) {
      await page.locator(id).click();
      await page.keyboard.press('Control+a');
      // Typed at a person's pace: the workbench's select-all would land in the middle.
      await page.keyboard.type('abcdef', { delay: 20 });
      await page.waitForTimeout(100);
      assert.equal(await page.locator(id).inputValue(), 'abcdef', id);
    }
  } finally {
    await host.close();
  }
});

test('webhook trigger without Auth: the optional Auth block marks nothing required; once set, its Secret is', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join, relative } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'wf-'));
  const file = join(dir, 'hook.workflow.json');
  const workflow = {
    formatVersion: 1,
    name: 'Hook',
    nodes: [
      { id: 'hook', type: 'trigger.webhook', name: 'Hook', position: { x: 0, y: 0 }, config: { path: 'orders' } },
      { id: 'log', type: 'util.log', name: 'Log', position: { x: 260, y: 0 }, config: { message: 'x' } },
    ],
    edges: [{ id: 'e1', source: 'hook', target: 'log' }],
  };
  writeFileSync(file, JSON.stringify(workflow, null, 2));
  const view = viewOf(relative(new URL('../..', import.meta.url).pathname, file));
  const host = await openWebview({ initial: view, catalog: catalogOf(), respond: () => ({}) });
  try {
    const { page } = host;
    await selectNode(host, 'hook');
    const secret = page.locator('#inspector-config-auth-secret');
    await secret.waitFor();
    assert.equal(await secret.getAttribute('aria-required'), null, 'Secret is not required while Auth is not set');
    assert.equal(await page.locator('[data-field="inspector-config-auth-secret"] .required-mark, [data-field="inspector-config-auth-secret"] [aria-hidden="true"]').filter({ hasText: '*' }).count(), 0);
    await host.screenshot('inspector-webhook-auth-optional.png');
    // With Auth set, Secret is required.
    const withAuth = { ...view, version: 2, nodes: view.nodes.map((n) => (n.id === 'hook' ? { ...n, config: { path: 'orders', auth: { signatureHeader: 'x-sig' } } } : n)) };
    await host.post({ type: 'documentChanged', view: withAuth });
    await page.waitForFunction(() => document.querySelector('#inspector-config-auth-secret')?.getAttribute('aria-required') === 'true');
  } finally {
    await host.close();
  }
});
