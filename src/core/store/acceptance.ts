/**
 * Runs accepted before they execute, and runs whose recording process died.
 *
 * A host that answers for a run before it ends (`workflow serve`'s webhooks answer 202 with the
 * execution id) records the run as `queued` first and answers only once that is fsynced
 * (`WorkflowStore.acceptExecution`): an acknowledged run is in the history whatever happens
 * next. When the engine starts it, `ex.run` moves it to `running`.
 *
 * A run left `queued` or `running` by a process that is gone is marked `interrupted` by the
 * next process that opens or reads the store (`ex.abandon`): with a message naming the process
 * that ended, the nodes that succeeded, and an end at its last recorded event.
 */
import type { TriggerInfo } from '../engine/events';
import type { StoreContext } from './context';
import type { Op } from './ops';
import { workflowRowOps } from './registration';
import type { SqlDatabase } from './sqlDatabase';
import { encodeValue } from './values';

/** A run a host accepted and is about to (or will later) execute. */
export interface AcceptedRun {
  /** The id the engine will run it under (`RunOptions.executionId`). */
  executionId: string;
  workflowId: string;
  versionId?: string;
  workflowName: string;
  trigger: TriggerInfo;
  /** The run's input, exactly the value handed to the engine. */
  input: unknown;
  /** When it was accepted (epoch ms). */
  at: number;
}

/**
 * The operations recording `run` as `queued`, and its input as stored (the recorder reuses it
 * when the run starts, so that later references to the input point at the same text).
 */
export function acceptOps(ctx: StoreContext, run: AcceptedRun): { ops: Op[]; storedInput: string | null } {
  const limit = ctx.retention.maxValueBytes;
  // the engine runs an undefined input as {}: store what it will see
  const storedInput = encodeValue(run.input === undefined ? {} : run.input, limit);
  const ops = workflowRowOps(ctx, run.workflowId);
  ops.push([
    'ex.start',
    run.executionId,
    run.workflowId,
    run.versionId ?? null,
    run.workflowName,
    null,
    'queued',
    run.trigger.type,
    run.trigger.nodeId ?? null,
    encodeValue(run.trigger.data, limit),
    storedInput,
    run.at,
    ctx.writerId,
  ]);
  return { ops, storedInput };
}

/** An unfinished run found in the store, with the writer that recorded it. */
export interface UnfinishedRun {
  id: string;
  owner: string | null;
}

/** `ex.abandon` for each run: ended at its last recorded event, with the nodes that succeeded. */
export function abandonOps(db: SqlDatabase, runs: readonly UnfinishedRun[]): Op[] {
  return runs.map((run) => {
    const facts = db.get<{ last: number | null; succeeded: number }>(
      `SELECT MAX(e.started_at,
                  COALESCE((SELECT MAX(MAX(COALESCE(completed_at, 0), COALESCE(started_at, 0))) FROM node_results WHERE execution_id = e.id), 0),
                  COALESCE((SELECT MAX(at) FROM logs WHERE execution_id = e.id), 0)) AS last,
              (SELECT COUNT(DISTINCT node_id) FROM node_results WHERE execution_id = e.id AND status = 'success') AS succeeded
         FROM executions e WHERE e.id = ?1`,
      [run.id],
    );
    return ['ex.abandon', run.id, facts?.last ?? 0, crashMessage(run.owner), facts?.succeeded ?? 0];
  });
}

/** Why a run is interrupted, naming the process that ended (the owner is `<pid>_<random>_<host>`). */
export function crashMessage(owner: string | null): string {
  const [pid, , host] = (owner ?? '').split('_');
  const who = pid && host ? `the process that recorded this run (pid ${pid} on ${host})` : 'the process that recorded this run';
  return `${who} was killed or crashed before the run finished; the run was not resumed`;
}
