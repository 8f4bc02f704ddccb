/**
 * The execution-history store: one object per open database, used by `workflow run` to record,
 * by the `history`/`show`/`versions`/`stats`/`search` commands and by the extension to read.
 * See docs/store.md for the data kept, the durability design and the file layout.
 */
import type { ExecutionListener } from '../engine/events';
import { abandonOps, acceptOps, type AcceptedRun, type UnfinishedRun } from './acceptance';
import type { CompactionResult } from './compaction';
import type { StoreContext } from './context';
import { StoreError } from './errors';
import type { WriterLiveness } from './journalFiles';
import { consoleLogger, type StoreLogger } from './logger';
import { OpQueue } from './opQueue';
import type { Op } from './ops';
import { Persistence } from './persistence';
import { getExecution, listExecutions, resolveExecutionId } from './queries/executions';
import { executionStats, executionStatsByWorkflow, nodeTypeStats } from './queries/stats';
import { getVersion, versionHistory } from './queries/versions';
import {
  findWorkflowByPath,
  getWorkflow,
  listWorkflows,
  mostActiveWorkflows,
  recentlyModifiedWorkflows,
  searchWorkflows,
  workflowsNeedingAttention,
} from './queries/workflows';
import { createRecorder, type RecorderTarget } from './recorder';
import { archiveOldVersions, duplicateWorkflow, moveWorkflow, registerWorkflow, restoreVersion, updateWorkflow } from './registration';
import { retentionSettings, RetentionPruner, type RetentionSettings } from './retention';
import type { SqlDatabase } from './sqlDatabase';
import { getTriggerRecord, recordTriggerFire, setTriggerNextRun, setTriggerState, triggerRecords } from './triggerRecords';
import { DEFAULT_TUNING, type PersistenceTuning } from './tuning';
import type {
  AttentionItem,
  ExecutionDetail,
  ExecutionFilter,
  ExecutionStats,
  ExecutionSummary,
  NodeTypeStatsRecord,
  RegisteredWorkflow,
  RegisterWorkflowInput,
  RestoredVersion,
  TriggerKey,
  TriggerRecord,
  VersionRecord,
  WorkflowExecutionStats,
  WorkflowFilter,
  WorkflowPatch,
  WorkflowRecord,
  WorkflowSearch,
} from './types';

export interface OpenStoreOptions {
  /** Database file (see location.ts for the default per workspace). */
  path: string;
  retention?: Partial<RetentionSettings>;
  /** Receives warnings: a damaged file moved aside, a journal that could not be written. */
  logger?: StoreLogger;
  /** Persistence knobs (tests and benchmarks). */
  tuning?: Partial<PersistenceTuning>;
  /** Largest batch of operations committed at once (bounds the time one commit takes; default 500). */
  maxBatchOps?: number;
  /** Longest time an operation waits for its batch to be committed (default 20 ms). */
  maxBatchDelayMs?: number;
  /** Replaces the test of whether another process is alive (tests). */
  liveness?: WriterLiveness;
  /** Clock (tests). */
  now?: () => number;
}

/** Opens (or creates, on first write) the history database at `options.path`. */
export async function openStore(options: OpenStoreOptions): Promise<WorkflowStore> {
  const retention = retentionSettings(options.retention);
  const logger = options.logger ?? consoleLogger;
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const persistence = await Persistence.open({ dbPath: options.path, logger, tuning, liveness: options.liveness });
  const batching = { maxOps: options.maxBatchOps ?? 500, maxDelayMs: options.maxBatchDelayMs ?? 20 };
  const store = new WorkflowStore(options.path, persistence, retention, logger, tuning, batching, options.now ?? Date.now);
  store.interruptAbandonedRuns();
  store.startRetention();
  return store;
}

export class WorkflowStore {
  private readonly queue: OpQueue;
  private readonly pruner: RetentionPruner;
  private readonly context: StoreContext;
  /** Runs this process is recording: interrupted if the store closes before they finish. */
  private readonly active = new Map<string, string>();
  /** Runs recorded as accepted and not started yet: their stored input, for the recorder. */
  private readonly accepted = new Map<string, string | null>();
  /** Recorders holding node starts until the end of the turn (see recorder.ts); released before close and flush. */
  private readonly holding = new Set<() => void>();
  private lastRefresh = 0;
  private lastInterruptScan = 0;
  private closed = false;

