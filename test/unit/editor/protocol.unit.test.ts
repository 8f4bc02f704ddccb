import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostMessage, parseWebviewMessage } from '../../../src/protocol/messages';
import { PendingRequests, RequestFailedError } from '../../../src/protocol/pending';

test('valid webview messages pass', () => {
  for (const message of [
    { type: 'ready' },
    { type: 'edit', requestId: 1, intent: { type: 'moveNodes', positions: [{ id: 'a', x: 1, y: 2 }] } },
    { type: 'edit', requestId: 2, intent: { type: 'removeElements', nodeIds: ['a'], edgeIds: [] } },
    { type: 'edit', requestId: 3, intent: { type: 'connect', source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'in' } },
    { type: 'edit', requestId: 4, intent: { type: 'updateNode', id: 'a', changes: { disabled: true } } },
    { type: 'openAsText', requestId: 5 },
    { type: 'edit', requestId: 6, intent: { type: 'addNode', nodeType: 'util.log', position: { x: 1, y: 2 }, connectFrom: { nodeId: 'a', handle: 'out', side: 'source' } } },
    { type: 'edit', requestId: 7, intent: { type: 'insertFragment', fragment: { nodes: [{ id: 'a' }], edges: [], stickyNotes: [] }, offset: { x: 0, y: 0 } } },
    { type: 'edit', requestId: 8, intent: { type: 'setDisabled', nodeIds: ['a'], disabled: false } },
    { type: 'edit', requestId: 9, intent: { type: 'addSticky', position: { x: 0, y: 0 }, text: '' } },
    { type: 'edit', requestId: 10, intent: { type: 'updateSticky', id: 'n', width: 10, color: null, position: { x: 1, y: 1 } } },
    { type: 'edit', requestId: 11, intent: { type: 'updateNode', id: 'a', changes: { notes: null, timeoutMs: 5 } } },
    { type: 'writeClipboard', requestId: 12, text: '{}' },
    { type: 'readClipboard', requestId: 13 },
  ]) {
    const parsed = parseWebviewMessage(message);
    assert.ok(parsed.ok, JSON.stringify(message));
    assert.deepEqual(parsed.message, message);
  }
});

test('malformed webview messages are refused, keeping the request id for the error reply', () => {
  const bad = parseWebviewMessage({ type: 'edit', requestId: 7, intent: { type: 'moveNodes', positions: [{ id: 'a', x: 'far', y: 0 }] } });
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok && bad.requestId === 7 && /intent\.positions\.0\.x/.test(bad.error), JSON.stringify(bad));
  const unknown = parseWebviewMessage({ type: 'deleteEverything' });
  assert.ok(!unknown.ok && unknown.requestId === undefined);
  assert.equal(parseWebviewMessage(null).ok, false);
  assert.equal(parseWebviewMessage({ type: 'edit', requestId: -1, intent: { type: 'removeElements', nodeIds: [], edgeIds: [] } }).ok, false);
  assert.equal(parseWebviewMessage({ type: 'edit', requestId: 1, intent: { type: 'moveNodes', positions: [] } }).ok, false);
});

test('host messages: init, documentChanged and both kinds of response', () => {
  const view = { kind: 'invalid', version: 3, problems: [{ severity: 'error', line: 1, column: 2, message: 'bad' }] };
  assert.ok(parseHostMessage({ type: 'init', view, catalog: [] }).ok);
  assert.equal(parseHostMessage({ type: 'init', view }).ok, false, 'init carries the catalog');
  assert.ok(parseHostMessage({ type: 'documentChanged', view }).ok);
  assert.ok(parseHostMessage({ type: 'response', requestId: 1, ok: true }).ok);
  assert.ok(parseHostMessage({ type: 'response', requestId: 1, ok: true, created: ['a'], text: 'clip' }).ok);
  assert.ok(parseHostMessage({ type: 'response', requestId: 1, ok: false, error: 'no' }).ok);
  assert.equal(parseHostMessage({ type: 'response', requestId: 1, ok: false }).ok, false);
  assert.equal(parseHostMessage({ type: 'init', view: { kind: 'workflow', version: 1 }, catalog: [] }).ok, false);
});

test('pending requests settle once, time out, and are rejected when the peer goes away', async () => {
  const pending = new PendingRequests<string>(20);
  const a = pending.create();
  assert.ok(pending.settle(a.requestId, 'done'));
  assert.equal(await a.reply, 'done');
  assert.equal(pending.settle(a.requestId, 'again'), false);

  const late = pending.create();
  await assert.rejects(late.reply, RequestFailedError);
  assert.equal(pending.size, 0);

  const open = pending.create();
  pending.rejectAll('panel closed');
  await assert.rejects(open.reply, /panel closed/);
  await assert.rejects(pending.create().reply, /panel closed/);
});
