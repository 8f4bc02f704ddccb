// The error state of the built webview against a fake host: run `npm run build` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openWebview, viewOf } from './harness.mjs';

function invalidView() {
  const dir = mkdtempSync(join(tmpdir(), 'wf-'));
  const file = join(dir, 'broken.workflow.json');
  writeFileSync(file, '{\n  "formatVersion": 1,\n  "name": "Broken",\n  "nodes": [\n    { "id": "a", "type": "no.such", "name": "A", "position": { "x": 0, "y": 0 }, "config": {} }\n  ],\n  "edges": [ { "id": "e", "source": "a", "target": "zz" } ]\n}\n');
  return viewOf(relative(new URL('../..', import.meta.url).pathname, file));
}

test('an invalid file shows its problems and Open as Text, and sends no edits', async () => {
  const view = invalidView();
  assert.equal(view.kind, 'invalid');
  const host = await openWebview({ initial: view, theme: 'dark' });
  try {
    await host.page.waitForSelector('#workflow-app #error-state');
    const problems = await host.page.locator('#error-state .problem').allTextContents();
    assert.equal(problems.length, view.problems.length);
    problems.forEach((text, i) => assert.equal(text, `${view.problems[i].line}:${view.problems[i].column} ${view.problems[i].message}`));
    assert.equal(await host.page.locator('.react-flow__node').count(), 0);
    await host.page.keyboard.press('Delete');
    await host.screenshot('error-state.png');
    await host.page.click('#open-as-text');
    await host.page.waitForFunction(() => window.__posted.some((m) => m.type === 'openAsText'));
    assert.deepEqual(host.requests().map((m) => m.type), ['openAsText']);
    assert.deepEqual(host.errors, []);
  } finally {
    await host.close();
  }
});

test('the canvas comes back when the document becomes valid', async () => {
  const valid = viewOf('examples/price-alert.workflow.json');
  const host = await openWebview({ initial: { ...invalidView(), version: 1 } });
  try {
    await host.page.waitForSelector('#error-state');
    await host.post({ type: 'documentChanged', view: { ...valid, version: 2 } });
    await host.page.waitForSelector('.react-flow__node[data-id="start"]');
    assert.equal(await host.page.locator('#error-state').count(), 0);
  } finally {
    await host.close();
  }
});

test('each problem is a button: clicked, or chosen with the keyboard, it opens the text editor on its line and column', async () => {
  const view = invalidView();
  const host = await openWebview({ initial: view, theme: 'dark' });
  try {
    const { page } = host;
    const second = view.problems.length > 1 ? 1 : 0;
    await page.getByRole('button', { name: new RegExp(`^${view.problems[0].line}:${view.problems[0].column} `) }).click();
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'openAsText'));
    assert.deepEqual(host.requests().at(-1).at, { line: view.problems[0].line, column: view.problems[0].column });
    await page.locator('#error-state .problem-link').nth(second).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__posted.filter((m) => m.type === 'openAsText').length === 2);
    assert.deepEqual(host.requests().at(-1).at, { line: view.problems[second].line, column: view.problems[second].column });
    // "Open as Text" itself sends no position.
    await page.click('#open-as-text');
    await page.waitForFunction(() => window.__posted.filter((m) => m.type === 'openAsText').length === 3);
    assert.equal(host.requests().at(-1).at, undefined);
    await host.screenshot('error-state-problems-clickable.png');
    assert.deepEqual(host.errors, []);
  } finally {
    await host.close();
  }
});
