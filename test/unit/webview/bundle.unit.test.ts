/**
 * The canvas bundle carries the canvas only: nothing of src/core (the file format's zod schema
 * used to come in through one constant) and no zod at all (the host validates what the webview
 * sends; the webview trusts its host). Built the way it ships: `--production`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Metafile {
  inputs: Record<string, unknown>;
}

function buildWebview(): { code: string; inputs: string[] } {
  const outdir = mkdtempSync(join(tmpdir(), 'webview-bundle-'));
  try {
    execFileSync(process.execPath, ['esbuild.mjs', '--production', '--only', 'webview', '--outdir', outdir, '--metafile'], { stdio: 'pipe' });
    const meta = JSON.parse(readFileSync(join(outdir, 'webview.meta.json'), 'utf8')) as Metafile;
    return { code: readFileSync(join(outdir, 'webview.js'), 'utf8'), inputs: Object.keys(meta.inputs) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

test('the production webview bundle holds no module of src/core, no zod and none of their text', () => {
  const { code, inputs } = buildWebview();
  assert.ok(inputs.some((path) => path.startsWith('webview/')), `the metafile lists the inputs: ${inputs.slice(0, 5).join(', ')}`);
  assert.deepEqual(inputs.filter((path) => path.startsWith('src/core/')), [], 'modules of src/core in the bundle');
  assert.deepEqual(inputs.filter((path) => /(^|\/)node_modules\/zod\//.test(path)), [], 'zod modules in the bundle');
  // Text of the file format's schema (src/core/model/workflow.ts) and of zod itself.
  for (const marker of ['Stable identifier, unique among nodes and sticky notes', 'File format version; always 1 for now', 'ZodError', 'Invalid input']) {
    assert.ok(!code.includes(marker), `the bundle contains "${marker}"`);
  }
  // The sticky colours still reach the canvas, from src/shared.
  assert.ok(inputs.includes('src/shared/stickyColors.ts'));
});
