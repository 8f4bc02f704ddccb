// The run overlay in the built webview (dist/webview.js) against a fake host: Run / Stop in the
// toolbar, runUpdate batches drawn as node badges, edge item counts and the run status.
// Run `npm run build` first. The cost of big bursts is measured by bench/runOverlay.bench.mjs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { openWebview, viewOf } from './harness.mjs';
import { catalogOf, requestWhere } from './runFixtures.mjs';

let view;
let catalog;
before(() => {
  view = viewOf('examples/fetch-and-retry.workflow.json');
  catalog = catalogOf();
});

const badge = (host, id) => host.page.locator(`.react-flow__node[data-id="${id}"] .run-badge`);
const edgeLabel = (host, id) => host.page.locator(`.run-edge-label[data-edge-id="${id}"]`);

function update(fields) {
  return { type: 'runUpdate', update: { executionId: 'x1', status: 'running', reset: false, nodes: {}, edges: {}, ...fields } };
}

test('Run sends run; batches draw badges, edge counts and the status; Stop sends stop', async () => {
  const host = await openWebview({ initial: view, catalog, respond: (m) => (m.type === 'run' ? { executionId: 'x1' } : undefined) });
  try {
    const run = host.page.getByRole('button', { name: 'Run', exact: true });
    const stop = host.page.getByRole('button', { name: 'Stop', exact: true });
    await run.waitFor();
    assert.equal(await stop.isDisabled(), true, 'Stop is disabled while nothing runs');
    assert.equal(await badge(host, 'fetch').count(), 0, 'no badges before a run');
    await run.click();
    const request = await requestWhere(host, (m) => m.type === 'run', 'the run request');
    assert.deepEqual(Object.keys(request).sort(), ['requestId', 'type']);

    const queued = Object.fromEntries(view.nodes.map((n) => [n.id, { status: 'queued' }]));
    await host.post(update({ reset: true, status: 'queued', nodes: queued }));
    await host.page.waitForFunction(() => document.querySelector('#run-status')?.textContent?.startsWith('Waiting'));
    await host.post(update({ nodes: { start: { status: 'success', durationMs: 1, itemCount: 1 }, fetch: { status: 'running' } }, edges: { e1: 1 } }));
    await host.page.waitForFunction(() => document.querySelector('#run-status')?.textContent === 'Running');
    assert.equal(await run.isDisabled(), true, 'Run is disabled while the run goes');
    assert.equal(await stop.isEnabled(), true);
    assert.equal(await badge(host, 'fetch').getAttribute('data-run-status'), 'running');
    assert.equal(await badge(host, 'start').getAttribute('aria-label'), 'Last run: succeeded in 1 ms, 1 item');
    assert.equal(await host.page.getByRole('img', { name: 'Last run: succeeded in 1 ms, 1 item' }).count(), 1);
    assert.equal(await badge(host, 'start').locator('.run-badge-duration').textContent(), '1 ms');
    assert.equal(await edgeLabel(host, 'e1').textContent(), '1');
    assert.equal(await badge(host, 'ok').getAttribute('data-run-status'), 'queued');
    assert.equal(await host.page.locator('[data-testid="rf__edge-e1"] .run-edge-flowing').count(), 1, 'the edge into the running node moves');
    await host.screenshot('run-overlay-running-dark.png');

    await stop.click();
    await requestWhere(host, (m) => m.type === 'stop', 'the stop request');
    await host.post(
      update({
        status: 'cancelled',
        durationMs: 2150,
        error: 'the run was cancelled',
        nodes: { fetch: { status: 'cancelled' }, ok: { status: 'skipped' }, fallback: { status: 'skipped' } },
      }),
    );
    await host.page.waitForFunction(() => document.querySelector('#run-status')?.textContent?.startsWith('Stopped in 2.2 s'));
    assert.equal(await stop.isDisabled(), true);
    assert.equal(await run.isEnabled(), true);
    assert.equal(await badge(host, 'fetch').getAttribute('data-run-status'), 'cancelled');

    // A new run resets the overlay: badges of the old one go.
    await host.post({ type: 'runUpdate', update: { executionId: 'x2', status: 'running', reset: true, nodes: { start: { status: 'running' } }, edges: {} } });
    await host.page.waitForFunction(() => !document.querySelector('.react-flow__node[data-id="fetch"] .run-badge'));
    assert.equal(await edgeLabel(host, 'e1').count(), 0);
    assert.deepEqual(host.errors, []);
  } finally {
    await host.close();
  }
});