  /** Use openStore(). */
  constructor(
    /** Path of the database file. */
    readonly path: string,
    private readonly persistence: Persistence,
    readonly retention: RetentionSettings,
    private readonly logger: StoreLogger,
    private readonly tuning: PersistenceTuning,
    batching: { maxOps: number; maxDelayMs: number },
    private readonly now: () => number,
  ) {
    this.queue = new OpQueue((ops, durable) => this.persistence.commit(ops, durable), batching.maxOps, batching.maxDelayMs, (error) =>
      logger.warn(`could not record to the history: ${(error as Error).message}`),
    );
    const queue = this.queue;
    this.context = {
      get db(): SqlDatabase {
        return persistence.db;
      },
      enqueue: (ops: Op[], durable?: boolean) => {
        this.assertOpen();
        queue.add(ops, durable);
      },
      flushQueued: () => queue.flush(),
      queuedOps: () => queue.size,
      writerId: persistence.writerId,
      retention,
      logger,
      now,
    };
    this.pruner = new RetentionPruner(this.context);
  }

  // ── writing ──────────────────────────────────────────────────────────────

  /**
   * Records a workflow file's content: creates its record on first sight and a new version
   * when the canonical content changed (formatting alone is no change), with a change summary
   * from the semantic diff. Call it before running, and on save.
   */
  async registerWorkflow(input: RegisterWorkflowInput): Promise<RegisteredWorkflow> {
    this.assertOpen();
    return registerWorkflow(this.context, input);
  }

  /**
   * An engine listener that records executions of one workflow version: the execution,
   * node results per attempt and iteration, logs and node type statistics. A finished
   * execution is durable once `flush()` resolves (it is fsynced in the background anyway).
   */
  recorder(target: RecorderTarget): ExecutionListener {
    this.assertOpen();
    return createRecorder(this.context, target, {
      started: (executionId, workflowId) => this.active.set(executionId, workflowId),
      finished: (executionId, workflowId) => {
        this.active.delete(executionId);
        this.pruner.note(workflowId);
      },
      holding: (release) => this.holding.add(release),
      released: (release) => this.holding.delete(release),
      accepted: (executionId) => {
        if (!this.accepted.has(executionId)) return undefined;
        const storedInput = this.accepted.get(executionId)!;
        this.accepted.delete(executionId);
        return { storedInput };
      },
    });
  }

  /**
   * Records a run as `queued` before it executes, and resolves once that is fsynced (with
   * everything queued before it: concurrent callers share one fsync). The recorder that later
   * sees the run start moves it to `running`. A host answers for the run only after this
   * resolves, so an acknowledged run is never missing from the history: if the process dies
   * before the run ends, the next process to open the store marks it `interrupted`.
   */
  async acceptExecution(run: AcceptedRun): Promise<void> {
    this.assertOpen();
    const { ops, storedInput } = acceptOps(this.context, run);
    this.accepted.set(run.executionId, storedInput);
    this.active.set(run.executionId, run.workflowId);
    this.queue.add(ops, true);
    await this.sync();
  }

  /**
   * Resolves once every commit point queued so far (an accepted run, a finished run) is on disk.
   * Unlike `flush()` it does not force out the node starts recorders hold for the current turn.
   */
  async sync(): Promise<void> {
    this.assertOpen();
    await this.queue.settle();
    await this.persistence.sync();
  }

  /**
   * Remembers an accepted webhook signature until `expiresAt` (epoch ms), so that a replay is
   * refused after a restart. Queued with the next commit point (a 202 waits for one).
   */
  rememberWebhookSignature(route: string, signature: string, expiresAt: number): void {
    if (this.closed) return;
    this.queue.add([['sig.seen', route, signature, expiresAt]]);
  }

