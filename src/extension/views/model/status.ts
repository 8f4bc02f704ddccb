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

/** Relative times come from the one shared formatter. */
export { relativeTime } from '../../../shared/relativeTime';
