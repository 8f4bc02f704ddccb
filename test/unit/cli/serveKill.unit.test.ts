/**
 * Acknowledged means recorded (issue 11): `workflow serve` under concurrent webhook load in both
 * response modes is SIGKILLed, started again, and every 2xx answer it gave is in the history
 * with its final status — a 202's run `success` or `interrupted` (never missing), a `lastNode`
 * 200's run `success` with the very output that was answered. Three rounds on one workspace,
 * each killed after a different number of answers. `npm run bench:crash` repeats it many times.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleCli } from './serveHelpers';
import { killRound, killWorkspace } from './serveKillRound';

let bin: string;

before(async () => {
  bin = await bundleCli();
});

test('serve: every acknowledged webhook survives SIGKILL and restart (immediate and lastNode)', { timeout: 120_000 }, async () => {
  const dir = await killWorkspace(bin);
  let acknowledged = 0;
  for (const killAfter of [5, 20, 40]) {
    const round = await killRound(bin, dir, { clients: 8, killAfter, timeoutMs: 20_000 });
    assert.ok(round.acknowledged >= killAfter, `only ${round.acknowledged} answers before the kill`);
    assert.deepEqual(round.lost, [], `lost after a kill at ${killAfter} answers (statuses ${JSON.stringify(round.statuses)})`);
    acknowledged += round.acknowledged;
  }
  assert.ok(acknowledged >= 65);
});
