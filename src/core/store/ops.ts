/**
 * The vocabulary of the journal: every change to the database is one of these operations, so
 * that the process that makes it, a process catching up, and the snapshot writer all apply
 * exactly the same SQL.
 *
 * Journals of several processes are merged in any order, so each operation is written to give
 * the same result whatever it is interleaved with: ids come from the writer, counters only
 * increment, a workflow row follows last-writer-wins on `updated_at`, a finished execution is
 * never overwritten by an interruption, deleted executions leave a tombstone, and a trigger's
 * next run and state follow last-writer-wins on the time they were set.
 *
 * Changing what an existing code means breaks old journals: add a new code instead.
 */
import type { SqlDatabase } from './sqlDatabase';

/** A parameter of an operation: what JSON and SQLite both hold without loss. */
export type OpParam = string | number | null;

/** One operation: its code, then its positional parameters. */
export type Op = [code: OpCode, ...params: OpParam[]];

interface OpDefinition {
  /** Number of parameters. */
  arity: number;
  /** Statements run with the parameters (`?1` … `?n`). */
  sql: readonly string[];
}

const WORKFLOW_FIELDS = ['folder', 'favorite', 'status', 'is_template'] as const;
/** Workflow columns a user may set directly (the others follow the file or the runs). */
export type WorkflowField = (typeof WORKFLOW_FIELDS)[number];

