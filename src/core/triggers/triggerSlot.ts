/**
 * The seam between the runtime and one armed trigger. Each kind (schedule, file, poll) only
 * decides *when* to fire; the slot the runtime hands it does the rest the same way for all:
 * counting, recording in the store, starting the run, logging, and telling the views.
 */
import type { Clock, StartedRun, TriggerLogger } from './contract';

/** What an armed trigger may do. */
export interface TriggerSlot {
  readonly clock: Clock;
  readonly logger: TriggerLogger;
  /** For log lines: `"Nightly" (reports/nightly.workflow.json)`. */
  readonly label: string;
  /** Runs this trigger has started, over its recorded history (so `maxRuns` survives restarts). */
  runCount(): number;
  /**
   * Starts a run with `input`; `data` is recorded as the execution's trigger data. Counts the
   * fire (and the run). Returns undefined, after logging why, when no run could start (the
   * host's queue is full, the host refused).
   */
  fire(input: unknown, data: unknown): StartedRun | undefined;
  /** Counts a fire that starts no run (an overlap policy), logging `reason`. */
  skip(reason: string): void;
  /** The next planned fire (epoch ms), or undefined when none is planned; recorded in the store. */
  setNextRunAt(at: number | undefined): void;
  /** Shows a problem on the trigger (in its state, which hosts display), or clears it. */
  setError(message: string | undefined): void;
  /** Remembers `state` in the store between processes (a poll's baseline). */
  saveState(state: unknown): void;
}

/** A trigger that is waiting to fire. */
export interface ArmedTrigger {
  /** Stops every timer, watcher and request of the trigger; runs already started go on. */
  stop(): void;
}
