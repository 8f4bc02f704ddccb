// Shared by the inspector and run-overlay webview tests: the real catalog and helpers that
// wait for what the webview posts.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The node catalog the real host sends with `init`. */
export function catalogOf() {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/webview/catalogOf.ts')], { cwd: ROOT });
  return JSON.parse(out.toString());
}

/** Waits until the webview posted a request matching `predicate`; returns the last such one. */
export async function requestWhere(host, predicate, what = 'a request') {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = host.requests().filter(predicate);
    if (found.length > 0) return found[found.length - 1];
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; posted: ${JSON.stringify(host.requests().map((r) => r.type))}`);
    await host.page.waitForTimeout(25);
  }
}

/** Selects a node by clicking its card. */
export async function selectNode(host, id) {
  await host.page.locator(`.react-flow__node[data-id="${id}"]`).click();
}