test('a failed run: the node says why, the toolbar says how long; a refused Run shows a notice', async () => {
  const host = await openWebview({
    initial: view,
    catalog,
    theme: 'light',
    respond: (m) => (m.type === 'run' ? { ok: false, error: 'Nothing was run (the notification says why).' } : undefined),
  });
  try {
    await host.page.waitForSelector('.react-flow__node[data-id="fetch"]');
    await host.post(
      update({
        reset: true,
        status: 'partial',
        durationMs: 830,
        nodes: {
          start: { status: 'success', durationMs: 1, itemCount: 1 },
          fetch: { status: 'failed', durationMs: 812, itemCount: 1, error: 'HTTP 503 Service Unavailable' },
          ok: { status: 'skipped' },
          fallback: { status: 'success', durationMs: 2, itemCount: 1 },
        },
        edges: { e1: 1, e3: 1 },
      }),
    );
    await host.page.waitForFunction(() => document.querySelector('#run-status')?.textContent?.startsWith('Finished with errors in 830 ms'));
    assert.match(await badge(host, 'fetch').getAttribute('title'), /failed in 812 ms, 1 item: HTTP 503/);
    assert.equal(await edgeLabel(host, 'e3').textContent(), '1');
    assert.equal(await edgeLabel(host, 'e2').count(), 0, 'an edge nothing crossed has no label');
    await host.page.waitForTimeout(200);
    await host.screenshot('run-overlay-light.png');

    await host.page.getByRole('button', { name: 'Run', exact: true }).click();
    await host.page.waitForSelector('#notice');
    assert.match(await host.page.textContent('#notice'), /Nothing was run/);
    assert.deepEqual(host.errors, []);
  } finally {
    await host.close();
  }
});

test('many batches in a row (5,000 node updates) end in the right states', async () => {
  // Responsiveness is measured in bench/runOverlay.bench.mjs; this checks the result only.
  const nodes = view.nodes.map((n) => n.id);
  const host = await openWebview({ initial: view, catalog });
  try {
    await host.page.waitForSelector('.react-flow__node[data-id="fetch"]');
    await host.page.evaluate(
      ({ ids }) => {
        let n = 0;
        const post = (update) => window.postMessage({ type: 'runUpdate', update }, '*');
        post({ executionId: 'burst', status: 'running', reset: true, nodes: {}, edges: {} });
        for (let batch = 0; batch < 100; batch++) {
          const changed = {};
          for (let i = 0; i < 50; i++) {
            const id = ids[n++ % ids.length];
            changed[id] = { status: 'success', durationMs: n, itemCount: n };
          }
          post({ executionId: 'burst', status: 'running', reset: false, nodes: changed, edges: { e1: n } });
        }
        post({ executionId: 'burst', status: 'success', reset: false, nodes: {}, edges: {}, durationMs: 5000 });
      },
      { ids: nodes },
    );
    await host.page.waitForFunction(() => document.querySelector('#run-status')?.textContent?.startsWith('Succeeded'));
    assert.equal(await edgeLabel(host, 'e1').textContent(), '5000');
    const last = nodes[(5000 - 1) % nodes.length];
    assert.match(await badge(host, last).getAttribute('title'), /, 5000 items$/);
    assert.deepEqual(host.errors, []);
  } finally {
    await host.close();
  }
});

test('Run and Stop stay where they are whatever the status says, a long failure message included', async () => {
  const host = await openWebview({ initial: view, catalog, respond: (m) => (m.type === 'run' ? { executionId: 'x1' } : undefined) });
  try {
    const run = host.page.locator('#run-button');
    await run.waitFor();
    const where = async () => {
      const [a, b] = await Promise.all([run.boundingBox(), host.page.locator('#stop-button').boundingBox()]);
      return { run: [a.x, a.width], stop: [b.x, b.width] };
    };
    const before = await where();
    const statuses = [
      update({ reset: true, status: 'queued' }),
      update({ status: 'running' }),
      update({ status: 'failed', durationMs: 83_000, error: `node "Fetch prices" (fetch): ${'the server answered 503 Service Unavailable; '.repeat(6)}` }),
      update({ status: 'success', durationMs: 12 }),
    ];
    for (const message of statuses) {
      await host.post(message);
      await host.page.waitForFunction((s) => document.querySelector('#run-status')?.className.includes(`run-status-${s}`), message.update.status);
      assert.deepEqual(await where(), before, `after "${await host.page.textContent('#run-status')}"`);
    }
  } finally {
    await host.close();
  }
});

test('selecting a node that failed opens its Error tab; a node that succeeded keeps the tab chosen', async () => {
  const host = await openWebview({ initial: view, catalog, respond: () => ({}) });
  try {
    const { page } = host;
    await page.waitForSelector('.react-flow__node[data-id="fetch"]');
    await host.post(update({ reset: true, status: 'partial', durationMs: 830, nodes: { start: { status: 'success', durationMs: 1, itemCount: 1 }, fetch: { status: 'failed', durationMs: 812, error: 'HTTP 503 Service Unavailable' } } }));
    await page.waitForFunction(() => document.querySelector('#run-status')?.textContent?.startsWith('Finished with errors'));
    await page.locator('.react-flow__node[data-id="start"]').click();
    await page.locator('#inspector-tab-configure').waitFor();
    assert.equal(await page.getAttribute('#inspector-tab-configure', 'aria-selected'), 'true');
    await page.locator('.react-flow__node[data-id="fetch"]').click();
    await page.waitForFunction(() => document.querySelector('#inspector-tab-error')?.getAttribute('aria-selected') === 'true', null, { timeout: 5000 });
    await host.screenshot('inspector-failed-node-error-tab.png');
    // The user may switch away; it stays where they put it.
    await page.click('#inspector-tab-configure');
    await page.waitForTimeout(200);
    assert.equal(await page.getAttribute('#inspector-tab-configure', 'aria-selected'), 'true');
  } finally {
    await host.close();
  }
});
