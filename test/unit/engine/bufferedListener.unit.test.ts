import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferedListener } from '../../../src/core/engine/bufferedListener';
import type { ExecutionEvent } from '../../../src/core/engine/events';

const log = (message: string): ExecutionEvent => ({ type: 'log', executionId: 'x', at: 0, level: 'info', message });

test('events before attach are delivered in order on attach, later ones directly', () => {
  const buffered = bufferedListener();
  buffered.listener(log('a'));
  buffered.listener(log('b'));
  const seen: string[] = [];
  buffered.attach((e) => seen.push(e.type === 'log' ? e.message : e.type));
  assert.deepEqual(seen, ['a', 'b']);
  buffered.listener(log('c'));
  assert.deepEqual(seen, ['a', 'b', 'c']);
});

test('discard drops the buffer and what follows until a target attaches', () => {
  const buffered = bufferedListener();
  buffered.listener(log('a'));
  buffered.discard();
  buffered.listener(log('b'));
  const seen: string[] = [];
  buffered.attach((e) => seen.push(e.type === 'log' ? e.message : e.type));
  assert.deepEqual(seen, []);
});
