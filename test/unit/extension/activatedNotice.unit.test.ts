import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activatedNotice } from '../../../src/extension/commands/logic/activation';
import type { TriggerState } from '../../../src/core/triggers/contract';

const NOW = Date.UTC(2025, 0, 31, 12, 0, 0);
const base = { workflowId: 'w', file: 'nightly.workflow.json', runCount: 0, triggerCount: 0 };

test('Activate says what it armed: the webhook URL, the next scheduled run, a trigger it could not arm', () => {
  const states: TriggerState[] = [
    { ...base, nodeId: 'hook', nodeName: 'Report hook', kind: 'webhook', url: 'http://127.0.0.1:5680/webhook/reports' },
    { ...base, nodeId: 'nightly', nodeName: 'Every night', kind: 'schedule', nextRunAt: NOW + 3 * 3600_000 },
    { ...base, nodeId: 'poll', nodeName: 'Poll prices', kind: 'poll', error: 'secret "API_KEY" is not set' },
  ];
  assert.equal(
    activatedNotice('Nightly report', states, NOW),
    'Nightly report is active: Report hook listens at http://127.0.0.1:5680/webhook/reports; Every night runs next in 3 h; Poll prices is not armed: secret "API_KEY" is not set.',
  );
  assert.equal(activatedNotice('Empty', [], NOW), 'Empty is active.');
});
