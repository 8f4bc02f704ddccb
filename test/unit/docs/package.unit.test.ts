import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

test('the .vsix ships every file the extension loads at run time, and nothing of the sources', () => {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const files = new Set(result.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
  const needed = [
    'package.json', 'README.md', 'LICENSE', 'media/workflow.svg', 'schema/workflow.schema.json', 'schema/workflow-test.schema.json',
    'schema/migrations/001_initial.sql', 'schema/migrations/002_search.sql',
    // the extension host, the canvas (script and its stylesheet), the three worker threads, sql.js
    'dist/extension.js', 'dist/webview.js', 'dist/webview.css', 'dist/codicon.ttf', 'dist/runnerWorker.js', 'dist/codeWorker.js', 'dist/storeWorker.js', 'dist/sql-wasm.wasm',
    // "New from Example" copies these
    'examples/price-alert.workflow.json', 'examples/price-alert.input.json', 'examples/lib/add-tax.workflow.json',
  ];
  for (const file of needed) assert.ok(files.has(file), `${file} is in the package`);
  for (const file of files) {
    assert.doesNotMatch(file, /^(src|test|e2e|webview|bench|scripts|node_modules)\//, `${file} should not be shipped`);
    assert.doesNotMatch(file, /\.map$|^dist\/cli\.js$|\.vsix$/, `${file} should not be shipped`);
  }
});
