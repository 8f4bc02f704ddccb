/**
 * How execution and node statuses look in the views: a codicon id and a theme colour id, and a
 * short word. Pure data so that the Workflows, Executions and run-log code agree.
 */
import type { NodeResultStatus, StoredExecutionStatus } from '../../../core/store';

/** A codicon and an optional theme colour (`charts.green`…), turned into a ThemeIcon by the view. */
export interface IconSpec {
  id: string;
  color?: string;
}

const EXECUTION_ICONS: Readonly<Record<StoredExecutionStatus, IconSpec>> = {
  queued: { id: 'clock' },
  running: { id: 'sync~spin' },
  success: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  partial: { id: 'warning', color: 'list.warningForeground' },
  cancelled: { id: 'circle-slash' },
  timeout: { id: 'watch', color: 'testing.iconFailed' },
  interrupted: { id: 'debug-disconnect', color: 'list.warningForeground' },
};

const NODE_ICONS: Readonly<Record<NodeResultStatus, IconSpec>> = {
  running: { id: 'sync~spin' },
  success: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  skipped: { id: 'debug-step-over' },
  cached: { id: 'database' },
  interrupted: { id: 'debug-disconnect', color: 'list.warningForeground' },
};

/** Icon of an execution status; an unknown status (a newer store) gets a neutral circle. */
export function executionIcon(status: string): IconSpec {
  return (EXECUTION_ICONS as Readonly<Record<string, IconSpec>>)[status] ?? { id: 'circle-outline' };
}

/** Icon of a node attempt's status. */
export function nodeResultIcon(status: string): IconSpec {
  return (NODE_ICONS as Readonly<Record<string, IconSpec>>)[status] ?? { id: 'circle-outline' };
}

/** Icon of a workflow by its last result: never run is a plain file icon. */
export function workflowIcon(lastStatus: string | undefined): IconSpec {
  return lastStatus === undefined ? { id: 'symbol-class' } : executionIcon(lastStatus);
}

/** True while an execution can still change (and can be stopped). */
export function isExecutionActive(status: string): boolean {
  return status === 'running' || status === 'queued';
}

/** "5 s ago", "3 min ago", "2 h ago", "4 d ago", else the date; "just now" under 5 s. */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 30) return `${days} d ago`;
  return new Date(at).toISOString().slice(0, 10);
}
