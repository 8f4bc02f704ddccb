import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionDetail, ExecutionSummary, NodeResultRecord } from '../../../src/core/store';
import { executionDescription, executionLabel, executionTooltip, latestAttempts, nodeResultDescription, nodeResultLabel } from '../../../src/extension/views/model/executionFormat';
import { escapeMarkdown, jsonBlock, MAX_VALUE_CHARS, renderExecutionMarkdown } from '../../../src/extension/views/model/executionDetail';
import { executionIcon, isExecutionActive, relativeTime, workflowIcon } from '../../../src/extension/views/model/status';
import { versionDescription, versionLabel } from '../../../src/extension/views/model/versionFormat';
import { decodeRef, documentTitle, encodeRef } from '../../../src/extension/views/model/documentRefs';

const summary: ExecutionSummary = {
  id: 'exec_0123456789',
  workflowId: 'wf_1',
  workflowName: 'Price alert',
  workflowPath: 'price-alert.workflow.json',
  status: 'success',
  triggerType: 'manual',
  startedAt: 1_000_000,
  completedAt: 1_001_200,
  durationMs: 1200,
  nodesExecuted: 3,
};

function result(patch: Partial<NodeResultRecord>): NodeResultRecord {
  return { nodeId: 'n', nodeName: 'Fetch', nodeType: 'http.request', attempt: 1, status: 'success', willRetry: false, ...patch };
}

test('relative time', () => {
  assert.equal(relativeTime(0, 2000), 'just now');
  assert.equal(relativeTime(0, 30_000), '30 s ago');
  assert.equal(relativeTime(0, 3 * 60_000), '3 min ago');
  assert.equal(relativeTime(0, 5 * 3600_000), '5 h ago');
  assert.equal(relativeTime(0, 3 * 86_400_000), '3 d ago');
  assert.match(relativeTime(0, 90 * 86_400_000), /^1970-01-01$/);
});

test('execution label, description and tooltip', () => {
  assert.equal(executionLabel(summary), 'Price alert');
  assert.equal(executionLabel({ ...summary, workflowName: undefined }), 'price-alert.workflow.json');
  assert.equal(executionDescription(summary, 1_000_000 + 120_000), 'success · 1.2 s · manual · 2 min ago');
  assert.equal(executionDescription({ ...summary, status: 'running', durationMs: undefined }, 1_000_000), 'running · manual · just now');
  assert.match(executionTooltip({ ...summary, errorMessage: 'boom' }), /Error: boom/);
});

test('icons by status', () => {
  assert.equal(executionIcon('failed').id, 'error');
  assert.equal(executionIcon('running').id, 'sync~spin');
  assert.equal(executionIcon('from-the-future').id, 'circle-outline');
  assert.equal(workflowIcon(undefined).id, 'symbol-class');
  assert.equal(workflowIcon('success').color, 'testing.iconPassed');
  assert.ok(isExecutionActive('queued') && !isExecutionActive('success'));
});

test('node result label, description and latest attempts', () => {
  assert.equal(nodeResultLabel(result({ iteration: '3/1', attempt: 2 })), 'Fetch [3/1] (attempt 2)');
  assert.equal(nodeResultDescription(result({ durationMs: 120 })), 'success · 120 ms');
  assert.equal(nodeResultDescription(result({ status: 'skipped', attempt: 0, skipReason: 'branch' })), 'skipped (branch)');
  assert.equal(nodeResultDescription(result({ status: 'failed', error: { message: 'HTTP 500' }, willRetry: true })), 'failed · HTTP 500 — will retry');
  const latest = latestAttempts([
    result({ nodeId: 'a', attempt: 1, status: 'failed' }),
    result({ nodeId: 'b', attempt: 1 }),
    result({ nodeId: 'a', attempt: 2 }),
    result({ nodeId: 'c', iteration: '0' }),
    result({ nodeId: 'c', iteration: '1' }),
  ]);
  assert.deepEqual(latest.map((r) => `${r.nodeId}${r.iteration ?? ''}:${r.attempt}`), ['b:1', 'a:2', 'c0:1', 'c1:1']);
});

test('execution detail markdown has input, output, node results and logs', () => {
  const detail: ExecutionDetail = {
    ...summary,
    status: 'failed',
    input: { symbol: 'ACME' },
    output: undefined,
    error: { message: 'url is required', code: 'CONFIG', nodeId: 'fetch', field: 'url' },
    nodeResults: [result({ input: { a: 1 }, output: { out: { b: 2 } } }), result({ nodeName: 'Alert', status: 'skipped', attempt: 0, skipReason: 'stopped' })],
    logs: [{ seq: 1, level: 'warn', message: 'slow\n```\nstill inside', nodeName: 'Fetch', at: 1_000_100 }],
    logsTotal: 3,
  };
  const md = renderExecutionMarkdown(detail);
  assert.match(md, /^# Price alert — failed/);
  assert.match(md, /\*\*Error:\*\* url is required/);
  assert.match(md, /field `url`/);
  assert.match(md, /"symbol": "ACME"/);
  assert.match(md, /## Node results \(2\)/);
  assert.match(md, /### Alert — skipped/);
  assert.match(md, /skipped: stopped/);
  assert.match(md, /## Logs \(3 — first 1 of 3\)/);
  assert.match(md, /WARN  Fetch: slow\n {4}```\n {4}still inside/);
  // The fence of the skipped node: no Input block for a node that never ran.
  assert.ok(!/### Alert[^#]*Input:/.test(md));
});

test('json blocks are cut and fenced safely', () => {
  const block = jsonBlock('x'.repeat(MAX_VALUE_CHARS + 10));
  assert.match(block, /\[cut: \d+ more characters\]/);
  const tricky = jsonBlock('````');
  assert.ok(tricky.startsWith('`````json'));
  assert.equal(jsonBlock(undefined), '```json\n(none)\n```');
  assert.equal(escapeMarkdown('a*b_c'), 'a\\*b\\_c');
});

test('version labels', () => {
  const version = { id: 'v', workflowId: 'w', number: 3, contentHash: 'h', changeSummary: 'added node "Fetch"', archived: true, createdAt: 0 };
  assert.equal(versionLabel(version), 'Version 3');
  assert.equal(versionDescription(version, 60_000), '1 min ago · added node "Fetch" · archived (content dropped)');
});

test('document refs round-trip and reject foreign queries', () => {
  const ref = { anchor: 'file:///ws', id: 'exec_1' };
  assert.deepEqual(decodeRef(encodeRef(ref)), ref);
  assert.equal(decodeRef('nope'), undefined);
  assert.equal(decodeRef('{"anchor":"x"}'), undefined);
  assert.equal(documentTitle('a/b: c', 'exec_0123456789'), 'a_b_ c exec_012');
});
