/**
 * Words and numbers of the run overlay: durations, statuses, item counts. Pure, so the
 * badge, the toolbar and the inspector say the same thing the same way.
 */
import type { NodeRunState, NodeRunStatus, RunStatus } from '../../src/protocol/run';
import { formatDuration } from '../../src/shared/duration';

/** `1 item`, `3 items`. */
export function formatItems(count: number): string {
  return `${count} item${count === 1 ? '' : 's'}`;
}

const NODE_WORDS: Record<NodeRunStatus, string> = {
  queued: 'queued',
  running: 'running',
  success: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

/** Codicons of the node states, as VS Code's testing view draws them (color and text say it too). */
export const NODE_ICONS: Record<NodeRunStatus, string> = {
  queued: 'clock',
  running: 'loading',
  success: 'pass-filled',
  failed: 'error',
  skipped: 'debug-step-over',
  cancelled: 'circle-slash',
};

/** What a badge says to a screen reader (and in its tooltip): "succeeded in 12 ms, 3 items". */
export function describeNodeRun(state: NodeRunState): string {
  let text = NODE_WORDS[state.status];
  if (state.durationMs !== undefined && (state.status === 'success' || state.status === 'failed')) text += ` in ${formatDuration(state.durationMs)}`;
  if (state.itemCount !== undefined) text += `, ${formatItems(state.itemCount)}`;
  if (state.error) text += `: ${state.error}`;
  return text;
}

const RUN_WORDS: Record<RunStatus, string> = {
  queued: 'Waiting for a free run slot',
  running: 'Running',
  success: 'Succeeded',
  failed: 'Failed',
  partial: 'Finished with errors',
  cancelled: 'Stopped',
  timeout: 'Timed out',
  interrupted: 'Interrupted',
};

/** The toolbar's word for an execution status. */
export function describeRunStatus(status: RunStatus): string {
  return RUN_WORDS[status];
}
