// The inspector in the built webview (dist/webview.js) against a fake host: the form generated
// from the node type's schema, edits as updateNode intents, the validator's messages beside
// their fields, and a node's run result (JSON tree, Copy, logs). Run `npm run build` first.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { openWebview, viewOf } from './harness.mjs';
import { catalogOf, requestWhere, selectNode } from './runFixtures.mjs';

let view;
let catalog;
before(() => {
  view = viewOf('examples/fetch-and-retry.workflow.json');
  catalog = catalogOf();
});

const fetchNode = () => view.nodes.find((n) => n.id === 'fetch');
const fetchIndex = () => view.nodes.findIndex((n) => n.id === 'fetch');

function noErrors(host) {
  assert.deepEqual(host.errors, [], `console errors: ${host.errors.join('\n')}`);
}

/** The view after an updateNode intent, as the host would answer it, plus `problems`. */
function applied(intent, version, problems = []) {
  return {
    ...view,
    version,
    nodes: view.nodes.map((n) => (n.id === intent.id ? { ...n, ...intent.changes, config: intent.changes.config ?? n.config } : n)),
    problems,
  };
}

const edits = (host) => host.requests().filter((m) => m.type === 'edit');

test('configure: typing sends one updateNode with the whole config; the validator message shows beside the field', async () => {
  let version = 1;
  const problem = {
    severity: 'error',
    line: 20,
    column: 16,
    code: 'CONFIG',
    nodeId: 'fetch',
    path: `/nodes/${fetchIndex()}/config/url`,
    message: 'node "Fetch prices" (fetch): config.url must use http or https',
  };
  const host = await openWebview({
    initial: view,
    catalog,
    respond: (m) => (m.type === 'edit' ? { view: applied(m.intent, ++version, [problem]) } : undefined),
  });
  try {
    await selectNode(host, 'fetch');
    const url = host.page.locator('#inspector-config-url');
    await url.waitFor();
    assert.equal(await url.inputValue(), fetchNode().config.url);
    assert.equal(await host.page.locator('#inspector-config-method').inputValue(), '0', 'the dropdown shows GET');
    assert.equal(await host.page.locator('#inspector-config-timeoutMs').getAttribute('type'), 'number');
    assert.equal(await host.page.locator('#inspector-config-timeoutMs').getAttribute('min'), '1');
    assert.match(await host.page.locator('[data-field="inspector-config-url"] .field-help').textContent(), /Absolute http/);

    await url.fill('');
    await url.pressSequentially('ftp://prices', { delay: 30 });
    await host.page.waitForTimeout(150);
    assert.equal(edits(host).length, 0, 'nothing is sent while typing');
    const request = await requestWhere(host, (m) => m.type === 'edit', 'the updateNode after the typing pause');
    assert.deepEqual(request.intent, { type: 'updateNode', id: 'fetch', changes: { config: { ...fetchNode().config, url: 'ftp://prices' } } });
    await url.blur();
    await host.page.waitForTimeout(500);
    assert.equal(edits(host).length, 1, 'one intent for one change (blur sends no duplicate)');

    const error = host.page.locator('#inspector-config-url-error');
    await error.waitFor();
    assert.equal((await error.textContent()).trim(), 'config.url must use http or https');
    assert.equal(await url.getAttribute('aria-invalid'), 'true');
    assert.ok((await url.getAttribute('aria-describedby')).split(' ').includes('inspector-config-url-error'));
    assert.equal(await url.inputValue(), 'ftp://prices', 'the field keeps the user\'s text');
    await host.page.waitForTimeout(200);
    await host.screenshot('inspector-form-dark.png');
    noErrors(host);
  } finally {
    await host.close();
  }
});

