// UI scenarios in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) driven by Chromium:
// what must be seen (the canvas in the webview, tree views, the Output and Problems panels).
// One server, one browser, one fresh workspace copy (examples/ + e2e/fixtures) for the file;
// the scenarios run in order. Screenshots go to .e2e/screenshots/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FIRST_WAIT, ROOT, launchBrowser, outputChannelLog, screenshot, sleep, startCodeServer, until, workbenchUrl } from './lib.mjs';
import {
  activeTab, canvasTitle, dragNode, expandRow, isActiveTabDirty, openWorkbench, paletteLabels, quickOpen, runCommand,
  studioPane, treeRows, webview,
} from './workbench.mjs';

const { serializeWorkflow } = createRequire(import.meta.url)(join(ROOT, 'out', 'test', 'serialize.cjs'));
const CHANNEL = 'Workflow Studio';

let server;
let browser;
let page;

before(async () => {
  server = await startCodeServer({ label: 'ui' });
  browser = await launchBrowser(server);
  page = browser.page;
  await openWorkbench(page, workbenchUrl(server));
});

after(async () => {
  await browser?.context.close().catch(() => {});
  await server?.stop();
});

/** A scenario: on failure, a screenshot `<name>-FAILED.png` and the tail of the server log. */
function scenario(name, fn) {
  test(name, { timeout: 150_000 }, async () => {
    try {
      await fn();
    } catch (error) {
      await screenshot(page, `${name.split(':')[0].replace(/\s+/g, '-')}-FAILED`).catch(() => {});
      throw error;
    }
  });
}

const file = (name) => join(server.workspace, name);

scenario('00 smoke: the development extension activates, the palette lists "Workflow: Run", the container exists', async () => {
  await until('the window title to mark the Extension Development Host', () => page.title().then((t) => t.includes('Extension Development Host')), { timeoutMs: 30_000 });
  await until(`the "${CHANNEL}" output channel to report activation`, () => /activated/.test(outputChannelLog(server, CHANNEL)), { timeoutMs: FIRST_WAIT });
  const labels = await paletteLabels(page, 'Workflow: Run');
  assert.ok(labels.includes('Workflow: Run'), `palette lists "Workflow: Run"; got ${labels.join(' | ')}`);
  for (const view of ['Workflows', 'Executions', 'Versions']) await studioPane(page, view);
  await screenshot(page, '00-smoke');
});

let original;
let statsBox;

scenario('01 open: price-alert.workflow.json shows its 7 nodes on the canvas', async () => {
  original = readFileSync(file('price-alert.workflow.json'), 'utf8');
  await quickOpen(page, 'price-alert.workflow.json');
  assert.equal(await canvasTitle(page, 'Price alert · 7 nodes'), 'Price alert · 7 nodes');
  const frame = webview(page);
  await until('7 nodes drawn', async () => (await frame.locator('.react-flow__node').count()) === 7);
  for (const [id, name] of [['start', 'Start'], ['stats', 'Compute stats'], ['check', 'Above threshold?'], ['report', 'Write report']]) {
    assert.match(await frame.locator(`.react-flow__node[data-id="${id}"]`).innerText(), new RegExp(name.replace('?', '\\?')));
  }
  await screenshot(page, '01-canvas');
});

scenario('02 edit: dragging a node makes the document dirty; Ctrl+Z restores it', async () => {
  assert.equal(await isActiveTabDirty(page), false);
  statsBox = await dragNode(page, 'stats', 0, 140);
  await until('the tab to show the dirty marker', () => isActiveTabDirty(page), { timeoutMs: 15_000 });
  await screenshot(page, '02-dirty');
  await page.keyboard.press('Control+Z');
  await until('undo to clear the dirty marker', async () => !(await isActiveTabDirty(page)), { timeoutMs: 15_000 });
  const node = webview(page).locator('.react-flow__node[data-id="stats"]');
  await until('the node to be back where it was', async () => {
    const box = await node.boundingBox();
    return box && Math.abs(box.y - statsBox.y) < 3 && Math.abs(box.x - statsBox.x) < 3;
  }, { timeoutMs: 10_000 });
  assert.equal(readFileSync(file('price-alert.workflow.json'), 'utf8'), original, 'nothing was written to disk');
  await screenshot(page, '03-undone');
});

