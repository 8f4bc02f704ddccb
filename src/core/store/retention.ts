/**
 * Retention: how much history is kept. Old executions of a workflow beyond the limit are
 * deleted a few at a time between other work (each deletion is a journaled operation, so
 * every process converges), and values larger than the limits are stored truncated.
 */
import type { StoreContext } from './context';
import type { Op } from './ops';

export interface RetentionSettings {
  /** Finished executions kept per workflow; older ones are pruned (default 1000). */
  executionsPerWorkflow: number;
  /** Largest stored input, output, trigger or log data, as JSON bytes (default 64 KiB). */
  maxValueBytes: number;
  /** Largest stored log or error message, in bytes (default 8 KiB). */
  maxLogMessageBytes: number;
  /** Executions deleted per slice of pruning (default 10). */
  pruneBatch: number;
}

export const DEFAULT_RETENTION: RetentionSettings = {
  executionsPerWorkflow: 1000,
  maxValueBytes: 64 * 1024,
  maxLogMessageBytes: 8 * 1024,
  pruneBatch: 10,
};

/** Settings with defaults filled and values checked. */
export function retentionSettings(partial: Partial<RetentionSettings> = {}): RetentionSettings {
  const settings = { ...DEFAULT_RETENTION, ...partial };
  for (const [key, value] of Object.entries(settings)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`retention.${key} must be a whole number of at least 1`);
  }
  settings.maxValueBytes = Math.max(settings.maxValueBytes, 256);
  return settings;
}

/** Queued operations above which a pruning slice waits for the write queue first. */
const DEFER_ABOVE_OPS = 64;
/** Macrotasks a pruning slice waits at most (the queue drains about 8 ms per macrotask). */
const MAX_DEFERRALS = 200;

/**
 * Prunes workflows marked by `note`, one small slice per macrotask. A workflow is checked once
 * every `executionsPerWorkflow / 20` finished runs (not after each), so that checking stays
 * cheap; until then it may hold up to 5% more runs than the limit.
 */
export class RetentionPruner {
  private readonly pending = new Set<string>();
  private readonly finishedSinceCheck = new Map<string, number>();
  private timer: NodeJS.Immediate | undefined;
  private stopped = false;
  /** Slices in a row that waited for the write queue (see slice()). */
  private deferrals = 0;

  constructor(private readonly ctx: StoreContext) {}

  /** A run of `workflowId` finished: check its limit when enough runs have finished. */
  note(workflowId: string): void {
    if (this.stopped) return;
    const finished = (this.finishedSinceCheck.get(workflowId) ?? 0) + 1;
    if (finished < Math.max(1, Math.floor(this.ctx.retention.executionsPerWorkflow / 20))) {
      this.finishedSinceCheck.set(workflowId, finished);
      return;
    }
    this.finishedSinceCheck.delete(workflowId);
    this.pending.add(workflowId);
    this.schedule();
  }

  /** Marks every workflow for checking (at open). */
  noteAll(): void {
    for (const row of this.ctx.db.all<{ id: string }>('SELECT id FROM workflows WHERE execution_count > ?', [this.ctx.retention.executionsPerWorkflow])) {
      this.pending.add(row.id);
    }
    if (this.pending.size > 0) this.schedule();
  }

  /** Prunes everything pending now, still slice by slice; resolves when done. */
  async drain(): Promise<void> {
    while (this.pending.size > 0 && !this.stopped) {
      this.slice();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearImmediate(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setImmediate(() => {
      this.timer = undefined;
      try {
        this.slice();
      } catch (error) {
        // pruning is housekeeping: report, and let the next finished run try again
        this.ctx.logger.warn(`could not prune old executions: ${(error as Error).message}`);
        this.pending.clear();
      }
      if (this.pending.size > 0) this.schedule();
    });
  }

  /** Deletes up to `pruneBatch` executions of one pending workflow. */
  private slice(): void {
    const [workflowId] = this.pending;
    if (workflowId === undefined || this.stopped) return;
    const { executionsPerWorkflow, pruneBatch } = this.ctx.retention;
    // A large run is still being committed in slices: flushing it here would commit it all at
    // once and hold the thread; wait a while for the queue instead (bounded, so pruning never starves).
    if (this.ctx.queuedOps() > DEFER_ABOVE_OPS && this.deferrals < MAX_DEFERRALS) {
      this.deferrals++;
      return;
    }
    this.deferrals = 0;
    this.ctx.flushQueued();
    // Newest first along the (workflow_id, started_at) index; unfinished runs are never pruned.
    const excess = this.ctx.db
      .all<{ id: string; status: string }>('SELECT id, status FROM executions WHERE workflow_id = ?1 ORDER BY started_at DESC LIMIT ?2 OFFSET ?3', [
        workflowId,
        pruneBatch,
        executionsPerWorkflow,
      ])
      .filter((row) => row.status !== 'queued' && row.status !== 'running');
    if (excess.length === 0) {
      this.pending.delete(workflowId);
      return;
    }
    const now = this.ctx.now();
    const ops: Op[] = excess.map((row) => ['ex.delete', row.id, now]);
    this.ctx.enqueue(ops);
    this.ctx.flushQueued();
    if (excess.length < pruneBatch) this.pending.delete(workflowId);
  }
}
