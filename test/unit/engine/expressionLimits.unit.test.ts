/**
 * The engine's time limits reach into expressions: a runaway `{{ }}` in a node's config is
 * stopped by the node's `timeoutMs` and by the run's `settings.timeoutMs`, and the error names
 * the node, the field and the limit. Run in a child process killed after 20 s (see
 * test/unit/expressions/fixtures/runLimited.ts): without the limits the run never ends.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLimitedChild } from '../expressions/fixtures/child';
import { node, workflow } from './helpers';

const RUNAWAY = '{{ ($f := function($n){ $f($n+1) }; $f(0)) }}';

test('a runaway expression fails its node at the node\'s time limit, naming node, field and limit', { timeout: 30_000 }, async () => {
  const wf = workflow([node('set', 'data.set', { values: { ok: 1, spin: RUNAWAY } }, { name: 'Spin', timeoutMs: 300 })], []);
  const outcome = await runLimitedChild('workflow', wf);
  assert.equal(outcome.status, 'failed');
  const [error] = outcome.nodeErrors as { code: string; field: string; message: string; nodeName: string }[];
  assert.equal(error.code, 'TIMEOUT');
  assert.equal(error.field, 'values.spin');
  assert.equal(error.nodeName, 'Spin');
  assert.match(error.message, /node "Spin" exceeded its time limit of 300 ms \(while evaluating the expression in values\.spin\)/);
  assert.ok(Number(outcome.elapsedMs) < 5_000, `stopped after ${String(outcome.elapsedMs)} ms`);
});

test('a runaway expression ends the run at the run\'s time limit', { timeout: 30_000 }, async () => {
  const wf = workflow([node('set', 'data.set', { values: { spin: RUNAWAY } }, { name: 'Spin', timeoutMs: 60_000 })], [], { settings: { timeoutMs: 300 } });
  const outcome = await runLimitedChild('workflow', wf);
  assert.equal(outcome.status, 'timeout');
  assert.match((outcome.error as { message: string }).message, /execution exceeded its time limit of 300 ms/);
  assert.ok(Number(outcome.elapsedMs) < 5_000, `stopped after ${String(outcome.elapsedMs)} ms`);
});