scenario('03 save: Ctrl+S writes the deterministic form; a move is a one-line diff', async () => {
  await dragNode(page, 'stats', 0, 140);
  await until('the tab to show the dirty marker', () => isActiveTabDirty(page), { timeoutMs: 15_000 });
  await page.keyboard.press('Control+S');
  await until('save to clear the dirty marker', async () => !(await isActiveTabDirty(page)), { timeoutMs: 15_000 });
  const saved = await until('the saved file to differ from the original', () => {
    const text = readFileSync(file('price-alert.workflow.json'), 'utf8');
    return text !== original ? text : undefined;
  }, { timeoutMs: 10_000 });
  assert.equal(saved, serializeWorkflow(JSON.parse(saved)), 'the file on disk is the serializer\'s output');
  const before = JSON.parse(original);
  const after = JSON.parse(saved);
  const moved = after.nodes.find((n) => n.id === 'stats');
  const was = before.nodes.find((n) => n.id === 'stats');
  assert.ok(Number.isInteger(moved.position.x) && Number.isInteger(moved.position.y), 'positions are integers');
  assert.ok(moved.position.y > was.position.y, `the node moved down: ${JSON.stringify(was.position)} → ${JSON.stringify(moved.position)}`);
  for (const node of after.nodes.filter((n) => n.id !== 'stats')) {
    assert.deepEqual(node, before.nodes.find((n) => n.id === node.id), `node ${node.id} is unchanged`);
  }
  const a = original.split('\n');
  const b = saved.split('\n');
  assert.equal(b.length, a.length);
  const changed = b.filter((line, i) => line !== a[i]);
  assert.equal(changed.length, 1, `one changed line; got:\n${changed.join('\n')}`);
  assert.match(changed[0], /^ {6}"position": \{ "x": -?\d+, "y": -?\d+ \},$/);
  await screenshot(page, '04-saved');
});

scenario('04 external edit: changing the file on disk re-renders the canvas', async () => {
  const current = readFileSync(file('price-alert.workflow.json'), 'utf8');
  const edited = current.replace('"name": "Price alert"', '"name": "Price alert (edited on disk)"');
  assert.notEqual(edited, current);
  writeFileSync(file('price-alert.workflow.json'), edited);
  await canvasTitle(page, 'Price alert (edited on disk) · 7 nodes', 30_000);
  assert.equal(await isActiveTabDirty(page), false);
  await screenshot(page, '05-external-edit');
});

scenario('05 run: "Workflow: Run" from the palette → Executions shows success and node results; the output channel has the node lines', async () => {
  await quickOpen(page, 'hello.workflow.json');
  await canvasTitle(page, 'Hello run · 4 nodes');
  await runCommand(page, 'Workflow: Run');
  const pane = await studioPane(page, 'Executions');
  const execution = await until('a successful "Hello run" execution in the Executions view', async () =>
    (await treeRows(pane)).find((r) => r.label === 'Hello run' && r.description.startsWith('success')), { timeoutMs: FIRST_WAIT });
  await expandRow(execution.row);
  const nodes = ['Start', 'Greet', 'Say hello', 'Write result'];
  let seen = [];
  await until('the node results under the execution', async () => {
    const rows = await treeRows(pane);
    seen = rows.map((r) => r.text);
    return nodes.every((n) => rows.some((r) => r.label === n && r.description.startsWith('success')));
  }, { timeoutMs: 20_000 }).catch((error) => {
    throw new Error(`${error.message}; rows: ${JSON.stringify(seen)}`);
  });
  const log = await until('the node lines in the output channel log', () => {
    const text = outputChannelLog(server, CHANNEL);
    return /Say hello/.test(text) && /e2e says hello from e2e/.test(text) && /SUCCESS/.test(text) ? text : undefined;
  }, { timeoutMs: 20_000 });
  assert.match(log, /Hello run/);
  await runCommand(page, 'Output: Show Output Channels...');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: CHANNEL }).first().click();
  const out = page.locator('.part.panel .output-view').first();
  await out.locator('.view-line', { hasText: 'e2e says hello from e2e' }).first().waitFor({ timeout: 20_000 });
  await screenshot(page, '06-run-success');
});

scenario('06 failure: a flow.fail node → Executions shows the failed run with the node and its message', async () => {
  await quickOpen(page, 'fails.workflow.json');
  await canvasTitle(page, 'Failing run · 2 nodes');
  await runCommand(page, 'Workflow: Run');
  const pane = await studioPane(page, 'Executions');
  const execution = await until('a failed "Failing run" execution', async () =>
    (await treeRows(pane)).find((r) => r.label === 'Failing run' && r.description.startsWith('failed')), { timeoutMs: FIRST_WAIT });
  await expandRow(execution.row);
  let seen = [];
  await until('the failed node with its message', async () => {
    const rows = await treeRows(pane);
    seen = rows.map((r) => r.text);
    return rows.some((r) => r.label === 'Reject order' && r.description.startsWith('failed') && r.description.includes('e2e planned failure'));
  }, { timeoutMs: 20_000 }).catch((error) => {
    throw new Error(`${error.message}; rows: ${JSON.stringify(seen)}`);
  });
  await until('the failure in the output channel log', () => /e2e planned failure/.test(outputChannelLog(server, CHANNEL)), { timeoutMs: 20_000 });
  await screenshot(page, '07-run-failure');
});

