import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionDetail } from '../../../src/core/store';
import { clockTime, eventLine, parseLogLevel, passesLevel, storedExecutionBlock } from '../../../src/extension/views/model/logLines';

const base = { executionId: 'exec_abcdefghij', at: new Date(2025, 0, 31, 14, 5, 9, 123).getTime() };
const node = { ...base, nodeId: 'fetch', nodeName: 'Fetch', nodeType: 'http.request' };

test('levels', () => {
  assert.ok(passesLevel('error', 'warn'));
  assert.ok(!passesLevel('debug', 'info'));
  assert.equal(parseLogLevel('warn'), 'warn');
  assert.equal(parseLogLevel('verbose'), 'info');
  assert.equal(parseLogLevel(undefined), 'info');
  assert.equal(clockTime(base.at), '14:05:09.123');
});

test('header, node lines and footer of a live run', () => {
  const header = eventLine({ ...base, type: 'execution.started', workflowName: 'Price alert', startedAt: '', input: {}, trigger: { type: 'manual' } }, 'error');
  assert.equal(header?.text, '──── Price alert · execution exec_abcdefghij · manual ────');
  const finished = eventLine({ ...node, type: 'node.finished', attempt: 1, output: {}, durationMs: 120 }, 'info');
  assert.deepEqual(finished, { level: 'info', text: '[exec_abc] 14:05:09.123 Fetch: finished in 120 ms' });
  assert.equal(eventLine({ ...node, type: 'node.started', attempt: 1, input: {} }, 'info'), undefined, 'debug lines are filtered at info');
  assert.match(eventLine({ ...node, type: 'node.started', attempt: 2, input: {} }, 'debug')!.text, /started \(attempt 2\)/);
  const retry = eventLine({ ...node, type: 'node.failed', attempt: 1, error: { message: 'HTTP 500' }, durationMs: 5, willRetry: true, retryInMs: 1000, handling: 'fail' }, 'info');
  assert.deepEqual([retry?.level, retry?.text.endsWith('failed: HTTP 500, retrying in 1.0 s')], ['warn', true]);
  const failed = eventLine({ ...node, type: 'node.failed', attempt: 2, error: { message: 'HTTP 500' }, durationMs: 5, willRetry: false, handling: 'continue' }, 'error');
  assert.deepEqual([failed?.level, failed?.text.endsWith('(continue)')], ['error', true]);
  const log = eventLine({ ...base, type: 'log', level: 'warn', message: 'slow', nodeName: 'Loop', iteration: '2' }, 'info');
  assert.match(log!.text, / Loop\[2\]: slow$/);
  assert.equal(log!.level, 'warn');
  const footer = eventLine({ ...base, type: 'execution.finished', status: 'failed', output: null, error: { message: 'boom' }, startedAt: '', completedAt: '', durationMs: 1500, nodesExecuted: 2 }, 'error');
  assert.deepEqual(footer, { level: 'error', text: '[exec_abc] FAILED in 1.5 s, 2 node(s) executed — boom' });
});

test('stored execution block interleaves results and logs by time, honours the level', () => {
  const detail: ExecutionDetail = {
    id: 'exec_abcdefghij', workflowId: 'wf', workflowName: 'W', status: 'success', triggerType: 'cli', startedAt: 1000, durationMs: 50, nodesExecuted: 2,
    nodeResults: [
      { nodeId: 'a', nodeName: 'A', nodeType: 't', attempt: 1, status: 'success', willRetry: false, completedAt: 1030, durationMs: 30 },
      { nodeId: 'b', nodeName: 'B', nodeType: 't', attempt: 0, status: 'skipped', skipReason: 'branch', willRetry: false },
    ],
    logs: [{ seq: 1, level: 'info', message: 'hello', nodeName: 'A', at: 1010 }],
    logsTotal: 5,
  };
  const lines = storedExecutionBlock(detail, 'info').map((l) => l.text);
  assert.equal(lines.length, 5);
  assert.match(lines[0]!, /W · execution exec_abcdefghij · cli \(from history\)/);
  assert.match(lines[1]!, /4 log line\(s\) not loaded/);
  assert.match(lines[2]!, /A: hello$/);
  assert.match(lines[3]!, /A: finished in 30 ms$/);
  assert.match(lines[4]!, /SUCCESS in 50 ms/);
  assert.equal(storedExecutionBlock(detail, 'debug').length, 6);
});
