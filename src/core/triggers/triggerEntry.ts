/**
 * One trigger node known to the runtime: its counters and next run (seeded from the store's
 * record), the workflow it starts (updated by every sync, so a fire always runs the latest
 * file), and the `TriggerSlot` its armed trigger fires through.
 */
import { relative } from 'node:path';
import type { TriggerInfo } from '../engine/events';
import type { WorkflowNode } from '../model/workflow';
import type { TriggerKey, TriggerRecord, TriggerRecordKind, WorkflowStore } from '../store';
import { RunQueueFullError, type Clock, type StartedRun, type TriggerLogger, type TriggerRunner, type TriggerState, type TriggerWorkflow } from './contract';
import type { ArmedTrigger, TriggerSlot } from './triggerSlot';

/** What an entry needs from the runtime. */
export interface EntryContext {
  runner: TriggerRunner;
  logger: TriggerLogger;
  clock: Clock;
  workspaceRoot: string;
  store?: WorkflowStore;
  /** Something visible changed (counts, next run, error). */
  changed(): void;
}

export class TriggerEntry implements TriggerSlot {
  readonly key: TriggerKey;
  /** Set once armed; undefined while arming or when arming failed. */
  armed: ArmedTrigger | undefined;
  /** Why arming failed. */
  armError: string | undefined;
  /** Why the webhook route is not served (its path and method are taken). */
  conflict: string | undefined;
  /** The last attempt's problem (a poll). */
  private attemptError: string | undefined;
  private nextRunAt: number | undefined;
  private lastRunAt: number | undefined;
  private runs = 0;
  private fires = 0;
  private stopped = false;
  private storeWarned = false;

  constructor(
    private readonly context: EntryContext,
    /** The workflow as of the latest sync. */
    public target: TriggerWorkflow,
    public node: WorkflowNode,
    readonly kind: TriggerRecordKind,
    /** What arming depends on: a new sync with another fingerprint re-arms. */
    readonly fingerprint: string,
  ) {
    this.key = { workflowId: target.workflowId, nodeId: node.id, kind };
  }

  /** For log lines: `schedule trigger "Nightly" (reports/nightly.workflow.json)`, with the current names. */
  get label(): string {
    return `${this.kind} trigger "${this.node.name}" (${relative(this.context.workspaceRoot, this.target.file) || this.target.file})`;
  }

  get clock(): Clock {
    return this.context.clock;
  }

  get logger(): TriggerLogger {
    return this.context.logger;
  }

  /** Takes over the counters the history holds (other processes' and earlier ones' too). */
  seed(record: TriggerRecord | undefined): void {
    if (!record) return;
    this.runs = record.runCount;
    this.fires = record.triggerCount;
    this.lastRunAt = record.lastRunAt;
  }

  runCount(): number {
    return this.runs;
  }

  /**
   * Starts a run; throws what the runner throws (`RunQueueFullError`), after counting the
   * fire. Webhook routes call this directly so that the server can answer 429. Works after
   * `stop` too: a request that matched a route just before a re-arm still gets its run.
   */
  start(input: unknown, trigger: Omit<TriggerInfo, 'type' | 'nodeId'>): StartedRun {
    const at = this.context.clock.now();
    let run: StartedRun;
    try {
      run = this.context.runner.start({ target: this.target, nodeId: this.node.id, input, trigger: { ...trigger, type: this.kind, nodeId: this.node.id } });
    } catch (error) {
      this.count(at, false);
      throw error;
    }
    this.count(at, true);
    return run;
  }

  fire(input: unknown, data: unknown): StartedRun | undefined {
    try {
      return this.start(input, { data });
    } catch (error) {
      if (error instanceof RunQueueFullError) this.context.logger.warn(`${this.label}: no run started: ${error.message}`);
      else this.context.logger.error(`${this.label}: no run started: ${(error as Error).message}`);
      return undefined;
    }
  }

  skip(reason: string): void {
    this.context.logger.info(`${this.label}: fire skipped: ${reason}`);
    this.count(this.context.clock.now(), false);
  }

  setNextRunAt(at: number | undefined): void {
    if (this.stopped || at === this.nextRunAt) return;
    this.nextRunAt = at;
    this.write((store) => store.setTriggerNextRun(this.key, at));
    this.context.changed();
  }

  setError(message: string | undefined): void {
    if (this.stopped || message === this.attemptError) return;
    this.attemptError = message;
    this.context.changed();
  }

  saveState(state: unknown): void {
    if (this.stopped) return;
    this.write((store) => store.setTriggerState(this.key, state));
  }

  /**
   * Stops the armed trigger. `forget` (the workflow was paused, the node removed or changed)
   * clears the planned next run in the store, so that activating it again does not catch up;
   * a process that merely stops keeps it, and the next one catches up if told to.
   */
  stop(forget: boolean): void {
    this.armed?.stop();
    this.armed = undefined;
    if (forget && this.nextRunAt !== undefined) this.write((store) => store.setTriggerNextRun(this.key, undefined));
    this.stopped = true;
  }

  /** The state shown to hosts; `url` for webhooks comes from the server. */
  state(url: string | undefined): TriggerState {
    const error = this.armError ?? this.conflict ?? this.attemptError;
    return {
      workflowId: this.target.workflowId,
      file: this.target.file,
      nodeId: this.node.id,
      nodeName: this.node.name,
      kind: this.kind,
      ...(this.nextRunAt !== undefined ? { nextRunAt: this.nextRunAt } : {}),
      ...(this.lastRunAt !== undefined ? { lastRunAt: this.lastRunAt } : {}),
      runCount: this.runs,
      triggerCount: this.fires,
      ...(url !== undefined ? { url } : {}),
      ...(error !== undefined ? { error } : {}),
    };
  }

  private count(at: number, started: boolean): void {
    this.fires++;
    if (started) {
      this.runs++;
      this.lastRunAt = at;
    }
    this.write((store) => store.recordTriggerFire(this.key, { at, started }));
    this.context.changed();
  }

  /** Store writes never stop a trigger: a closed or failing store is logged once and skipped. */
  private write(action: (store: WorkflowStore) => void): void {
    const store = this.context.store;
    if (!store) return;
    try {
      action(store);
    } catch (error) {
      if (this.storeWarned) return;
      this.storeWarned = true;
      this.context.logger.warn(`${this.label}: could not record to the history: ${(error as Error).message}`);
    }
  }
}