test('configure: dropdowns, checkboxes and settings commit on change; bad numbers and refused renames stay local', async () => {
  let version = 1;
  let current = view;
  const host = await openWebview({
    initial: view,
    catalog,
    respond: (m) => {
      if (m.type !== 'edit') return undefined;
      if (m.intent.changes.name === 'Start') return { ok: false, error: 'another node is already named "Start"' };
      current = applied(m.intent, ++version);
      return { view: current };
    },
  });
  try {
    await selectNode(host, 'fetch');
    await host.page.locator('#inspector-config-method').selectOption({ label: 'POST' });
    let request = await requestWhere(host, (m) => m.type === 'edit', 'the method change');
    assert.deepEqual(request.intent.changes, { config: { ...fetchNode().config, method: 'POST' } });

    // A config edit made before the host answered the previous one builds on it.
    await host.page.locator('#inspector-config-allowErrorStatus').check();
    request = await requestWhere(host, (m) => m.type === 'edit' && m.intent.changes.config?.allowErrorStatus === true, 'the checkbox');
    assert.equal(request.intent.changes.config.method, 'POST');

    await host.page.locator('#inspector-onError').selectOption('fail');
    request = await requestWhere(host, (m) => m.type === 'edit' && 'onError' in m.intent.changes, 'the onError change');
    assert.deepEqual(request.intent.changes, { onError: null }, 'the default removes the key');

    await host.page.locator('#inspector-retry-maxAttempts').fill('5');
    await host.page.locator('#inspector-retry-maxAttempts').press('Enter');
    request = await requestWhere(host, (m) => m.type === 'edit' && m.intent.changes.retry?.maxAttempts === 5, 'the retry change');
    assert.deepEqual(request.intent.changes.retry, { ...fetchNode().retry, maxAttempts: 5 });

    const before = edits(host).length;
    const timeout = host.page.locator('#inspector-config-timeoutMs');
    await timeout.fill('1.5');
    await timeout.blur();
    await host.page.locator('#inspector-config-timeoutMs-error').waitFor();
    assert.match(await host.page.locator('#inspector-config-timeoutMs-error').textContent(), /whole number/);
    assert.equal(edits(host).length, before, 'an unreadable number is not sent');

    const name = host.page.locator('#inspector-name');
    await name.fill('Start');
    await host.page.waitForTimeout(600);
    assert.equal(edits(host).length, before, 'a rename waits for Enter or blur');
    await name.press('Enter');
    await host.page.locator('#inspector-name-error').waitFor();
    assert.match(await host.page.locator('#inspector-name-error').textContent(), /already named "Start"/);
    assert.equal(await name.inputValue(), 'Start');
    assert.equal(await host.page.locator('#notice').count(), 0, 'the refusal shows beside the field, not as a page notice');

    // key/value rows: add a query parameter
    const query = host.page.locator('[data-field="inspector-config-query"]');
    await query.getByRole('button', { name: /Add/ }).click();
    const rows = query.locator('.kv-row');
    const last = rows.last();
    await last.locator('.kv-key').fill('limit');
    await last.locator('.kv-value').fill('10');
    await last.locator('.kv-value').press('Enter');
    request = await requestWhere(host, (m) => m.type === 'edit' && m.intent.changes.config?.query?.limit !== undefined, 'the query row');
    assert.equal(request.intent.changes.config.query.limit, 10, 'JSON values are read as JSON');
    noErrors(host);
  } finally {
    await host.close();
  }
});

const RESULT = {
  executionId: 'x1',
  nodeId: 'fetch',
  status: 'success',
  durationMs: 12,
  input: { symbol: 'ACME' },
  output: { out: { status: 200, body: { prices: [1.5, 2.25, 3], currency: 'EUR' }, headers: { 'content-type': 'application/json' } } },
  logs: [
    { level: 'info', message: 'GET https://example.test/prices', at: 1_700_000_000_000 },
    { level: 'warn', message: 'slow answer (900 ms)', at: 1_700_000_000_900 },
  ],
};

function finishedRun() {
  return {
    type: 'runUpdate',
    update: {
      executionId: 'x1',
      status: 'success',
      reset: true,
      durationMs: 40,
      nodes: { start: { status: 'success', durationMs: 1, itemCount: 1 }, fetch: { status: 'success', durationMs: 12, itemCount: 1 } },
      edges: { e1: 1, e2: 1 },
    },
  };
}