scenario('06b cli: a run started by the `workflow` CLI outside VS Code shows up in Executions', async () => {
  // the same database, written by another process: the extension sees it through its journal watcher
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'workflow.js'), 'run', file('order-pipeline.workflow.json'), '--input', `@${file('order-pipeline.input.json')}`, '--quiet'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const pane = await studioPane(page, 'Executions');
  let seen = [];
  await until('the CLI run of "Order pipeline" in the Executions view', async () => {
    const rows = await treeRows(pane);
    seen = rows.map((r) => r.text);
    return rows.find((r) => r.label === 'Order pipeline' && r.description.startsWith('success') && r.description.includes('cli'));
  }, { timeoutMs: 30_000 }).catch((error) => {
    throw new Error(`${error.message}; rows: ${JSON.stringify(seen)}`);
  });
  await screenshot(page, '07b-cli-run-in-view');
});

scenario('06c canvas run: Run in the canvas toolbar → node badges and edge counts, a recorded execution, the output in the inspector', async () => {
  await quickOpen(page, 'hello.workflow.json');
  await canvasTitle(page, 'Hello run · 4 nodes');
  const frame = webview(page);
  const pane = await studioPane(page, 'Executions');
  const before = (await treeRows(pane)).filter((r) => r.label === 'Hello run').length;
  // The canvas opens showing the last recorded run (scenario 05's) ...
  const status = frame.locator('#run-status');
  const previous = await until('the last run of the file on the canvas', () => status.getAttribute('data-execution'), { timeoutMs: 20_000 });
  // ... and a run from its toolbar replaces it.
  await frame.locator('#run-button').click();
  await until('the canvas toolbar to say the new run succeeded', async () => {
    const [text, id] = await Promise.all([status.textContent(), status.getAttribute('data-execution')]);
    return id !== previous && /^Succeeded/.test(text ?? '');
  }, { timeoutMs: FIRST_WAIT });
  await until('a success badge on every node', async () => (await frame.locator('.run-badge[data-run-status="success"]').count()) === 4, { timeoutMs: 10_000 });
  assert.equal(await frame.locator('.run-edge-label').first().textContent(), '1', 'edges show the items that crossed them');
  let seen = [];
  await until('one more "Hello run" execution in the Executions view', async () => {
    const rows = await treeRows(pane);
    seen = rows.map((r) => r.text);
    return rows.filter((r) => r.label === 'Hello run' && r.description.startsWith('success')).length > before;
  }, { timeoutMs: 20_000 }).catch((error) => {
    throw new Error(`${error.message}; rows: ${JSON.stringify(seen)}`);
  });
  // the recorded result of a node, read back from the history by the inspector
  await frame.locator('.react-flow__node[data-id="greet"]').click();
  await frame.locator('#inspector-tab-output').click();
  const tree = frame.getByRole('tree', { name: /Output of the node/ });
  await tree.waitFor({ timeout: 10_000 });
  assert.match(await tree.textContent(), /greeting|message|hello/i);
  await screenshot(page, '07c-canvas-run');
});