  /** Webhook signatures still inside their window at `now`, by route. */
  async webhookSignatures(now: number = this.now()): Promise<Map<string, Map<string, number>>> {
    await this.beforeRead();
    const byRoute = new Map<string, Map<string, number>>();
    for (const row of this.db.all<{ route: string; signature: string; expires_at: number }>(
      'SELECT route, signature, expires_at FROM webhook_signatures WHERE expires_at > ?1 ORDER BY expires_at',
      [now],
    )) {
      let signatures = byRoute.get(row.route);
      if (!signatures) byRoute.set(row.route, (signatures = new Map()));
      signatures.set(row.signature, row.expires_at);
    }
    return byRoute;
  }

  /** Sets folder, favorite, status or template flag of a workflow record. */
  async updateWorkflow(workflowId: string, patch: WorkflowPatch): Promise<WorkflowRecord> {
    this.assertOpen();
    return updateWorkflow(this.context, workflowId, patch);
  }

  /** Copies a workflow's record (latest content, renamed) under a new path, as a draft. */
  async duplicateWorkflow(workflowId: string, target: { path: string; name?: string }): Promise<RegisteredWorkflow> {
    this.assertOpen();
    return duplicateWorkflow(this.context, workflowId, target);
  }

  /**
   * Moves a workflow's record to a new workspace-relative path, after the file was renamed or
   * moved: the record keeps its id, so versions, executions and statistics follow. A record
   * already at the new path without executions is replaced; one with executions makes the move
   * fail with INVALID_INPUT (naming both paths). Catches up with other processes first (no
   * read throttle); durable when it resolves. Throws NOT_FOUND for an unknown id.
   */
  async moveWorkflow(workflowId: string, newPath: string): Promise<WorkflowRecord> {
    await this.catchUp();
    const moved = moveWorkflow(this.context, workflowId, newPath);
    await this.persistence.sync();
    return moved;
  }

  /**
   * `moveWorkflow` for the record of the file at `oldPath`. Resolves undefined, changing
   * nothing, when there is no record at `oldPath` (a file never registered has no history).
   */
  async moveWorkflowByPath(oldPath: string, newPath: string): Promise<WorkflowRecord | undefined> {
    await this.catchUp();
    const source = findWorkflowByPath(this.db, oldPath);
    if (!source) return undefined;
    const moved = moveWorkflow(this.context, source.id, newPath);
    await this.persistence.sync();
    return moved;
  }

  /** The file text of a version; write it to the file to restore (registration records it). */
  async restoreVersion(versionId: string): Promise<RestoredVersion> {
    await this.beforeRead();
    return restoreVersion(this.context, versionId);
  }

  /** Drops the content of all but the newest `keep` versions of a workflow. Returns how many. */
  async archiveOldVersions(workflowId: string, keep: number): Promise<number> {
    this.assertOpen();
    return archiveOldVersions(this.context, workflowId, keep);
  }

  /**
   * Counts one fire of a trigger node, and the run it started (`started`). Queued with the
   * runs' records; merged from several processes, the counts add up.
   */
  recordTriggerFire(key: TriggerKey, fire: { at: number; started: boolean }): void {
    this.assertOpen();
    recordTriggerFire(this.context, key, fire);
  }

  /** Sets a trigger's next planned fire, or clears it (`undefined`); the newest setting wins. */
  setTriggerNextRun(key: TriggerKey, nextRunAt: number | undefined): void {
    this.assertOpen();
    setTriggerNextRun(this.context, key, nextRunAt);
  }

  /** Replaces what a trigger remembers between processes (JSON, e.g. a poll's baseline); the newest wins. */
  setTriggerState(key: TriggerKey, state: unknown): void {
    this.assertOpen();
    setTriggerState(this.context, key, state);
  }

  // ── reading ──────────────────────────────────────────────────────────────

  /** Trigger records (next run, last run, counts) of one workflow or of all. */
  async triggerRecords(filter: { workflowId?: string } = {}): Promise<TriggerRecord[]> {
    await this.beforeRead();
    return triggerRecords(this.db, filter.workflowId);
  }

