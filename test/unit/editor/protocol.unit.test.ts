import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage, type EditIntent } from '../../../src/protocol/messages';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/extension/editor/documentView';
import { DocumentViewSchema } from '../../../src/protocol/view';
import { handleRequest, type Reply, type RequestHandlers, type RequestParams } from '../../../src/protocol/requests';
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

test('handleRequest hands each request to the handler of its type, with its parameters only', async () => {
  const seen: unknown[] = [];
  const handlers: RequestHandlers = {
    edit: async (params) => (seen.push(['edit', params]), { view: { kind: 'invalid', version: 1, problems: [] }, created: ['a'] }),
    openAsText: async (params) => (seen.push(['openAsText', params]), {}),
    run: async (params) => (seen.push(['run', params]), { executionId: 'x1' }),
    stop: async () => ({}),
    nodeResult: async (params) => (seen.push(['nodeResult', params]), {}),
    writeClipboard: async (params) => (seen.push(['writeClipboard', params]), {}),
    readClipboard: async () => ({ text: 'clip' }),
  };
  const intent: EditIntent = { type: 'removeElements', nodeIds: ['a'], edgeIds: [] };
  assert.deepEqual(await handleRequest(handlers, { type: 'edit', requestId: 1, intent }), { view: { kind: 'invalid', version: 1, problems: [] }, created: ['a'] });
  assert.deepEqual(await handleRequest(handlers, { type: 'run', requestId: 2, input: { n: 1 } }), { executionId: 'x1' });
  assert.deepEqual(await handleRequest(handlers, { type: 'readClipboard', requestId: 3 }), { text: 'clip' });
  await handleRequest(handlers, { type: 'nodeResult', requestId: 4, nodeId: 'a' });
  await handleRequest(handlers, { type: 'openAsText', requestId: 5 });
  assert.deepEqual(seen, [['edit', { intent }], ['run', { input: { n: 1 } }], ['nodeResult', { nodeId: 'a' }], ['openAsText', {}]]);
});

test('the request type decides the reply type (checked by tsc)', () => {
  // Each line below is a type error when the pairing is wrong; `npm run typecheck` runs them.
  const readReply: Reply<'readClipboard'> = { text: 'x' };
  const runReply: Reply<'run'> = { executionId: 'x1' };
  // @ts-expect-error a clipboard reply carries text, not an execution id
  const wrongReply: Reply<'readClipboard'> = { executionId: 'x1' };
  // @ts-expect-error an edit's parameters are an intent, not text
  const wrongParams: RequestParams<'edit'> = { text: '{}' };
  const handlers: Partial<RequestHandlers> = {
    // @ts-expect-error a run handler must resolve with the execution id
    run: async () => ({ text: 'no' }),
  };
  assert.deepEqual([readReply, runReply, wrongReply, wrongParams, typeof handlers.run], [{ text: 'x' }, { executionId: 'x1' }, { executionId: 'x1' }, { text: '{}' }, 'function']);
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

test('the views the host posts match the contract the webview trusts without checking', () => {
  const examples = ['fetch-and-retry', 'order-pipeline', 'price-alert'].map((name) => join('examples', `${name}.workflow.json`));
  const texts = examples.map((file) => [file, readFileSync(file, 'utf8')] as const);
  const priceAlert = JSON.parse(texts[2]![1]) as { nodes: { config: Record<string, unknown> }[] };
  priceAlert.nodes[1]!.config = { url: '' };
  const cases = [
    ...texts,
    ['draft.workflow.json', JSON.stringify(priceAlert)] as const,
    ['broken.workflow.json', '{ "formatVersion": 1, "nodes": ['] as const,
  ];
  const kinds = cases.map(([file, text]) => {
    const { view } = analyzeDocument(text, file, 7);
    const parsed = DocumentViewSchema.safeParse(view);
    assert.ok(parsed.success, `${file}: ${parsed.error?.issues[0]?.message}`);
    // Crossing postMessage is a structured clone: no undefined-valued keys, nothing lost.
    assert.deepEqual(JSON.parse(JSON.stringify(view)), view, file);
    return view.kind;
  });
  assert.deepEqual(kinds, ['workflow', 'workflow', 'workflow', 'workflow', 'invalid']);
});
