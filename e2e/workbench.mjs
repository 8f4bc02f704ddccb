// Page helpers for the VS Code workbench (1.100.3 DOM, pinned by pinning code-server).
import { FIRST_WAIT, until, sleep } from './lib.mjs';

/** Opens the workbench and waits until the Explorer lists the folder. */
export async function openWorkbench(page, url) {
  await page.goto(url);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: FIRST_WAIT });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 5 } }).catch(() => {});
}

/** Opens the command palette with `text` typed (a leading '>' lists commands). */
async function palette(page, text) {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+P');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(text);
  return input;
}

/** The command palette rows' labels for `filter`. */
export async function paletteLabels(page, filter) {
  await palette(page, `>${filter}`);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ timeout: 15_000 });
  await sleep(300);
  const labels = await rows.locator('.label-name').allTextContents();
  await page.keyboard.press('Escape');
  return labels.map((l) => l.trim());
}

/** Runs the palette command whose label is exactly `label` (e.g. "Workflow: Run"). */
export async function runCommand(page, label) {
  await palette(page, `>${label}`);
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ timeout: 15_000 });
  const index = await until(`palette row "${label}"`, async () => {
    const labels = (await rows.locator('.label-name').allTextContents()).map((l) => l.trim());
    const i = labels.indexOf(label);
    return i >= 0 ? i + 1 : 0;
  }, { timeoutMs: 15_000 });
  await rows.nth(index - 1).click();
}

/** Opens a workspace file through Quick Open (Ctrl+P; the server's ripgrep finds it). */
export async function quickOpen(page, fileName) {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await input.waitFor({ timeout: 15_000 });
  await input.fill(fileName);
  // Wait until the row Enter would open (the focused one) is exactly the file: results arrive in
  // steps and re-order, and a click or Enter before they settle can open a look-alike
  // (price-alert.workflow.test.json for price-alert.workflow.json).
  await page.waitForFunction(
    (name) => document.querySelector('.quick-input-list .monaco-list-row.focused .label-name')?.textContent === name,
    fileName,
    { timeout: 30_000 },
  );
  await page.keyboard.press('Enter');
}

/**
 * The visible webview's content frame: outer <iframe class="webview ready"> (hidden webviews of
 * background tabs are skipped) → inner <iframe id="active-frame">.
 */
export function webview(page) {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
}

/** Waits for the canvas title text `expected` (string or RegExp) in the visible webview. */
export async function canvasTitle(page, expected, timeout = FIRST_WAIT) {
  const title = webview(page).locator('#canvas-title');
  await title.filter({ hasText: expected }).waitFor({ timeout });
  return (await title.textContent()).trim();
}

/** The active editor tab (class `dirty` while the document has unsaved changes). */
export function activeTab(page) {
  return page.locator('.editor-group-container.active .tabs-container .tab.active');
}

export async function isActiveTabDirty(page) {
  const cls = (await activeTab(page).getAttribute('class')) ?? '';
  return cls.split(/\s+/).includes('dirty');
}

/** Drags a canvas node by (dx, dy) screen pixels with real mouse events; returns its start box. */
export async function dragNode(page, nodeId, dx, dy) {
  const node = webview(page).locator(`.react-flow__node[data-id="${nodeId}"]`);
  await node.waitFor({ timeout: 20_000 });
  const box = await node.boundingBox();
  if (!box) throw new Error(`node ${nodeId} has no bounding box`);
  const x = box.x + box.width / 2;
  const y = box.y + Math.min(box.height / 2, 14);
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(x + (dx * i) / 12, y + (dy * i) / 12);
  await page.mouse.up();
  return box;
}

/** Opens the Workflow Studio container and returns the pane of the view titled `title`. */
export async function studioPane(page, title) {
  const container = page.locator('.activitybar .action-item a[aria-label^="Workflow Studio"]');
  await container.waitFor({ timeout: 20_000 });
  const sidebar = page.locator('.part.sidebar');
  const header = sidebar.locator('.pane-header', { hasText: title }).first();
  if (!(await header.isVisible().catch(() => false))) await container.click();
  await header.waitFor({ timeout: 20_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  // `has` is evaluated inside each .pane, so the inner locator starts from the page
  return sidebar.locator('.pane', { has: page.locator('.pane-header', { hasText: title }) }).first();
}

/**
 * Every rendered row of a tree: its label, description and aria-label (the tooltip's text is not
 * there), with Monaco's nbsp turned into spaces; `text` joins them.
 */
export async function treeRows(pane) {
  const clean = (value) => (value ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
  const rows = await pane.locator('.monaco-list-row[role="treeitem"]').all();
  const out = [];
  for (const row of rows) {
    const label = clean(await row.locator('.label-name').first().textContent().catch(() => ''));
    const description = clean(await row.locator('.label-description').first().textContent().catch(() => ''));
    const aria = clean(await row.getAttribute('aria-label').catch(() => ''));
    out.push({ row, label, description, aria, text: `${label} | ${description} | ${aria}` });
  }
  return out;
}

/** Expands a collapsed tree row (click the twistie). */
export async function expandRow(row) {
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
}
