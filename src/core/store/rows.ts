/** Mapping of SQL rows to the store's records. */
import type { SqlValue } from './sqljs';
import type { ExecutionSummary, StoredExecutionStatus, VersionRecord, WorkflowRecord, WorkflowStatus } from './types';

type Row = Record<string, SqlValue>;

export function text(value: SqlValue | undefined): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

export function num(value: SqlValue | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

function tagsOf(value: SqlValue | undefined): string[] {
  try {
    const parsed = JSON.parse(String(value ?? '[]')) as unknown;
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** Columns of `workflows` as selected by WORKFLOW_COLUMNS. */
export const WORKFLOW_COLUMNS =
  'w.id, w.path, w.name, w.description, w.tags, w.folder, w.favorite, w.status, w.is_template, w.current_version_id, w.execution_count, w.last_executed_at, w.created_at, w.updated_at';

export function toWorkflow(row: Row): WorkflowRecord {
  return {
    id: String(row.id),
    path: String(row.path),
    name: String(row.name),
    description: text(row.description),
    tags: tagsOf(row.tags),
    folder: text(row.folder),
    favorite: Number(row.favorite) === 1,
    status: String(row.status) as WorkflowStatus,
    isTemplate: Number(row.is_template) === 1,
    currentVersionId: text(row.current_version_id),
    executionCount: Number(row.execution_count ?? 0),
    lastExecutedAt: num(row.last_executed_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** A version's number: its rank by (created_at, id) among its workflow's versions. */
export const VERSION_NUMBER_SQL =
  '(SELECT COUNT(*) FROM workflow_versions n WHERE n.workflow_id = v.workflow_id AND (n.created_at < v.created_at OR (n.created_at = v.created_at AND n.id <= v.id)))';

export const VERSION_COLUMNS = `v.id, v.workflow_id, v.parent_id, v.content_hash, v.change_summary, v.git_commit, v.archived, v.created_at, ${VERSION_NUMBER_SQL} AS number`;

export function toVersion(row: Row): VersionRecord {
  return {
    id: String(row.id),
    workflowId: String(row.workflow_id),
    number: Number(row.number),
    parentId: text(row.parent_id),
    contentHash: String(row.content_hash),
    changeSummary: String(row.change_summary),
    gitCommit: text(row.git_commit),
    archived: Number(row.archived) === 1,
    createdAt: Number(row.created_at),
  };
}

/** Columns for ExecutionSummary: `e` executions, `w` workflows, `v` versions (all LEFT JOINed). */
export const EXECUTION_SUMMARY_COLUMNS = `e.id, e.workflow_id, e.version_id, e.workflow_name, e.parent_execution_id, e.status, e.trigger_type,
  e.started_at, e.completed_at, e.duration_ms, e.nodes_executed, e.error_message, w.path AS workflow_path, w.name AS current_name,
  CASE WHEN v.id IS NULL THEN NULL ELSE ${VERSION_NUMBER_SQL} END AS version_number`;

export const EXECUTION_JOINS = 'LEFT JOIN workflows w ON w.id = e.workflow_id LEFT JOIN workflow_versions v ON v.id = e.version_id';

export function toExecutionSummary(row: Row): ExecutionSummary {
  return {
    id: String(row.id),
    workflowId: String(row.workflow_id),
    workflowPath: text(row.workflow_path),
    workflowName: text(row.workflow_name) ?? text(row.current_name),
    versionId: text(row.version_id),
    versionNumber: num(row.version_number),
    parentExecutionId: text(row.parent_execution_id),
    status: String(row.status) as StoredExecutionStatus,
    triggerType: String(row.trigger_type),
    startedAt: Number(row.started_at),
    completedAt: num(row.completed_at),
    durationMs: num(row.duration_ms),
    nodesExecuted: Number(row.nodes_executed ?? 0),
    errorMessage: text(row.error_message),
  };
}
