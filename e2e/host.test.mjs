// The in-host mocha suite (test/extension/*.test.ts, built to out/test) inside the real VS Code
// extension host of code-server, with a fresh workspace copy; the exit code comes back through
// window.codeAutomationExit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runHostTests, startCodeServer } from './lib.mjs';

let server;
before(async () => {
  server = await startCodeServer({ label: 'host', env: { E2E_HOST_SUITE: 'trusted' } });
});
after(async () => {
  await server?.stop();
});

test('in-host mocha suite (trusted workspace) passes inside VS Code 1.100.3', { timeout: 240_000 }, async () => {
  const { code, lines } = await runHostTests(server);
  assert.ok(lines.some((l) => /running inside VS Code 1\.100\.3/.test(l)), 'the suite ran inside the extension host');
  assert.equal(code, 0, `in-host suite exit code ${code}:\n${lines.filter((l) => /failing|Error|passed|failed|\d+\) /.test(l)).join('\n')}`);
});
