/** Queries over executions: lists, one execution with its node results and logs. */
import { StoreError } from '../errors';
import { EXECUTION_JOINS, EXECUTION_SUMMARY_COLUMNS, num, text, toExecutionSummary } from '../rows';
import type { SqlDatabase } from '../sqlDatabase';
import type { SqlValue } from '../sqljs';
import type { ExecutionDetail, ExecutionFilter, ExecutionSummary, LogRecord, NodeResultRecord, StoredError } from '../types';
import { decodeValue } from '../values';
import { resolveSharedValues } from '../sharedValues';
import type { LogLevel, SkipReason } from '../../engine/events';

/** Executions, newest first. */
export function listExecutions(db: SqlDatabase, filter: ExecutionFilter = {}): ExecutionSummary[] {
  const terms: string[] = [];
  const params: SqlValue[] = [];
  if (filter.workflowId !== undefined) {
    terms.push('e.workflow_id = ?');
    params.push(filter.workflowId);
  }
  const statuses = filter.status === undefined ? [] : typeof filter.status === 'string' ? [filter.status] : [...filter.status];
  if (statuses.length > 0) {
    terms.push(`e.status IN (${statuses.map(() => '?').join(', ')})`);
    params.push(...statuses);
  }
  if (filter.before !== undefined) {
    terms.push('e.started_at < ?');
    params.push(filter.before);
  }
  const limit = filter.limit !== undefined && Number.isInteger(filter.limit) && filter.limit > 0 ? Math.min(filter.limit, 100_000) : 50;
  params.push(limit);
  const where = terms.length > 0 ? `WHERE ${terms.join(' AND ')}` : '';
  return db.all(`SELECT ${EXECUTION_SUMMARY_COLUMNS} FROM executions e ${EXECUTION_JOINS} ${where} ORDER BY e.started_at DESC, e.id DESC LIMIT ?`, params).map(toExecutionSummary);
}

/**
 * The execution whose id is `idOrPrefix`, or the only one whose id starts with it (at least 4
 * characters), as `workflow history` prints shortened ids. NOT_FOUND / AMBIGUOUS otherwise.
 */
export function resolveExecutionId(db: SqlDatabase, idOrPrefix: string): string {
  if (db.value('SELECT 1 FROM executions WHERE id = ?', [idOrPrefix]) !== undefined) return idOrPrefix;
  if (idOrPrefix.length >= 4) {
    const upper = idOrPrefix.slice(0, -1) + String.fromCharCode(idOrPrefix.charCodeAt(idOrPrefix.length - 1) + 1);
    const matches = db.all<{ id: string }>('SELECT id FROM executions WHERE id >= ? AND id < ? LIMIT 2', [idOrPrefix, upper]);
    if (matches.length === 1) return matches[0].id;
    if (matches.length > 1) throw new StoreError('AMBIGUOUS', `more than one execution id starts with "${idOrPrefix}"; give more characters`);
  }
  throw new StoreError('NOT_FOUND', `no execution with id "${idOrPrefix}"`);
}

function errorOf(row: Record<string, SqlValue>, prefix = 'error_'): StoredError | undefined {
  const message = text(row[`${prefix}message`]);
  if (message === undefined) return undefined;
  return {
    message,
    code: text(row[`${prefix}code`]),
    nodeId: text(row[`${prefix}node_id`]),
    field: text(row[`${prefix}field`]),
    stack: text(row[`${prefix}stack`]),
  };
}

function toNodeResult(row: Record<string, SqlValue>): NodeResultRecord {
  const iteration = text(row.iteration);
  return {
    nodeId: String(row.node_id),
    nodeName: String(row.node_name),
    nodeType: String(row.node_type),
    iteration: iteration === '' ? undefined : iteration,
    attempt: Number(row.attempt),
    status: String(row.status) as NodeResultRecord['status'],
    skipReason: text(row.skip_reason) as SkipReason | undefined,
    input: decodeValue(text(row.input)),
    output: decodeValue(text(row.output)),
    error: errorOf(row),
    willRetry: Number(row.will_retry) === 1,
    handling: text(row.handling) as NodeResultRecord['handling'],
    startedAt: num(row.started_at),
    completedAt: num(row.completed_at),
    durationMs: num(row.duration_ms),
  };
}

function toLog(row: Record<string, SqlValue>): LogRecord {
  return {
    seq: Number(row.seq),
    level: String(row.level) as LogLevel,
    message: String(row.message),
    data: decodeValue(text(row.data)),
    nodeId: text(row.node_id),
    nodeName: text(row.node_name),
    iteration: text(row.iteration),
    at: Number(row.at),
  };
}

/** One execution with its node results (in the order they happened) and up to `logLimit` logs. */
export function getExecution(db: SqlDatabase, executionId: string, logLimit = 10_000): ExecutionDetail {
  const row = db.get(
    `SELECT ${EXECUTION_SUMMARY_COLUMNS}, e.trigger_node_id, e.trigger_data, e.input, e.output, e.error_code, e.error_node_id, e.error_stack
     FROM executions e ${EXECUTION_JOINS} WHERE e.id = ?`,
    [executionId],
  );
  if (!row) throw new StoreError('NOT_FOUND', `no execution with id "${executionId}"`);
  const nodeResults = db.all('SELECT * FROM node_results WHERE execution_id = ? ORDER BY seq, node_id, iteration, attempt', [executionId]).map(toNodeResult);
  const input = decodeValue(text(row.input));
  const output = resolveSharedValues(nodeResults, input, decodeValue(text(row.output)));
  const logs = db.all('SELECT * FROM logs WHERE execution_id = ? ORDER BY seq LIMIT ?', [executionId, Math.max(0, logLimit)]).map(toLog);
  const logsTotal = logs.length < logLimit ? logs.length : Number(db.value('SELECT COUNT(*) FROM logs WHERE execution_id = ?', [executionId]));
  return {
    ...toExecutionSummary(row),
    triggerNodeId: text(row.trigger_node_id),
    triggerData: decodeValue(text(row.trigger_data)),
    input,
    output,
    error: errorOf(row),
    nodeResults,
    logs,
    logsTotal,
  };
}
