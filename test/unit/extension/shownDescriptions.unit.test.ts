import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShownDescriptions } from '../../../src/extension/views/model/shownDescriptions';
import { relativeTime } from '../../../src/shared/relativeTime';
import { relativeTime as viewsRelativeTime } from '../../../src/extension/views/model/status';

test('a "just now" shown a minute ago is stale when the clock ticks; one still true is not', () => {
  const shown = new ShownDescriptions<{ at: number }>();
  const t0 = 1_000_000;
  const fresh = { at: t0 };
  const old = { at: t0 - 3 * 3600_000 };
  const neverShown = { at: t0 };
  shown.remember(fresh, relativeTime(fresh.at, t0));
  shown.remember(old, relativeTime(old.at, t0));
  assert.equal(relativeTime(fresh.at, t0), 'just now');
  // Ten seconds on: "just now" must become "10 s ago"; "3 h ago" still reads the same.
  const stale = shown.stale([fresh, old, neverShown], (item) => relativeTime(item.at, t0 + 10_000));
  assert.deepEqual(stale, [fresh]);
  shown.remember(fresh, relativeTime(fresh.at, t0 + 10_000));
  assert.deepEqual(shown.stale([fresh, old], (item) => relativeTime(item.at, t0 + 10_000)), []);
});

test('the views use the one shared formatter', () => {
  assert.equal(viewsRelativeTime, relativeTime);
});