scenario('07 malformed: a file that does not parse → error state with problems and "Open as Text", a Problems entry, file unchanged', async () => {
  const path = file('broken.workflow.json');
  const before = readFileSync(path);
  await quickOpen(page, 'broken.workflow.json');
  const frame = webview(page);
  await frame.locator('#error-state').waitFor({ timeout: FIRST_WAIT });
  assert.ok((await frame.locator('#error-state .problem').count()) >= 1, 'the error state lists problems');
  await frame.locator('#open-as-text').waitFor();
  await runCommand(page, 'Problems: Focus on Problems View');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'broken.workflow.json' }).first().waitFor({ timeout: 20_000 });
  // each syntax error listed once: VS Code's JSON checker has it, the extension does not repeat it
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'Expected comma' }).first().waitFor({ timeout: 20_000 });
  await sleep(1_000);
  assert.equal(await page.locator('.markers-panel .monaco-list-row', { hasText: 'JSON syntax:' }).count(), 0, 'no JSON syntax error listed twice');
  assert.ok(before.equals(readFileSync(path)), 'the file on disk is unchanged');
  await screenshot(page, '08-malformed');
  assert.equal(await isActiveTabDirty(page), false);
  assert.ok(await activeTab(page).isVisible());
  // A problem opens the text editor on it, where the canvas was: one tab for the file, not two.
  const [line, column] = (await frame.locator('#error-state .problem-location').first().textContent()).trim().split(':');
  await frame.locator('#error-state .problem-link').first().click();
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: 20_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
  const tabs = page.locator('.tabs-container .tab', { hasText: 'broken.workflow.json' });
  await until('one tab for broken.workflow.json, the text editor', async () => (await tabs.count()) === 1 && (await page.locator('.editor-instance .monaco-editor').count()) > 0, { timeoutMs: 15_000 });
  await screenshot(page, '08b-open-as-text');
});

scenario('08 triggers: Activate from the Workflows view context menu → the workflow shows its next run and its webhook URL', async () => {
  const nodes = [
    { id: 'nightly', type: 'trigger.schedule', name: 'Every night', position: { x: 0, y: 0 }, config: { cron: '0 3 * * *', timezone: 'UTC' } },
    { id: 'hook', type: 'trigger.webhook', name: 'Report hook', position: { x: 0, y: 160 }, config: { path: 'reports/nightly' } },
    { id: 'log', type: 'util.log', name: 'Log', position: { x: 260, y: 80 }, config: { message: 'report' } },
  ];
  const edges = [{ id: 'e1', source: 'nightly', target: 'log' }, { id: 'e2', source: 'hook', target: 'log' }];
  writeFileSync(file('nightly-report.workflow.json'), serializeWorkflow({ formatVersion: 1, name: 'Nightly report', nodes, edges }));
  const pane = await studioPane(page, 'Workflows');
  const row = await until('"Nightly report" in the Workflows view', async () => (await treeRows(pane)).find((r) => r.label === 'Nightly report'), { timeoutMs: 30_000 });
  assert.match(row.description, /draft/);
  await row.row.click({ button: 'right' });
  // The workbench's context menu can swallow a click that lands while it is still opening (seen
  // on a loaded CI machine: the menu stayed open with Activate highlighted). Hover first, and if
  // the menu is still there afterwards, choose the highlighted item with Enter, as a user would.
  const activate = page.locator('.context-view .action-label', { hasText: /^Activate$/ }).first();
  await activate.waitFor({ state: 'visible' });
  await activate.hover();
  await activate.click();
  const menuClosed = await page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: 3_000 }).then(() => true, () => false);
  if (!menuClosed) await page.keyboard.press('Enter');
  // Activate says so, with the webhook's live URL and the schedule's next run.
  const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'Nightly report is active:' }).first();
  await toast.waitFor({ timeout: 20_000 });
  const notice = await toast.textContent();
  assert.match(notice, /Report hook listens at http:\/\/127\.0\.0\.1:\d+\/webhook\/reports\/nightly/);
  assert.match(notice, /Every night runs next in \d+ (s|min|h)/);
  await screenshot(page, '10a-activate-notice');
  // Out of the way of the scenarios after this one.
  await runCommand(page, 'Notifications: Clear All Notifications');
  let seen = [];
  const active = await until('the next run in the workflow\'s description', async () => {
    const rows = await treeRows(pane);
    seen = rows.map((r) => r.text);
    return rows.find((r) => r.label === 'Nightly report' && /active/.test(r.description) && /next in \d+ (s|min|h)/.test(r.description));
  }, { timeoutMs: 30_000 }).catch((error) => {
    throw new Error(`${error.message}; rows: ${JSON.stringify(seen)}`);
  });
  await expandRow(active.row);
  const children = await until('the trigger items under the workflow', async () => {
    const rows = await treeRows(pane);
    seen = rows.map((r) => r.text);
    const schedule = rows.find((r) => r.label === 'Every night' && /^next in .* · 0 runs$/.test(r.description));
    const hook = rows.find((r) => r.label === 'Report hook' && /^http:\/\/127\.0\.0\.1:\d+\/webhook\/reports\/nightly$/.test(r.description));
    return schedule && hook ? { schedule, hook } : undefined;
  }, { timeoutMs: 20_000 }).catch((error) => {
    throw new Error(`${error.message}; rows: ${JSON.stringify(seen)}`);
  });
  // the webhook the view shows answers: 202 while active
  const response = await fetch(children.hook.description, { method: 'POST', body: '{"from":"ui"}', headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 202);
  // a wider sidebar (drag its edge) and the workflow's tooltip with the absolute time, for the screenshot
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + 300);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + sidebar.width + 200, sidebar.y + 300, { steps: 8 });
    await page.mouse.up();
  }
  await active.row.hover();
  await page.locator('.workbench-hover, .monaco-hover', { hasText: 'Next run:' }).first().waitFor({ timeout: 5_000 }).catch(() => {});
  await screenshot(page, '10-triggers-view');
});

