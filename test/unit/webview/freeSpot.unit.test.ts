import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freeSpot, PLACEMENT_GAP } from '../../../webview/canvas/freeSpot';

const size = { width: 180, height: 40 };

test('an empty spot is taken as wished (rounded)', () => {
  assert.deepEqual(freeSpot({ x: 10.4, y: 20.6 }, size, [{ x: 400, y: 0, width: 180, height: 40 }]), { x: 10, y: 21 });
});

test('a spot on a node moves below it, clear of its box by the gap', () => {
  const node = { x: 0, y: 0, width: 200, height: 60 };
  // 30 px off the node's corner: the old point-distance check let this overlap.
  assert.deepEqual(freeSpot({ x: 30, y: 30 }, size, [node]), { x: 30, y: 60 + PLACEMENT_GAP });
});

test('a column of nodes is passed whole; the result overlaps none of them', () => {
  const column = Array.from({ length: 5 }, (_, i) => ({ x: 0, y: i * 70, width: 180, height: 50 }));
  const spot = freeSpot({ x: 20, y: 10 }, size, column);
  assert.equal(spot.y, 4 * 70 + 50 + PLACEMENT_GAP);
  for (const box of column) assert.ok(spot.y >= box.y + box.height || spot.y + size.height <= box.y);
});
