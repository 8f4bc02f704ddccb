/**
 * Labels, descriptions and tooltips of the Executions view, free of vscode.
 */
import { formatDuration } from '../../../shared/duration';
import { formatTime, type ExecutionSummary, type NodeResultRecord } from '../../../core/store';
import { isExecutionActive, relativeTime } from './status';

/** Label of an execution: the workflow's name (the view lists runs of many workflows). */
export function executionLabel(execution: ExecutionSummary): string {
  return execution.workflowName ?? execution.workflowPath ?? execution.workflowId;
}

/** "success · 1.2 s · manual · 5 min ago"; a running one shows "running" and its start. */
export function executionDescription(execution: ExecutionSummary, now: number): string {
  const duration = isExecutionActive(execution.status) ? undefined : formatDuration(execution.durationMs);
  return [execution.status, duration, execution.triggerType, relativeTime(execution.startedAt, now)].filter((p) => p !== undefined).join(' · ');
}

/** Multi-line tooltip of an execution: ids, times, version, error. */
export function executionTooltip(execution: ExecutionSummary): string {
  const lines = [
    `${executionLabel(execution)} — ${execution.status}`,
    `Execution ${execution.id}`,
    `Started ${formatTime(execution.startedAt)}${execution.completedAt !== undefined ? `, ended ${formatTime(execution.completedAt)}` : ''}`,
    `Trigger: ${execution.triggerType}; nodes executed: ${execution.nodesExecuted}`,
  ];
  if (execution.workflowPath) lines.push(`File: ${execution.workflowPath}`);
  if (execution.versionNumber !== undefined) lines.push(`Version ${execution.versionNumber}`);
  if (execution.errorMessage) lines.push(`Error: ${execution.errorMessage}`);
  return lines.join('\n');
}

/** "Fetch prices" / "Fetch prices [3]" (loop iteration) / "Fetch prices (attempt 2)". */
export function nodeResultLabel(result: NodeResultRecord): string {
  const iteration = result.iteration !== undefined ? ` [${result.iteration}]` : '';
  const attempt = result.attempt > 1 ? ` (attempt ${result.attempt})` : '';
  return `${result.nodeName}${iteration}${attempt}`;
}

/** "success · 120 ms", "skipped (branch)", "failed · 2 s · url is required". */
export function nodeResultDescription(result: NodeResultRecord): string {
  if (result.status === 'skipped') return result.skipReason ? `skipped (${result.skipReason})` : 'skipped';
  const parts: string[] = [result.status];
  if (result.durationMs !== undefined) parts.push(formatDuration(result.durationMs));
  if (result.error) parts.push(result.willRetry ? `${result.error.message} — will retry` : result.error.message);
  return parts.join(' · ');
}

/**
 * The node results a tree shows: the last attempt of each node and iteration, in run order.
 * Earlier attempts stay visible in the execution's detail document.
 */
export function latestAttempts(results: readonly NodeResultRecord[]): NodeResultRecord[] {
  const byKey = new Map<string, NodeResultRecord>();
  for (const result of results) {
    const key = `${result.nodeId}\u0000${result.iteration ?? ''}`;
    const previous = byKey.get(key);
    if (!previous || result.attempt >= previous.attempt) {
      // Delete first so the map order follows the latest attempt's position.
      byKey.delete(key);
      byKey.set(key, result);
    }
  }
  return [...byKey.values()];
}