scenario('09 first run: Run on the price-alert canvas takes price-alert.input.json and succeeds; "Waiting for a free run slot" never shows; Run with Input… offers the file first', async () => {
  await quickOpen(page, 'price-alert.workflow.json');
  await canvasTitle(page, /Price alert/);
  const frame = webview(page);
  const status = frame.locator('#run-status');
  // Every status the toolbar shows during the run, seen by the page itself (a flash lasts a frame).
  await status.evaluate((element) => {
    window.__statuses = [];
    new MutationObserver(() => window.__statuses.push(element.textContent)).observe(element, { childList: true, characterData: true, subtree: true });
  });
  const previous = await status.getAttribute('data-execution');
  await frame.locator('#run-button').click();
  const text = await until('the canvas run to end', async () => {
    const [t, id] = await Promise.all([status.textContent(), status.getAttribute('data-execution')]);
    return id !== previous && /^(Succeeded|Failed|Finished|Stopped|Timed out)/.test(t ?? '') ? t : undefined;
  }, { timeoutMs: FIRST_WAIT });
  assert.match(text, /^Succeeded/, `the first Run of the example succeeds with its sibling input; the toolbar says: ${text}`);
  const statuses = await status.evaluate(() => window.__statuses);
  assert.ok(!statuses.some((s) => /Waiting/.test(s)), `no "Waiting for a free run slot" with nothing else running: ${JSON.stringify(statuses)}`);
  await screenshot(page, '11-first-run-sibling-input');
  // Run with Input… lists the sibling input first.
  await runCommand(page, 'Workflow: Run with Input…');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ timeout: 15_000 });
  const labels = (await rows.locator('.label-name').allTextContents()).map((l) => l.trim());
  assert.equal(labels[0], 'price-alert.input.json', `the sibling input first: ${labels.join(' | ')}`);
  await screenshot(page, '12-run-with-input-sibling');
  await page.keyboard.press('Escape');
});

scenario('10 context menu: "Add node…" on the canvas opens the quick-add and it stays open', async () => {
  await quickOpen(page, 'price-alert.workflow.json');
  await canvasTitle(page, /Price alert/);
  const frame = webview(page);
  const pane = await frame.locator('.react-flow__pane').boundingBox();
  await page.mouse.click(pane.x + 60, pane.y + pane.height - 80, { button: 'right' });
  await frame.locator('#context-menu [data-action="addNode"]').click();
  await frame.locator('#quick-add').waitFor({ timeout: 5_000 });
  await sleep(500);
  assert.equal(await frame.locator('#quick-add').count(), 1, 'the quick-add is still open half a second later');
  await screenshot(page, '13-context-menu-add-node');
  await page.keyboard.press('Escape');
  await frame.locator('#quick-add').waitFor({ state: 'detached' });
});

scenario('11 undo in a field: Ctrl+Z in the focused inspector field undoes the rename there too; leaving the field does not redo it', async () => {
  await quickOpen(page, 'hello.workflow.json');
  await canvasTitle(page, /Hello run/);
  const frame = webview(page);
  await frame.locator('.react-flow__node[data-id="greet"]').click();
  await frame.locator('#inspector-tab-configure').click();
  const name = frame.locator('#inspector-name');
  const original = await name.inputValue();
  await name.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' renamed');
  await page.keyboard.press('Enter');
  await until('the rename to make the document dirty', () => isActiveTabDirty(page), { timeoutMs: 15_000 });
  await page.keyboard.press('Control+Z');
  await until('undo to clear the dirty marker', async () => !(await isActiveTabDirty(page)), { timeoutMs: 15_000 });
  await until('the focused field to show the undone name', async () => (await name.inputValue()) === original, { timeoutMs: 10_000 });
  await page.keyboard.press('Tab');
  await sleep(1_000);
  assert.equal(await isActiveTabDirty(page), false, 'leaving the field did not commit the undone text again');
  assert.equal(await name.inputValue(), original);
  await screenshot(page, '14-undo-in-field');
});
