import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestChannel } from '../../../webview/requestChannel';
import { RequestFailedError } from '../../../src/protocol/pending';

/** A channel whose posts are recorded; `answer` plays the host. */
function channel(timeoutMs?: number) {
  const posted: { type: string; requestId: number; [key: string]: unknown }[] = [];
  const requests = new RequestChannel((message) => posted.push(message as (typeof posted)[number]), timeoutMs);
  const answer = (index: number, fields: { ok: true; reply: unknown } | { ok: false; error: string }) =>
    requests.receive({ type: 'response', requestId: posted[index]!.requestId, ...fields } as Parameters<RequestChannel['receive']>[0]);
  return { requests, posted, answer };
}

test('requests carry their type, a fresh id and their parameters; each resolves with its own reply', async () => {
  const { requests, posted, answer } = channel();
  const clip = requests.request('readClipboard');
  const run = requests.request('run', { input: { n: 1 } });
  const result = requests.request('nodeResult', { nodeId: 'a' });
  assert.deepEqual(posted, [
    { type: 'readClipboard', requestId: 1 },
    { type: 'run', requestId: 2, input: { n: 1 } },
    { type: 'nodeResult', requestId: 3, nodeId: 'a' },
  ]);
  // Answered out of order: the id pairs each reply with its request.
  answer(2, { ok: true, reply: {} });
  answer(0, { ok: true, reply: { text: 'copied' } });
  answer(1, { ok: true, reply: { executionId: 'x1' } });
  assert.deepEqual(await clip, { text: 'copied' });
  assert.deepEqual(await run, { executionId: 'x1' });
  assert.deepEqual(await result, {});
});

test('an error reply rejects with the host message; other messages are not responses', async () => {
  const { requests, answer } = channel();
  const edit = requests.request('edit', { intent: { type: 'removeElements', nodeIds: ['a'], edgeIds: [] } });
  assert.equal(answer(0, { ok: false, error: 'This change would make the workflow invalid: cycle' }), true);
  await assert.rejects(edit, /would make the workflow invalid: cycle/);
  assert.equal(requests.receive({ type: 'documentChanged', view: { kind: 'invalid', version: 2, problems: [] } }), false);
});

test('unanswered requests time out; closing rejects those waiting and refuses new ones', async () => {
  const quick = channel(20);
  await assert.rejects(quick.requests.request('stop'), RequestFailedError);
  const { requests } = channel();
  const waiting = requests.request('writeClipboard', { text: 'x' });
  requests.close('the editor was closed');
  await assert.rejects(waiting, /the editor was closed/);
  await assert.rejects(requests.request('readClipboard'), /the editor was closed/);
});

test('parameters are required exactly when a request type has some, and the reply type follows (checked by tsc)', async () => {
  const { requests, posted } = channel();
  // @ts-expect-error an edit needs its intent
  const noIntent = requests.request('edit');
  // @ts-expect-error a clipboard write needs its text
  const noText = requests.request('writeClipboard', {});
  // @ts-expect-error readClipboard resolves with text, not with an execution id
  const wrongReply: Promise<{ executionId: string }> = requests.request('readClipboard');
  const fine: Promise<{ text: string }> = requests.request('readClipboard');
  assert.deepEqual(posted.map((m) => m.type), ['edit', 'writeClipboard', 'readClipboard', 'readClipboard']);
  requests.close('done');
  for (const pending of [noIntent, noText, wrongReply, fine]) await assert.rejects(pending, /done/);
});
