/** Statistics: executions per workflow (seed 000) and node type activity (seed 002). */
import { num, toWorkflow, WORKFLOW_COLUMNS } from '../rows';
import type { SqlDatabase } from '../sqlDatabase';
import type { SqlValue } from '../sqljs';
import type { ExecutionStats, NodeTypeStatsRecord, StoredExecutionStatus, WorkflowExecutionStats } from '../types';

const AGGREGATE = `COUNT(*) AS total,
  SUM(status = 'success') AS succeeded,
  SUM(status IN ('failed', 'timeout')) AS failed,
  AVG(CASE WHEN completed_at IS NOT NULL THEN duration_ms END) AS average_duration,
  MAX(started_at) AS last_run_at`;

function toStats(aggregate: Record<string, SqlValue> | undefined, byStatus: { status: string; count: number }[], lastStatus: SqlValue | undefined): ExecutionStats {
  const average = num(aggregate?.average_duration);
  return {
    total: Number(aggregate?.total ?? 0),
    succeeded: Number(aggregate?.succeeded ?? 0),
    failed: Number(aggregate?.failed ?? 0),
    byStatus: Object.fromEntries(byStatus.map((row) => [row.status, Number(row.count)])) as Partial<Record<StoredExecutionStatus, number>>,
    averageDurationMs: average === undefined ? undefined : Math.round(average),
    lastRunAt: num(aggregate?.last_run_at),
    lastStatus: lastStatus === undefined || lastStatus === null ? undefined : (String(lastStatus) as StoredExecutionStatus),
  };
}

/** Totals over the executions of one workflow, or of all workflows when `workflowId` is omitted. */
export function executionStats(db: SqlDatabase, workflowId?: string): ExecutionStats {
  const where = workflowId === undefined ? '' : 'WHERE workflow_id = ?';
  const params = workflowId === undefined ? [] : [workflowId];
  const aggregate = db.get(`SELECT ${AGGREGATE} FROM executions ${where}`, params);
  const byStatus = db.all<{ status: string; count: number }>(`SELECT status, COUNT(*) AS count FROM executions ${where} GROUP BY status`, params);
  const lastStatus = db.value(`SELECT status FROM executions ${where} ORDER BY started_at DESC, id DESC LIMIT 1`, params);
  return toStats(aggregate, byStatus, lastStatus);
}

/** Stats of every workflow that has executions, most recently run first. */
export function executionStatsByWorkflow(db: SqlDatabase): WorkflowExecutionStats[] {
  const rows = db.all(
    `SELECT ${WORKFLOW_COLUMNS}, s.total, s.succeeded, s.failed, s.average_duration, s.last_run_at,
       (SELECT status FROM executions x WHERE x.workflow_id = w.id ORDER BY started_at DESC, id DESC LIMIT 1) AS last_status
     FROM workflows w JOIN (SELECT workflow_id, ${AGGREGATE} FROM executions GROUP BY workflow_id) s ON s.workflow_id = w.id
     ORDER BY s.last_run_at DESC`,
  );
  const statusRows = db.all<{ workflow_id: string; status: string; count: number }>('SELECT workflow_id, status, COUNT(*) AS count FROM executions GROUP BY workflow_id, status');
  return rows.map((row) => ({
    ...toStats(row, statusRows.filter((s) => s.workflow_id === row.id), row.last_status),
    workflow: toWorkflow(row),
  }));
}

/** Node type activity statistics, of one workflow or all (summed per type). */
export function nodeTypeStats(db: SqlDatabase, workflowId?: string): NodeTypeStatsRecord[] {
  const rows =
    workflowId === undefined
      ? db.all(
          `SELECT '*' AS workflow_id, node_type, SUM(executions) AS executions, SUM(successes) AS successes, SUM(failures) AS failures,
             SUM(total_duration_ms) AS total_duration_ms, MIN(min_duration_ms) AS min_duration_ms, MAX(max_duration_ms) AS max_duration_ms,
             MAX(last_executed_at) AS last_executed_at
           FROM node_type_stats GROUP BY node_type ORDER BY executions DESC, node_type`,
        )
      : db.all('SELECT * FROM node_type_stats WHERE workflow_id = ? ORDER BY executions DESC, node_type', [workflowId]);
  return rows.map((row) => {
    const executions = Number(row.executions);
    return {
      workflowId: String(row.workflow_id),
      nodeType: String(row.node_type),
      executions,
      successes: Number(row.successes),
      failures: Number(row.failures),
      averageDurationMs: executions > 0 ? Math.round(Number(row.total_duration_ms) / executions) : undefined,
      minDurationMs: num(row.min_duration_ms),
      maxDurationMs: num(row.max_duration_ms),
      lastExecutedAt: num(row.last_executed_at),
    };
  });
}
