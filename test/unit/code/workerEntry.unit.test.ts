import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateCodeWorker } from '../../../src/core/code/workerEntry';

function directoryWith(files: string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'code-worker-'));
  for (const file of files) writeFileSync(join(directory, file), '');
  return directory;
}

test('a bundled codeWorker.js next to the bundle wins', () => {
  const directory = directoryWith(['codeWorker.js', 'codeWorker.ts']);
  try {
    assert.deepEqual(locateCodeWorker(directory), { kind: 'file', path: join(directory, 'codeWorker.js') });
  } finally {
    rmSync(directory, { recursive: true });
  }
});

test('from sources, the TypeScript worker is started through tsx\'s CommonJS hook', () => {
  const directory = directoryWith(['codeWorker.ts']);
  try {
    const entry = locateCodeWorker(directory);
    assert.equal(entry.kind, 'eval');
    assert.equal(entry.path, join(directory, 'codeWorker.ts'));
    if (entry.kind === 'eval') {
      assert.match(entry.source, /tsx.*cjs.*api.*\.register\(\)/);
      assert.ok(entry.source.includes(JSON.stringify(join(directory, 'codeWorker.ts'))));
    }
  } finally {
    rmSync(directory, { recursive: true });
  }
});

test('without either file the error says where it looked', () => {
  const directory = directoryWith([]);
  try {
    assert.throws(() => locateCodeWorker(directory), (error: Error) => error.message.includes(join(directory, 'codeWorker.js')) && error.message.includes('codeWorker.ts'));
  } finally {
    rmSync(directory, { recursive: true });
  }
});

test('by default it looks in its own directory, where the sources are', () => {
  assert.equal(locateCodeWorker().path, join(__dirname, '..', '..', '..', 'src', 'core', 'code', 'codeWorker.ts'));
});
