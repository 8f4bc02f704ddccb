// The built webview (dist/webview.js) in Chromium against a fake host: run `npm run build` first.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { openWebview, viewOf } from './harness.mjs';

let view;
before(() => {
  view = viewOf('examples/price-alert.workflow.json');
});

/** Waits until the webview has posted `count` requests, then returns them. */
async function requestsAfter(host, count) {
  await host.page.waitForFunction((n) => window.__posted.filter((m) => typeof m.requestId === 'number').length >= n, count);
  return host.requests();
}

function noCspOrScriptErrors(host) {
  assert.deepEqual(host.errors, [], `console errors: ${host.errors.join('\n')}`);
}

test('asks for its first state and draws every node with name, title and handles', async () => {
  const host = await openWebview({ initial: view, theme: 'dark' });
  try {
    assert.deepEqual(host.received[0], { type: 'ready' });
    await host.page.waitForSelector('#workflow-app #canvas-title');
    assert.equal(await host.page.textContent('#canvas-title'), `Price alert · ${view.nodes.length} nodes`);
    for (const node of view.nodes) {
      const text = await host.page.textContent(`.react-flow__node[data-id="${node.id}"]`);
      assert.ok(text?.includes(node.name), `${node.id} shows "${node.name}": ${text}`);
    }
    assert.equal(await host.page.locator('.react-flow__edge').count(), view.edges.length);
    // flow.if declares two outputs: two source handles with their port ids
    const ifHandles = await host.page.locator('.react-flow__node[data-id="check"] .react-flow__handle.source').evaluateAll((els) => els.map((e) => e.getAttribute('data-handleid')));
    assert.deepEqual(ifHandles, ['true', 'false']);
    assert.equal(await host.page.locator('.react-flow__node[data-id="start"] .react-flow__handle.target').count(), 0);
    await host.page.waitForTimeout(300);
    await host.screenshot('canvas-dark.png');
    noCspOrScriptErrors(host);
  } finally {
    await host.close();
  }
});

test('a drag sends one moveNodes intent, on drag end, with integer positions', async () => {
  const host = await openWebview({ initial: view });
  try {
    const node = host.page.locator('.react-flow__node[data-id="stats"]');
    await node.waitFor();
    const box = await node.boundingBox();
    assert.ok(box);
    await host.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await host.page.mouse.down();
    for (let i = 1; i <= 10; i++) await host.page.mouse.move(box.x + box.width / 2 + i * 8, box.y + box.height / 2 + i * 5);
    assert.equal(host.requests().length, 0, 'nothing is sent while dragging');
    await host.page.mouse.up();
    const [request] = await requestsAfter(host, 1);
    await host.page.waitForTimeout(200);
    assert.equal(host.requests().length, 1);
    assert.equal(request.type, 'edit');
    assert.equal(request.intent.type, 'moveNodes');
    assert.equal(request.intent.positions.length, 1);
    const [p] = request.intent.positions;
    assert.equal(p.id, 'stats');
    assert.ok(Number.isInteger(p.x) && Number.isInteger(p.y) && p.x > 240 && p.y > 0, JSON.stringify(p));
    noCspOrScriptErrors(host);
  } finally {
    await host.close();
  }
});

test('a click that moves nothing sends nothing; Delete sends one removeElements for the selection', async () => {
  const remaining = { ...view, version: 2, nodes: view.nodes.filter((n) => n.id !== 'log'), edges: view.edges.filter((e) => e.source !== 'log' && e.target !== 'log') };
  const host = await openWebview({ initial: view, respond: (m) => (m.intent?.type === 'removeElements' ? { view: remaining } : {}) });
  try {
    await host.page.locator('.react-flow__node[data-id="log"]').click();
    await host.page.waitForTimeout(150);
    assert.equal(host.requests().length, 0);
    await host.page.keyboard.press('Delete');
    const [request] = await requestsAfter(host, 1);
    assert.deepEqual(request.intent, { type: 'removeElements', nodeIds: ['log'], edgeIds: [] });
    // The canvas follows the host's reply, not its own guess.
    await host.page.waitForSelector('.react-flow__node[data-id="log"]', { state: 'detached' });
    assert.equal(await host.page.textContent('#canvas-title'), `Price alert · ${remaining.nodes.length} nodes`);
  } finally {
    await host.close();
  }
});

test('connecting two handles sends connect; replies to unknown ids and malformed messages are ignored', async () => {
  const host = await openWebview({ initial: view });
  try {
    const from = host.page.locator('.react-flow__node[data-id="calm"] .react-flow__handle.source');
    const to = host.page.locator('.react-flow__node[data-id="report"] .react-flow__handle.target');
    await from.waitFor();
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    await host.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await host.page.mouse.down();
    await host.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await host.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await host.page.mouse.up();
    const [request] = await requestsAfter(host, 1);
    assert.deepEqual(request.intent, { type: 'connect', source: 'calm', sourceHandle: 'out', target: 'report', targetHandle: 'in' });
    await host.post({ type: 'response', requestId: 999, ok: false, error: 'ignored: unknown id' });
    await host.page.evaluate(() => window.dispatchEvent(new MessageEvent('message', { data: { type: 'bogus' } })));
    await host.page.waitForTimeout(100);
    assert.equal(await host.page.locator('#notice').count(), 0);
    assert.equal(await host.page.locator('.react-flow__node').count(), view.nodes.length);
  } finally {
    await host.close();
  }
});

test('an error reply shows a notice; an external change re-renders the canvas', async () => {
  const host = await openWebview({ initial: view, respond: () => ({ ok: false, error: 'This change would make the workflow invalid: cycle' }) });
  try {
    await host.page.locator('.react-flow__node[data-id="log"]').click();
    await host.page.keyboard.press('Delete');
    await host.page.waitForSelector('#notice');
    assert.match(await host.page.textContent('#notice'), /would make the workflow invalid/);
    const renamed = { ...view, version: 5, name: 'Renamed', nodes: view.nodes.map((n) => (n.id === 'start' ? { ...n, name: 'Begin' } : n)) };
    await host.post({ type: 'documentChanged', view: renamed });
    await host.page.waitForFunction(() => document.querySelector('#canvas-title')?.textContent?.startsWith('Renamed'));
    assert.ok((await host.page.textContent('.react-flow__node[data-id="start"]')).includes('Begin'));
    // an older view arriving late is ignored
    await host.post({ type: 'documentChanged', view: { ...view, version: 4 } });
    await host.page.waitForTimeout(150);
    assert.match(await host.page.textContent('#canvas-title'), /^Renamed/);
  } finally {
    await host.close();
  }
});

test('viewport and selection go to setState, never file content', async () => {
  const host = await openWebview({ initial: view });
  try {
    await host.page.locator('.react-flow__node[data-id="check"]').click();
    await host.page.mouse.wheel(0, 200);
    await host.page.waitForFunction(() => window.__state?.viewport && window.__state?.selectedNodeIds?.length === 1);
    const state = await host.page.evaluate(() => window.__state);
    assert.deepEqual(Object.keys(state).sort(), ['selectedNodeIds', 'viewport']);
    assert.deepEqual(state.selectedNodeIds, ['check']);
  } finally {
    await host.close();
  }
});

test('light theme screenshot', async () => {
  const host = await openWebview({ initial: view, theme: 'light' });
  try {
    await host.page.waitForSelector('.react-flow__node[data-id="report"]');
    await host.page.locator('.react-flow__node[data-id="check"]').click();
    await host.page.waitForTimeout(300);
    await host.screenshot('canvas-light.png');
    noCspOrScriptErrors(host);
  } finally {
    await host.close();
  }
});
