import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const runnerModule = join(__dirname, '..', '..', '..', 'src', 'core', 'code', 'codeRunner.ts');

// What the CLI relies on: once the last code node is done, idle workers must not hold the
// process open (no dispose call here, on purpose).
test('a process that used the shared runner exits by itself when its work is done', { timeout: 60_000 }, async () => {
  const script = `
    const { sharedCodeRunner } = require(${JSON.stringify(runnerModule)});
    const request = (code) => ({ code, input: 41, vars: {}, node: {}, execution: { id: 'e', started: 's' }, timeoutMs: 10000, signal: new AbortController().signal, log: () => {} });
    Promise.all([sharedCodeRunner().run(request('return $input + 1')), sharedCodeRunner().run(request('return "two"'))])
      .then((values) => console.log(JSON.stringify(values)));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script], { timeout: 30_000 });
  assert.equal(stdout.trim(), '[42,"two"]');
});
