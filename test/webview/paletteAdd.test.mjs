// A node added from the palette: clear of every node already drawn (never on top of one, its
// handles covered), and after the selected node, wired to it. Against the editing host that
// applies intents with the host's own code. Run `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openEditor } from './editingHost.mjs';

const PRICE_ALERT = 'examples/price-alert.workflow.json';

/** Screen boxes of every node card, by id. */
async function nodeBoxes(page) {
  return page.$$eval('.react-flow__node', (els) => Object.fromEntries(els.map((e) => {
    const r = e.getBoundingClientRect();
    return [e.dataset.id, { x: r.x, y: r.y, width: r.width, height: r.height }];
  })));
}

function overlap(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function addedNode(host, count) {
  await host.page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length === n, count, { timeout: 5000 });
  return host.edits().at(-1);
}

test('palette click with nothing selected: the new node covers no node, even when mid-view is on one', async () => {
  const host = await openEditor({ file: PRICE_ALERT });
  try {
    const { page } = host;
    await page.waitForSelector('.palette-item[data-node-type="util.log"]');
    const before = await nodeBoxes(page);
    const count = Object.keys(before).length;
    // Three in a row: none lands on another or on what was there.
    for (let i = 1; i <= 3; i++) {
      await page.click('#canvas-flow .react-flow__pane', { position: { x: 5, y: 5 } });
      await page.click('.palette-item[data-node-type="util.log"]');
      const intent = await addedNode(host, count + i);
      assert.equal(intent.connectFrom, undefined, 'nothing selected: not wired');
    }
    const after = await nodeBoxes(page);
    const ids = Object.keys(after);
    for (const a of ids) for (const b of ids) if (a < b) assert.ok(!overlap(after[a], after[b]), `${a} and ${b} overlap: ${JSON.stringify([after[a], after[b]])}`);
  } finally {
    await host.close();
  }
});

test('palette click with one node selected: the new node goes right of it, wired to its output, clear of its neighbours', async () => {
  const host = await openEditor({ file: PRICE_ALERT });
  try {
    const { page } = host;
    await page.locator('.react-flow__node[data-id="stats"]').click();
    const count = await page.locator('.react-flow__node').count();
    await page.click('.palette-item[data-node-type="util.log"]');
    const intent = await addedNode(host, count + 1);
    assert.deepEqual(intent.connectFrom, { nodeId: 'stats', handle: 'out', side: 'source' });
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length >= 1);
    const doc = host.workflow();
    const added = doc.nodes.at(-1);
    assert.ok(doc.edges.some((e) => e.source === 'stats' && e.target === added.id), 'an edge stats → new node');
    const stats = doc.nodes.find((n) => n.id === 'stats');
    assert.ok(added.position.x > stats.position.x, 'right of the selected node');
    const boxes = await nodeBoxes(page);
    for (const id of Object.keys(boxes)) if (id !== added.id) assert.ok(!overlap(boxes[added.id], boxes[id]), `the new node overlaps ${id}`);
    await host.screenshot('palette-add-after-selected.png');
  } finally {
    await host.close();
  }
});