  /** The record of one trigger node, or undefined when it never fired or planned a run. */
  async getTriggerRecord(key: TriggerKey): Promise<TriggerRecord | undefined> {
    await this.beforeRead();
    return getTriggerRecord(this.db, key);
  }

  async getWorkflow(workflowId: string): Promise<WorkflowRecord | undefined> {
    await this.beforeRead();
    return getWorkflow(this.db, workflowId);
  }

  /** The record of the workflow file at a workspace-relative path. */
  async findWorkflowByPath(path: string): Promise<WorkflowRecord | undefined> {
    await this.beforeRead();
    return findWorkflowByPath(this.db, path);
  }

  /** Workflows filtered by tags (any/all), folder, status, favorite, template. */
  async listWorkflows(filter: WorkflowFilter = {}): Promise<WorkflowRecord[]> {
    await this.beforeRead();
    return listWorkflows(this.db, filter);
  }

  /** Full-text search over names, descriptions, tags and node names, with the same filters. */
  async searchWorkflows(search: WorkflowSearch): Promise<WorkflowRecord[]> {
    await this.beforeRead();
    return searchWorkflows(this.db, search);
  }

  async mostActiveWorkflows(limit?: number): Promise<WorkflowRecord[]> {
    await this.beforeRead();
    return mostActiveWorkflows(this.db, limit);
  }

  async recentlyModifiedWorkflows(options: { since?: number; limit?: number } = {}): Promise<WorkflowRecord[]> {
    await this.beforeRead();
    return recentlyModifiedWorkflows(this.db, { ...options, now: this.now() });
  }

  /** Workflows whose last execution failed, timed out, partly failed or was interrupted. */
  async workflowsNeedingAttention(limit?: number): Promise<AttentionItem[]> {
    await this.beforeRead();
    return workflowsNeedingAttention(this.db, limit);
  }

  /** Versions of a workflow, newest first. */
  async versionHistory(workflowId: string): Promise<VersionRecord[]> {
    await this.beforeRead();
    return versionHistory(this.db, workflowId);
  }

  async getVersion(versionId: string): Promise<VersionRecord | undefined> {
    await this.beforeRead();
    return getVersion(this.db, versionId);
  }

  /** Executions, newest first (default 50). */
  async listExecutions(filter: ExecutionFilter = {}): Promise<ExecutionSummary[]> {
    await this.beforeRead();
    return listExecutions(this.db, filter);
  }

  /**
   * One execution with node results and logs; `idOrPrefix` may be a unique prefix (4+ chars).
   * Throws StoreError NOT_FOUND or AMBIGUOUS.
   */
  async getExecution(idOrPrefix: string, options: { logLimit?: number } = {}): Promise<ExecutionDetail> {
    await this.beforeRead();
    return getExecution(this.db, resolveExecutionId(this.db, idOrPrefix), options.logLimit);
  }

  /** Totals of one workflow's executions, or of all. */
  async executionStats(workflowId?: string): Promise<ExecutionStats> {
    await this.beforeRead();
    return executionStats(this.db, workflowId);
  }

  /** Totals per workflow. */
  async executionStatsByWorkflow(): Promise<WorkflowExecutionStats[]> {
    await this.beforeRead();
    return executionStatsByWorkflow(this.db);
  }

  /** Activity statistics per node type (of one workflow, or summed over all). */
  async nodeTypeStats(workflowId?: string): Promise<NodeTypeStatsRecord[]> {
    await this.beforeRead();
    return nodeTypeStats(this.db, workflowId);
  }

  // ── lifecycle ────────────────────────────────────────────────────────────

  /** Resolves once everything recorded so far is on disk (journal fsynced). */
  async flush(): Promise<void> {
    this.assertOpen();
    this.releaseHeldStarts();
    await this.queue.settle();
    await this.persistence.sync();
  }

  /** Picks up what other processes recorded since the last read. Resolves true if anything changed. */
  async refresh(): Promise<boolean> {
    this.assertOpen();
    this.lastRefresh = Date.now();
    const changed = await this.persistence.refresh();
    this.scanForAbandonedRuns();
    return changed;
  }

