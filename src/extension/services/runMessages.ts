/**
 * What the user reads about a run: the progress line and the closing notification. Pure
 * functions of engine events, so they are tested without VS Code. Messages carry the engine's
 * error text, which the engine has already redacted of secret values.
 */
import type { ExecutionEvent } from '../../core/engine/events';
import type { ExecutionResult } from '../../core/engine/engine';
import { formatDuration } from '../../shared/duration';

/** Severity of the closing notification (information, warning or error message). */
export type MessageSeverity = 'info' | 'warning' | 'error';

/** The progress line for `event` of run `executionId`, or undefined when it does not change it. */
export function progressLine(event: ExecutionEvent, executionId: string): string | undefined {
  if (event.executionId !== executionId) return undefined; // a sub-workflow's own events
  switch (event.type) {
    case 'node.started':
      return `${event.nodeName}${event.iteration !== undefined ? ` [${event.iteration}]` : ''}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`;
    case 'node.failed':
      return event.willRetry ? `${event.nodeName} failed; retrying in ${formatDuration(event.retryInMs ?? 0)}` : undefined;
    default:
      return undefined;
  }
}

/** The notification shown when a run ends. */
export function finalMessage(workflowName: string, result: ExecutionResult): { severity: MessageSeverity; text: string } {
  const took = formatDuration(result.durationMs);
  const where = result.error?.nodeName ?? result.error?.nodeId;
  const reason = `${where ? ` at node "${where}"` : ''}: ${result.error?.message ?? 'no error message'}`;
  switch (result.status) {
    case 'success':
      return { severity: 'info', text: `${workflowName} succeeded in ${took}.` };
    case 'partial':
      return { severity: 'warning', text: `${workflowName} finished in ${took}, but some nodes failed and were handled.` };
    case 'cancelled':
      return { severity: 'info', text: `${workflowName} was cancelled after ${took}.` };
    case 'timeout':
      return { severity: 'error', text: `${workflowName} timed out after ${took}${reason}` };
    case 'failed':
      return { severity: 'error', text: `${workflowName} failed${reason}` };
  }
}