const DEFINITIONS = {
  /**
   * [id, path, name, description, tags, node_names, current_version_id, created_at, updated_at]
   * Newer (updated_at, version) wins; an equal pair carries equal values (the version id is
   * derived from the content), so it changes nothing and fires no search-index trigger.
   */
  'wf.upsert': {
    arity: 9,
    sql: [
      `INSERT INTO workflows (id, path, name, description, tags, node_names, current_version_id, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
       ON CONFLICT (id) DO UPDATE SET path = excluded.path, name = excluded.name, description = excluded.description,
         tags = excluded.tags, node_names = excluded.node_names, current_version_id = excluded.current_version_id,
         updated_at = excluded.updated_at
       WHERE (excluded.updated_at, COALESCE(excluded.current_version_id, '')) > (workflows.updated_at, COALESCE(workflows.current_version_id, ''))`,
      'UPDATE workflows SET created_at = MIN(created_at, ?8) WHERE id = ?1 AND created_at > ?8',
    ],
  },
  /** [id, field, value] — field is one of WORKFLOW_FIELDS */
  'wf.set': {
    arity: 3,
    sql: WORKFLOW_FIELDS.map((field) => `UPDATE workflows SET ${field} = ?3 WHERE id = ?1 AND ?2 = '${field}'`),
  },
  /**
   * [id, field, value, set_at] — a user-set field (one of WORKFLOW_FIELDS), last-writer-wins:
   * applied only while (set_at, value) is the newest setting of that field, whatever order the
   * journals are replayed in. Replaces `wf.set`, whose plain update depended on that order.
   */
  'wf.field': {
    arity: 4,
    sql: [
      `INSERT INTO workflow_field_times (workflow_id, field, set_at, value) VALUES (?1, ?2, ?4, ?3)
       ON CONFLICT (workflow_id, field) DO UPDATE SET set_at = excluded.set_at, value = excluded.value
       WHERE (excluded.set_at, COALESCE(excluded.value, '')) > (workflow_field_times.set_at, COALESCE(workflow_field_times.value, ''))`,
      ...WORKFLOW_FIELDS.map(
        (field) =>
          `UPDATE workflows SET ${field} = ?3 WHERE id = ?1 AND ?2 = '${field}'
           AND EXISTS (SELECT 1 FROM workflow_field_times t WHERE t.workflow_id = ?1 AND t.field = ?2 AND t.set_at = ?4 AND t.value IS ?3)`,
      ),
    ],
  },
  /** [id, at] — one more run */
  'wf.ran': {
    arity: 2,
    sql: ['UPDATE workflows SET execution_count = execution_count + 1, last_executed_at = MAX(COALESCE(last_executed_at, 0), ?2) WHERE id = ?1'],
  },
  /**
   * [id, new_path, at] — the workflow file was renamed or moved: the record keeps its id (so its
   * versions, runs and statistics stay with it) and takes the new path, last-writer-wins on
   * updated_at like `wf.upsert` (the mover picks `at` after the row's updated_at). A stale
   * `wf.upsert` of the old path, replayed later from another journal, is older and changes
   * nothing; applying the move again changes nothing. A record that held the new path without
   * any execution (the renamed file registered first) is dropped with its versions. The search
   * index does not hold paths; the update trigger refreshes nothing else.
   */
  'wf.move': {
    arity: 3,
    sql: [
      `DELETE FROM workflow_versions WHERE workflow_id IN (
         SELECT t.id FROM workflows t WHERE t.path = ?2 AND t.id <> ?1 AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.workflow_id = t.id))
       AND EXISTS (SELECT 1 FROM workflows w WHERE w.id = ?1 AND w.updated_at < ?3)`,
      `DELETE FROM workflows WHERE path = ?2 AND id <> ?1 AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.workflow_id = workflows.id)
       AND EXISTS (SELECT 1 FROM workflows w WHERE w.id = ?1 AND w.updated_at < ?3)`,
      'UPDATE workflows SET path = ?2, updated_at = ?3 WHERE id = ?1 AND updated_at < ?3',
    ],
  },
  /** [id, workflow_id, parent_id, content_hash, content, change_summary, git_commit, created_at] */
  'ver.add': {
    arity: 8,
    sql: [
      `INSERT INTO workflow_versions (id, workflow_id, parent_id, content_hash, content, change_summary, git_commit, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
       ON CONFLICT (id) DO UPDATE SET created_at = MIN(created_at, excluded.created_at)`,
    ],
  },
  /** [id] — keeps the version's metadata, drops its content */
  'ver.archive': {
    arity: 1,
    sql: ['UPDATE workflow_versions SET archived = 1, content = NULL WHERE id = ?1'],
  },
  /** [id, workflow_id, version_id, workflow_name, parent_execution_id, status, trigger_type, trigger_node_id, trigger_data, input, started_at, owner] */
  'ex.start': {
    arity: 12,
    sql: [
      `INSERT OR IGNORE INTO executions (id, workflow_id, version_id, workflow_name, parent_execution_id, status, trigger_type,
         trigger_node_id, trigger_data, input, started_at, owner)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12
       WHERE NOT EXISTS (SELECT 1 FROM execution_tombstones WHERE id = ?1)`,
    ],
  },
  /** [id, status, output, error_message, error_code, error_node_id, error_stack, completed_at, duration_ms, nodes_executed] */
  'ex.finish': {
    arity: 10,
    sql: [
      `UPDATE executions SET status = ?2, output = ?3, error_message = ?4, error_code = ?5, error_node_id = ?6, error_stack = ?7,
         completed_at = ?8, duration_ms = ?9, nodes_executed = ?10 WHERE id = ?1`,
    ],
  },
  /** [id, at, message] — only while still queued or running */
  'ex.interrupt': {
    arity: 3,
    sql: [
      `UPDATE executions SET status = 'interrupted', completed_at = ?2, duration_ms = MAX(0, ?2 - started_at), error_message = ?3
       WHERE id = ?1 AND status IN ('queued', 'running')`,
      "UPDATE node_results SET status = 'interrupted' WHERE execution_id = ?1 AND status = 'running'",
    ],
  },
  /**
   * [id, started_at] — a run recorded as accepted (`queued`, see `WorkflowStore.acceptExecution`)
   * began executing. Only a queued run moves: a finish or an interruption is never undone.
   */
  'ex.run': {
    arity: 2,
    sql: ["UPDATE executions SET status = 'running', started_at = ?2 WHERE id = ?1 AND status = 'queued'"],
  },
  /**
   * [id, last_event_at, message, nodes_executed] — an interruption noticed by another process
   * (or a later start) after the recording one ended. Unlike `ex.interrupt`, the run ends at its
   * last recorded event, not when it was noticed, and keeps the count of nodes that succeeded;
   * the noticing process computes both from what it read, so replay order cannot change them.
   */
  'ex.abandon': {
    arity: 4,
    sql: [
      `UPDATE executions SET status = 'interrupted', completed_at = ?2, duration_ms = MAX(0, ?2 - started_at), error_message = ?3,
         nodes_executed = ?4 WHERE id = ?1 AND status IN ('queued', 'running')`,
      "UPDATE node_results SET status = 'interrupted' WHERE execution_id = ?1 AND status = 'running'",
    ],
  },
  /** [id, at] — retention */
  'ex.delete': {
    arity: 2,
    sql: [
      'INSERT OR IGNORE INTO execution_tombstones (id, deleted_at) VALUES (?1, ?2)',
      'DELETE FROM logs WHERE execution_id = ?1',
      'DELETE FROM node_results WHERE execution_id = ?1',
      'DELETE FROM executions WHERE id = ?1',
    ],
  },
  /** [execution_id, node_id, iteration, attempt, seq, node_name, node_type, input, started_at] */
  'nr.start': {
    arity: 9,
    sql: [
      `INSERT OR IGNORE INTO node_results (execution_id, node_id, iteration, attempt, seq, node_name, node_type, status, input, started_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'running', ?8, ?9)`,
    ],
  },
  /**
   * [execution_id, node_id, iteration, attempt, seq, node_name, node_type, status, output, error_message, error_code,
   *  error_field, error_stack, will_retry, handling, started_at, completed_at, duration_ms]
   */
  'nr.finish': {
    arity: 18,
    sql: [
      `INSERT INTO node_results (execution_id, node_id, iteration, attempt, seq, node_name, node_type, status, output, error_message,
         error_code, error_field, error_stack, will_retry, handling, started_at, completed_at, duration_ms)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
       ON CONFLICT (execution_id, node_id, iteration, attempt) DO UPDATE SET status = excluded.status, output = excluded.output,
         error_message = excluded.error_message, error_code = excluded.error_code, error_field = excluded.error_field,
         error_stack = excluded.error_stack, will_retry = excluded.will_retry, handling = excluded.handling,
         completed_at = excluded.completed_at, duration_ms = excluded.duration_ms`,
    ],
  },
  /**
   * [execution_id, node_id, iteration, attempt, seq, node_name, node_type, status, output, error_message, error_code,
   *  error_field, error_stack, will_retry, handling, started_at, completed_at, duration_ms, input]
   * An attempt that ended before its `nr.start` was queued (the engine's synchronous fast path):
   * the row written once, with its input, instead of an insert and an update.
   */
  'nr.run': {
    arity: 19,
    sql: [
      `INSERT INTO node_results (execution_id, node_id, iteration, attempt, seq, node_name, node_type, status, output, error_message,
         error_code, error_field, error_stack, will_retry, handling, started_at, completed_at, duration_ms, input)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
       ON CONFLICT (execution_id, node_id, iteration, attempt) DO UPDATE SET status = excluded.status, output = excluded.output,
         error_message = excluded.error_message, error_code = excluded.error_code, error_field = excluded.error_field,
         error_stack = excluded.error_stack, will_retry = excluded.will_retry, handling = excluded.handling,
         completed_at = excluded.completed_at, duration_ms = excluded.duration_ms, input = COALESCE(node_results.input, excluded.input)`,
    ],
  },
  /** [execution_id, node_id, iteration, seq, node_name, node_type, reason, at] */
  'nr.skip': {
    arity: 8,
    sql: [
      `INSERT OR IGNORE INTO node_results (execution_id, node_id, iteration, attempt, seq, node_name, node_type, status, skip_reason, completed_at)
       VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, 'skipped', ?7, ?8)`,
    ],
  },
  /** [execution_id, seq, level, message, data, node_id, node_name, iteration, at] */
  log: {
    arity: 9,
    sql: [
      `INSERT OR IGNORE INTO logs (execution_id, seq, level, message, data, node_id, node_name, iteration, at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
    ],
  },
  /** [workflow_id, node_type, executions, successes, failures, total_ms, min_ms, max_ms, last_at] — increments */
  stats: {
    arity: 9,
    sql: [
      `INSERT INTO node_type_stats (workflow_id, node_type, executions, successes, failures, total_duration_ms, min_duration_ms,
         max_duration_ms, last_executed_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
       ON CONFLICT (workflow_id, node_type) DO UPDATE SET executions = executions + excluded.executions,
         successes = successes + excluded.successes, failures = failures + excluded.failures,
         total_duration_ms = total_duration_ms + excluded.total_duration_ms,
         min_duration_ms = MIN(COALESCE(min_duration_ms, excluded.min_duration_ms), excluded.min_duration_ms),
         max_duration_ms = MAX(COALESCE(max_duration_ms, excluded.max_duration_ms), excluded.max_duration_ms),
         last_executed_at = MAX(COALESCE(last_executed_at, 0), excluded.last_executed_at)`,
    ],
  },
  /**
   * [workflow_id, node_id, kind, next_run_at, set_at] — the next planned fire of a trigger (null:
   * none). The newest (set_at, next_run_at) wins; writers make set_at strictly increasing.
   */
  'trg.next': {
    arity: 5,
    sql: [
      `INSERT INTO triggers (workflow_id, node_id, kind, next_run_at, next_run_set_at) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (workflow_id, node_id, kind) DO UPDATE SET next_run_at = excluded.next_run_at, next_run_set_at = excluded.next_run_set_at
       WHERE (excluded.next_run_set_at, COALESCE(excluded.next_run_at, -1)) > (COALESCE(triggers.next_run_set_at, -1), COALESCE(triggers.next_run_at, -1))`,
    ],
  },
  /**
   * [workflow_id, node_id, kind, fires, runs, last_fired_at, last_run_at] — increments: `fires`
   * more fires, `runs` of which started a run; the last times take the maximum (null: none).
   */
  'trg.fired': {
    arity: 7,
    sql: [
      `INSERT INTO triggers (workflow_id, node_id, kind, trigger_count, run_count, last_fired_at, last_run_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
       ON CONFLICT (workflow_id, node_id, kind) DO UPDATE SET trigger_count = trigger_count + excluded.trigger_count,
         run_count = run_count + excluded.run_count,
         last_fired_at = MAX(COALESCE(last_fired_at, excluded.last_fired_at), COALESCE(excluded.last_fired_at, last_fired_at)),
         last_run_at = MAX(COALESCE(last_run_at, excluded.last_run_at), COALESCE(excluded.last_run_at, last_run_at))`,
    ],
  },
  /** [workflow_id, node_id, kind, state_json, set_at] — what the trigger remembers; the newest (set_at, state) wins. */
  'trg.state': {
    arity: 5,
    sql: [
      `INSERT INTO triggers (workflow_id, node_id, kind, state, state_set_at) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (workflow_id, node_id, kind) DO UPDATE SET state = excluded.state, state_set_at = excluded.state_set_at
       WHERE (excluded.state_set_at, COALESCE(excluded.state, '')) > (COALESCE(triggers.state_set_at, -1), COALESCE(triggers.state, ''))`,
    ],
  },
  /**
   * [route, signature, expires_at] — a timestamp-signed webhook request was accepted: its
   * signature is a replay until it expires (migration 005). The later expiry wins.
   */
  'sig.seen': {
    arity: 3,
    sql: [
      `INSERT INTO webhook_signatures (route, signature, expires_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (route, signature) DO UPDATE SET expires_at = MAX(expires_at, excluded.expires_at)`,
    ],
  },
} as const satisfies Record<string, OpDefinition>;

/** Code of an operation. */
export type OpCode = keyof typeof DEFINITIONS;

interface CompiledStatement {
  sql: string;
  /** Highest `?n` in the statement: SQLite refuses values bound beyond it. */
  parameters: number;
}

const BY_CODE: ReadonlyMap<string, { arity: number; statements: CompiledStatement[] }> = new Map(
  Object.entries(DEFINITIONS).map(([code, definition]: [string, OpDefinition]) => [
    code,
    {
      arity: definition.arity,
      statements: definition.sql.map((sql) => ({
        sql,
        parameters: Math.max(0, ...[...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1]))),
      })),
    },
  ]),
);

/** Why an operation read from a journal was not applied. */
export type OpProblem = (op: unknown, reason: string) => void;

function isParam(value: unknown): value is OpParam {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** Checks the shape of an operation read from disk. */
export function validateOp(op: unknown): string | undefined {
  if (!Array.isArray(op) || typeof op[0] !== 'string') return 'not an operation';
  const definition = BY_CODE.get(op[0]);
  if (!definition) return `unknown operation "${op[0]}"`;
  if (op.length !== definition.arity + 1) return `"${op[0]}" takes ${definition.arity} parameters, got ${op.length - 1}`;
  for (let i = 1; i < op.length; i++) if (!isParam(op[i])) return `"${op[0]}" parameter ${i} is not a string, number or null`;
  return undefined;
}

/**
 * Applies operations in one transaction. One that fails (a damaged journal, a constraint) is
 * reported and skipped so that the rest of the batch, and of the history, still loads.
 */
export function applyOps(db: SqlDatabase, ops: readonly unknown[], problem: OpProblem, trusted = false): void {
  db.transaction(() => {
    for (const op of ops) {
      if (!trusted) {
        const invalid = validateOp(op);
        if (invalid) {
          problem(op, invalid);
          continue;
        }
      }
      const [code, ...params] = op as Op;
      const definition = BY_CODE.get(code)!;
      try {
        for (const statement of definition.statements) {
          db.run(statement.sql, params.length > statement.parameters ? params.slice(0, statement.parameters) : params);
        }
      } catch (error) {
        problem(op, (error as Error).message);
      }
    }
  });
}
