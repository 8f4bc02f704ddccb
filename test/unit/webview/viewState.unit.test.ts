import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadViewState, parseViewState, saveViewState } from '../../../webview/viewState';
import type { VsCodeApi } from '../../../webview/vscodeApi';

const full = {
  viewport: { x: -10.5, y: 20, zoom: 1.25 },
  selectedNodeIds: ['a', 'b'],
  snapToGrid: true,
  paletteOpen: false,
  inspectorWidth: 320,
  inspectorTab: 'logs',
};

test('a well-formed view state is kept; unknown keys are dropped', () => {
  assert.deepEqual(parseViewState(full), full);
  assert.deepEqual(parseViewState({ ...full, workflow: { nodes: [] }, viewport: { ...full.viewport, extra: 1 } }), full);
  assert.deepEqual(parseViewState({ snapToGrid: false }), { snapToGrid: false });
});

test('anything malformed gives an empty state, never half of one', () => {
  for (const raw of [
    undefined,
    null,
    'state',
    [full],
    { ...full, viewport: { x: 0, y: 0, zoom: 0 } },
    { ...full, viewport: { x: Number.NaN, y: 0, zoom: 1 } },
    { ...full, viewport: { x: 0, y: Number.POSITIVE_INFINITY, zoom: 1 } },
    { ...full, viewport: [0, 0, 1] },
    { ...full, selectedNodeIds: ['a', 2] },
    { ...full, snapToGrid: 'yes' },
    { ...full, paletteOpen: 1 },
    { ...full, inspectorWidth: -5 },
    { ...full, inspectorTab: 'settings' },
  ]) {
    assert.deepEqual(parseViewState(raw), {}, JSON.stringify(raw));
  }
});

test('saving merges the patch into what is stored', () => {
  let stored: unknown = { paletteOpen: true, inspectorTab: 'bogus' };
  const api: VsCodeApi = { postMessage: () => undefined, getState: () => stored, setState: (s) => (stored = s) };
  saveViewState(api, { snapToGrid: true });
  assert.deepEqual(stored, { snapToGrid: true }, 'a malformed stored state is replaced, not merged');
  saveViewState(api, { inspectorWidth: 400 });
  assert.deepEqual(loadViewState(api), { snapToGrid: true, inspectorWidth: 400 });
});
