/**
 * Trigger records: next run, last run, run and fire counts, and a small state per trigger node
 * (see the `triggers` table in schema/migrations/003_triggers.sql). Writes are queued like the
 * recorder's events; they are not commit points (a host flushes or closes the store on exit).
 */
import type { StoreContext } from './context';
import type { SqlDatabase } from './sqlDatabase';
import type { SqlValue } from './sqljs';
import { num, text } from './rows';
import type { TriggerKey, TriggerRecord, TriggerRecordKind } from './types';

/** Last stamp given per store: last-writer-wins needs strictly increasing stamps within one writer. */
const lastStamps = new WeakMap<StoreContext, number>();

/** The store's time, made strictly greater than any stamp this store gave before. */
function stamp(ctx: StoreContext): number {
  const at = Math.max(ctx.now(), (lastStamps.get(ctx) ?? 0) + 1);
  lastStamps.set(ctx, at);
  return at;
}

/** Counts one fire of a trigger; `started` when it started a run. */
export function recordTriggerFire(ctx: StoreContext, key: TriggerKey, fire: { at: number; started: boolean }): void {
  ctx.enqueue([['trg.fired', key.workflowId, key.nodeId, key.kind, 1, fire.started ? 1 : 0, fire.at, fire.started ? fire.at : null]]);
}

/** Sets the next planned fire, or clears it (`undefined`). */
export function setTriggerNextRun(ctx: StoreContext, key: TriggerKey, nextRunAt: number | undefined): void {
  ctx.enqueue([['trg.next', key.workflowId, key.nodeId, key.kind, nextRunAt ?? null, stamp(ctx)]]);
}

/** Replaces what the trigger remembers (JSON), or clears it (`undefined`). */
export function setTriggerState(ctx: StoreContext, key: TriggerKey, state: unknown): void {
  const json = state === undefined ? null : JSON.stringify(state);
  ctx.enqueue([['trg.state', key.workflowId, key.nodeId, key.kind, json ?? null, stamp(ctx)]]);
}

const COLUMNS = 'workflow_id, node_id, kind, next_run_at, last_fired_at, last_run_at, run_count, trigger_count, state';

function decodeState(value: SqlValue | undefined): unknown {
  const json = text(value);
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

function toTriggerRecord(row: Record<string, SqlValue>): TriggerRecord {
  const state = decodeState(row.state);
  return {
    workflowId: String(row.workflow_id),
    nodeId: String(row.node_id),
    kind: String(row.kind) as TriggerRecordKind,
    nextRunAt: num(row.next_run_at),
    lastFiredAt: num(row.last_fired_at),
    lastRunAt: num(row.last_run_at),
    runCount: Number(row.run_count ?? 0),
    triggerCount: Number(row.trigger_count ?? 0),
    ...(state === undefined ? {} : { state }),
  };
}

/** Records of one workflow, or of all, ordered by workflow, node and kind. */
export function triggerRecords(db: SqlDatabase, workflowId?: string): TriggerRecord[] {
  const rows =
    workflowId === undefined
      ? db.all(`SELECT ${COLUMNS} FROM triggers ORDER BY workflow_id, node_id, kind`)
      : db.all(`SELECT ${COLUMNS} FROM triggers WHERE workflow_id = ? ORDER BY node_id, kind`, [workflowId]);
  return rows.map(toTriggerRecord);
}

/** One trigger's record, or undefined when it never fired or planned anything. */
export function getTriggerRecord(db: SqlDatabase, key: TriggerKey): TriggerRecord | undefined {
  const row = db.get(`SELECT ${COLUMNS} FROM triggers WHERE workflow_id = ? AND node_id = ? AND kind = ?`, [key.workflowId, key.nodeId, key.kind]);
  return row ? toTriggerRecord(row) : undefined;
}
