/** Queries over workflow records: lookup, filters, full-text search, activity, attention. */
import type { SqlDatabase } from '../sqlDatabase';
import type { SqlValue } from '../sqljs';
import { EXECUTION_SUMMARY_COLUMNS, toExecutionSummary, toWorkflow, WORKFLOW_COLUMNS } from '../rows';
import type { AttentionItem, WorkflowFilter, WorkflowRecord, WorkflowSearch } from '../types';
import { normalizeWorkflowPath } from '../workflowShape';

export function getWorkflow(db: SqlDatabase, workflowId: string): WorkflowRecord | undefined {
  const row = db.get(`SELECT ${WORKFLOW_COLUMNS} FROM workflows w WHERE w.id = ?`, [workflowId]);
  return row ? toWorkflow(row) : undefined;
}

export function findWorkflowByPath(db: SqlDatabase, path: string): WorkflowRecord | undefined {
  // by path only: a record keeps its id when its file moves, so the id derived from a path may now be elsewhere
  const row = db.get(`SELECT ${WORKFLOW_COLUMNS} FROM workflows w WHERE w.path = ?`, [normalizeWorkflowPath(path)]);
  return row ? toWorkflow(row) : undefined;
}

function limitOf(limit: number | undefined, fallback: number): number {
  return limit !== undefined && Number.isInteger(limit) && limit > 0 ? Math.min(limit, 100_000) : fallback;
}

/** WHERE terms for a WorkflowFilter (on alias `w`). */
function filterTerms(filter: WorkflowFilter, terms: string[], params: SqlValue[]): void {
  const tags = [...new Set(filter.tags ?? [])];
  if (tags.length > 0) {
    const marks = tags.map(() => '?').join(', ');
    if (filter.tagMatch === 'all') {
      terms.push(`(SELECT COUNT(DISTINCT t.value) FROM json_each(w.tags) t WHERE t.value IN (${marks})) = ${tags.length}`);
    } else {
      terms.push(`EXISTS (SELECT 1 FROM json_each(w.tags) t WHERE t.value IN (${marks}))`);
    }
    params.push(...tags);
  }
  if (filter.folder !== undefined) {
    terms.push('w.folder = ?');
    params.push(filter.folder);
  }
  if (filter.status !== undefined) {
    terms.push('w.status = ?');
    params.push(filter.status);
  }
  if (filter.favorite !== undefined) {
    terms.push('w.favorite = ?');
    params.push(filter.favorite ? 1 : 0);
  }
  if (filter.isTemplate !== undefined) {
    terms.push('w.is_template = ?');
    params.push(filter.isTemplate ? 1 : 0);
  }
}

/**
 * FTS4 query for free text: each word becomes a prefix term, all must match. Words are cut
 * to letters and digits, so user input can never be read as query syntax.
 */
export function ftsQuery(text: string): string | undefined {
  const words = text.normalize('NFKC').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.length === 0 ? undefined : words.map((w) => `${w.toLowerCase()}*`).join(' ');
}

/** Workflows matching text and filters, most recently changed first. */
export function searchWorkflows(db: SqlDatabase, search: WorkflowSearch): WorkflowRecord[] {
  const terms: string[] = [];
  const params: SqlValue[] = [];
  const match = search.text !== undefined ? ftsQuery(search.text) : undefined;
  if (search.text !== undefined && match === undefined) return [];
  if (match) {
    terms.push('w.rowid IN (SELECT docid FROM workflow_search WHERE workflow_search MATCH ?)');
    params.push(match);
  }
  filterTerms(search, terms, params);
  const where = terms.length > 0 ? `WHERE ${terms.join(' AND ')}` : '';
  params.push(limitOf(search.limit, 100));
  return db.all(`SELECT ${WORKFLOW_COLUMNS} FROM workflows w ${where} ORDER BY w.updated_at DESC, w.path LIMIT ?`, params).map(toWorkflow);
}

/** Workflows by filter only. */
export function listWorkflows(db: SqlDatabase, filter: WorkflowFilter = {}): WorkflowRecord[] {
  return searchWorkflows(db, { ...filter, text: undefined, limit: filter.limit ?? 10_000 });
}

/** Most executed workflows (seed 000 "most active"). */
export function mostActiveWorkflows(db: SqlDatabase, limit?: number): WorkflowRecord[] {
  return db
    .all(`SELECT ${WORKFLOW_COLUMNS} FROM workflows w WHERE w.execution_count > 0 ORDER BY w.execution_count DESC, w.last_executed_at DESC LIMIT ?`, [limitOf(limit, 10)])
    .map(toWorkflow);
}

/** Workflows whose content changed since `since` (default: the last 7 days), newest first. */
export function recentlyModifiedWorkflows(db: SqlDatabase, options: { since?: number; limit?: number; now?: number } = {}): WorkflowRecord[] {
  const since = options.since ?? (options.now ?? Date.now()) - 7 * 24 * 3600_000;
  return db
    .all(`SELECT ${WORKFLOW_COLUMNS} FROM workflows w WHERE w.updated_at >= ? ORDER BY w.updated_at DESC LIMIT ?`, [since, limitOf(options.limit, 20)])
    .map(toWorkflow);
}

/** Statuses of a last run that call for attention. */
export const ATTENTION_STATUSES = ['failed', 'timeout', 'partial', 'interrupted'] as const;

/** Workflows whose latest execution failed, timed out, partly failed or was interrupted. */
export function workflowsNeedingAttention(db: SqlDatabase, limit?: number): AttentionItem[] {
  const rows = db.all(
    `SELECT ${EXECUTION_SUMMARY_COLUMNS}, ${WORKFLOW_COLUMNS.replace(/w\.(\w+)/g, 'w.$1 AS wf_$1')}
     FROM workflows w
     JOIN executions e ON e.id = (SELECT x.id FROM executions x WHERE x.workflow_id = w.id ORDER BY x.started_at DESC, x.id DESC LIMIT 1)
     LEFT JOIN workflow_versions v ON v.id = e.version_id
     WHERE e.status IN (${ATTENTION_STATUSES.map((s) => `'${s}'`).join(', ')})
     ORDER BY e.started_at DESC LIMIT ?`,
    [limitOf(limit, 50)],
  );
  return rows.map((row) => {
    const workflowRow: Record<string, SqlValue> = {};
    for (const [key, value] of Object.entries(row)) if (key.startsWith('wf_')) workflowRow[key.slice(3)] = value;
    return { workflow: toWorkflow(workflowRow), execution: toExecutionSummary(row) };
  });
}