for (const theme of ['dark', 'light']) {
  test(`inspector output (${theme}): nodeResult on selection, JSON tree by keyboard, Copy, logs`, async () => {
    const host = await openWebview({
      initial: view,
      catalog,
      theme,
      respond: (m) => (m.type === 'nodeResult' ? (m.nodeId === 'fetch' ? { nodeResult: RESULT } : {}) : undefined),
    });
    try {
      await host.page.waitForSelector('.react-flow__node[data-id="fetch"]');
      if (theme === 'light') {
        await selectNode(host, 'fetch');
        await host.screenshot('inspector-form-light.png');
      }
      await host.post(finishedRun());
      await selectNode(host, 'fetch');
      const request = await requestWhere(host, (m) => m.type === 'nodeResult', 'the nodeResult request');
      assert.deepEqual(request, { type: 'nodeResult', requestId: request.requestId, nodeId: 'fetch' });
      await host.page.locator('#inspector-tab-output').click();
      const tree = host.page.getByRole('tree', { name: /Output of the node/ });
      await tree.waitFor();
      const root = tree.getByRole('treeitem').first();
      assert.equal(await root.getAttribute('aria-expanded'), 'true');
      assert.match(await tree.textContent(), /status: 200/);
      assert.doesNotMatch(await tree.textContent(), /currency/, 'closed branches are not drawn');

      // keyboard: down to "body", open it, down to "prices"
      await root.focus();
      await host.page.keyboard.press('ArrowDown'); // status
      await host.page.keyboard.press('ArrowDown'); // body
      assert.equal(await host.page.evaluate(() => document.activeElement?.querySelector('.json-key')?.textContent), 'body');
      await host.page.keyboard.press('ArrowRight');
      await host.page.waitForFunction(() => document.activeElement?.getAttribute('aria-expanded') === 'true');
      assert.match(await tree.textContent(), /currency: "EUR"/);
      await host.page.keyboard.press('ArrowRight'); // into the first child
      assert.equal(await host.page.evaluate(() => document.activeElement?.querySelector('.json-key')?.textContent), 'prices');
      await host.page.keyboard.press('ArrowLeft'); // back to body
      assert.equal(await host.page.evaluate(() => document.activeElement?.querySelector('.json-key')?.textContent), 'body');

      await host.page.getByRole('button', { name: 'Copy output' }).click();
      const copy = await requestWhere(host, (m) => m.type === 'writeClipboard', 'the writeClipboard request');
      assert.deepEqual(JSON.parse(copy.text), RESULT.output.out);
      await host.page.getByText('Copied').waitFor();
      await host.page.waitForTimeout(200);
      await host.screenshot(`inspector-output-${theme}.png`);

      await host.page.locator('#inspector-tab-logs').click();
      const lines = host.page.locator('.log-line');
      assert.equal(await lines.count(), 2);
      assert.match(await lines.nth(1).textContent(), /warn.*slow answer/);
      await host.page.locator('#inspector-tab-input').click();
      assert.match(await host.page.getByRole('tree', { name: 'Input of the node' }).textContent(), /symbol: "ACME"/);

      // a node without a result says so
      await selectNode(host, 'start');
      await requestWhere(host, (m) => m.type === 'nodeResult' && m.nodeId === 'start', 'the second nodeResult');
      await host.page.getByText('no recorded result').waitFor();
      noErrors(host);
    } finally {
      await host.close();
    }
  });
}

test('nothing selected shows a hint; several selected show their count and bulk actions', async () => {
  const host = await openWebview({ initial: view, catalog });
  try {
    await host.page.waitForSelector('#inspector');
    assert.match(await host.page.locator('#inspector').textContent(), /Select a node/);
    await selectNode(host, 'fetch');
    await host.page.locator('.react-flow__node[data-id="ok"]').click({ modifiers: ['Control'] });
    await host.page.getByText('2 nodes selected.').waitFor();
    await host.page.getByRole('button', { name: 'Disable' }).click();
    const request = await requestWhere(host, (m) => m.type === 'edit', 'the setDisabled intent');
    assert.deepEqual({ ...request.intent, nodeIds: [...request.intent.nodeIds].sort() }, { type: 'setDisabled', nodeIds: ['fetch', 'ok'], disabled: true });
    // the panel is resizable from the keyboard; the width is view state
    const separator = host.page.getByRole('separator', { name: 'Resize the inspector' });
    const before = Number(await separator.getAttribute('aria-valuenow'));
    await separator.focus();
    await host.page.keyboard.press('ArrowLeft');
    await host.page.waitForFunction((w) => window.__state?.inspectorWidth === w, before + 16);
    noErrors(host);
  } finally {
    await host.close();
  }
});

test('high contrast: the form, its error and a run result are drawn with the theme\'s borders', async () => {
  const problem = { severity: 'error', line: 1, column: 1, code: 'CONFIG', nodeId: 'fetch', path: `/nodes/${fetchIndex()}/config/timeoutMs`, message: 'node "Fetch prices" (fetch): config.timeoutMs must be at least 1' };
  const host = await openWebview({ initial: { ...view, problems: [problem] }, catalog, theme: 'high-contrast' });
  try {
    await host.page.waitForSelector('.react-flow__node[data-id="fetch"]');
    await host.post(finishedRun());
    await selectNode(host, 'fetch');
    await host.page.locator('#inspector-config-timeoutMs-error').waitFor();
    await host.page.waitForTimeout(200);
    await host.screenshot('inspector-form-high-contrast.png');
    noErrors(host);
  } finally {
    await host.close();
  }
});