  /** Writes a new snapshot now, on the worker thread (normally automatic). */
  async compact(): Promise<CompactionResult | undefined> {
    this.assertOpen();
    await this.queue.settle();
    await this.persistence.sync();
    return this.persistence.compact();
  }

  /** Runs retention pruning to the end now (normally it runs in the background). */
  async prune(): Promise<void> {
    this.assertOpen();
    this.pruner.noteAll();
    await this.pruner.drain();
  }

  /**
   * Deletes finished executions — of one workflow, or all — with their node results and logs
   * ("Clear History"). Deletions are journaled tombstones like retention's, so every process
   * agrees; runs in progress are kept. Durable when it resolves; returns how many were deleted.
   */
  async deleteExecutions(filter: { workflowId?: string } = {}): Promise<number> {
    this.assertOpen();
    this.queue.flush();
    const rows = filter.workflowId
      ? this.db.all<{ id: string; status: string }>('SELECT id, status FROM executions WHERE workflow_id = ?1', [filter.workflowId])
      : this.db.all<{ id: string; status: string }>('SELECT id, status FROM executions', []);
    const ids = rows.filter((row) => row.status !== 'queued' && row.status !== 'running').map((row) => row.id);
    const now = this.now();
    for (let i = 0; i < ids.length; i += 200) {
      this.queue.add(ids.slice(i, i + 200).map((id): Op => ['ex.delete', id, now]), true);
      // one batch per macrotask: a large history never holds the thread for long
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.persistence.sync();
    return ids.length;
  }

  /**
   * Marks runs still in progress in this process as interrupted, seals the journal (fsync),
   * waits for background snapshot work and releases the database.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.releaseHeldStarts();
    this.pruner.stop();
    const at = this.now();
    const ops: Op[] = [...this.active.keys()].map((id) => ['ex.interrupt', id, at, 'the history store was closed while the run was in progress']);
    this.active.clear();
    this.accepted.clear();
    this.queue.add(ops, true);
    this.queue.flush();
    this.closed = true;
    await this.persistence.close();
  }

  /** Marks unfinished runs whose process is gone as interrupted. Called at open. */
  interruptAbandonedRuns(): void {
    this.lastInterruptScan = Date.now();
    const rows = this.db.all<UnfinishedRun>("SELECT id, owner FROM executions WHERE status IN ('queued', 'running')");
    const ops = abandonOps(
      this.db,
      rows.filter((row) => !(row.owner && this.persistence.isWriterAlive(row.owner))),
    );
    if (ops.length > 0) {
      this.logger.info(`${ops.length} unfinished run(s) of ended processes marked interrupted`);
      this.queue.add(ops, true);
    }
  }

  /** Starts background retention for workflows over their limit. */
  startRetention(): void {
    this.pruner.noteAll();
  }

  private get db(): SqlDatabase {
    return this.persistence.db;
  }

  private releaseHeldStarts(): void {
    for (const release of [...this.holding]) release();
  }

  private scanForAbandonedRuns(): void {
    if (Date.now() - this.lastInterruptScan >= this.tuning.interruptScanMs) this.interruptAbandonedRuns();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('CLOSED', 'the history store is closed');
  }

  /** A write that depends on what is recorded sees everything: this process's queue and other processes' journals, now. */
  private async catchUp(): Promise<void> {
    this.assertOpen();
    this.queue.flush();
    this.lastRefresh = Date.now();
    await this.persistence.refresh();
    this.queue.flush();
  }

  /** Reads see this process's queued writes and, at most every refreshThrottleMs, other processes'. */
  private async beforeRead(): Promise<void> {
    this.assertOpen();
    this.releaseHeldStarts();
    // committed in slices: a large run just recorded never stalls the thread
    await this.queue.settle();
    if (Date.now() - this.lastRefresh >= this.tuning.refreshThrottleMs) {
      this.lastRefresh = Date.now();
      await this.persistence.refresh();
      this.scanForAbandonedRuns();
      await this.queue.settle();
    }
  }
}
