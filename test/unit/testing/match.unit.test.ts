import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatMismatch, matchSubset } from '../../../src/core/testing/match';

describe('matchSubset', () => {
  it('lets objects have more keys, but not fewer or different values', () => {
    assert.deepEqual(matchSubset({ a: 1 }, { a: 1, b: 2 }), []);
    assert.deepEqual(matchSubset({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 2, d: 3 }] } }), []);
    assert.deepEqual(matchSubset({ a: 1, z: 0 }, { a: 2 }), [
      { path: 'a', expected: 1, actual: 2 },
      { path: 'z', expected: 0, missing: true },
    ]);
  });

  it('matches arrays item by item with the same length, and names nested places', () => {
    assert.deepEqual(matchSubset([1, 2], [1, 2, 3]), [{ path: '', expected: [1, 2], actual: [1, 2, 3] }]);
    assert.deepEqual(matchSubset({ items: [{ p: 1 }, { p: 2 }] }, { items: [{ p: 1 }, { p: 3 }] }), [{ path: 'items[1].p', expected: 2, actual: 3 }]);
    assert.deepEqual(matchSubset({ 'a.b': 1 }, { 'a.b': 2 }), [{ path: '["a.b"]', expected: 1, actual: 2 }]);
    assert.deepEqual(matchSubset(null, null), []);
    assert.deepEqual(matchSubset({ a: null }, { a: 0 }), [{ path: 'a', expected: null, actual: 0 }]);
  });

  it('prints expected and actual under the path', () => {
    assert.deepEqual(formatMismatch({ path: 'items[1].p', expected: 2, actual: 3 }, 'output'), ['output.items[1].p:', '  - expected 2', '  + actual   3']);
    assert.deepEqual(formatMismatch({ path: '', expected: 1, missing: true }, 'output'), ['output:', '  - expected 1', '  + actual   (missing)']);
  });
});
