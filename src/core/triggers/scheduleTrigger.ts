/**
 * An armed `trigger.schedule`: waits for each fire time of its cron schedule and applies the
 * node's overlap, catch-up and `maxRuns` policies. All timing goes through the slot's clock, so
 * tests drive it with fake time.
 */
import type { StartedRun } from './contract';
import { waitUntil, type PendingWait } from './clock';
import { CronSchedule } from './schedule';
import type { ArmedTrigger, TriggerSlot } from './triggerSlot';

/** The `trigger.schedule` config, defaults applied (see src/core/nodes/triggerSchedule.ts). */
export interface ScheduleConfig {
  cron: string;
  timezone: string;
  startAt?: string;
  endAt?: string;
  maxRuns?: number;
  overlap: 'skip' | 'queue' | 'allow';
  catchUp: 'skip' | 'runOnce';
}

/** What a scheduled run receives as its input (and the trigger node outputs). */
export interface ScheduleFireInput {
  scheduledAt: string;
  firedAt: string;
  timezone: string;
  catchUp?: true;
}

interface Fire {
  scheduledAt: number;
  catchUp: boolean;
}

/**
 * Arms a schedule. `recordedNextRunAt` is the next fire the store remembers from an earlier
 * process: when it has passed, `catchUp: 'runOnce'` fires once at once. Throws an `Error`
 * naming the problem when the cron, zone or dates are invalid.
 */
export function armSchedule(slot: TriggerSlot, config: ScheduleConfig, recordedNextRunAt: number | undefined): ArmedTrigger {
  return new ScheduleTrigger(slot, config, recordedNextRunAt);
}

class ScheduleTrigger implements ArmedTrigger {
  private readonly schedule: CronSchedule;
  private wait: PendingWait | undefined;
  /** Runs of this trigger still going (for the overlap policy). */
  private running = 0;
  /** The one fire waiting for the running run to end (`overlap: 'queue'`). */
  private queued: Fire | undefined;
  private stopped = false;

  constructor(
    private readonly slot: TriggerSlot,
    private readonly config: ScheduleConfig,
    recordedNextRunAt: number | undefined,
  ) {
    this.schedule = new CronSchedule(config);
    const now = slot.clock.now();
    if (recordedNextRunAt !== undefined && recordedNextRunAt < now) this.missed(recordedNextRunAt);
    this.armNext(now);
  }

  stop(): void {
    this.stopped = true;
    this.wait?.cancel();
    this.wait = undefined;
    if (this.queued) this.slot.logger.info(`${this.slot.label}: the queued scheduled run was dropped (trigger stopped)`);
    this.queued = undefined;
  }

  /** The fire recorded as next passed while nothing was running. */
  private missed(scheduledAt: number): void {
    const when = new Date(scheduledAt).toISOString();
    if (this.config.catchUp === 'runOnce' && !this.exhausted()) {
      this.slot.logger.info(`${this.slot.label}: catching up the run missed at ${when}`);
      this.fire({ scheduledAt, catchUp: true });
    } else {
      this.slot.logger.info(`${this.slot.label}: the run due at ${when} was missed and is skipped (catchUp: ${this.config.catchUp})`);
    }
  }

  private exhausted(): boolean {
    return this.config.maxRuns !== undefined && this.slot.runCount() >= this.config.maxRuns;
  }

  /** Plans the first fire after `afterMs`, or records that none is left. */
  private armNext(afterMs: number): void {
    if (this.stopped) return;
    if (this.exhausted()) {
      this.slot.setNextRunAt(undefined);
      this.slot.logger.info(`${this.slot.label}: maxRuns (${this.config.maxRuns}) reached; the schedule is done`);
      return;
    }
    const next = this.schedule.nextAfter(afterMs);
    this.slot.setNextRunAt(next);
    if (next === undefined) {
      this.slot.logger.info(`${this.slot.label}: no fire left before endAt; the schedule is done`);
      return;
    }
    this.wait = waitUntil(this.slot.clock, next, () => this.onTime(next));
  }

  private onTime(scheduledAt: number): void {
    this.wait = undefined;
    this.fire({ scheduledAt, catchUp: false });
    // After a late timer (a sleeping laptop) the missed times are not fired one by one:
    // the next fire is the first one after now.
    this.armNext(Math.max(scheduledAt, this.slot.clock.now()));
  }

  private fire(fire: Fire): void {
    if (this.running > 0 && this.config.overlap !== 'allow') {
      if (this.config.overlap === 'queue' && !this.queued) {
        this.queued = fire;
        return;
      }
      this.slot.skip(this.config.overlap === 'queue' ? 'a run is already queued behind the running one' : 'the previous run is still going');
      return;
    }
    this.start(fire);
  }

  private start(fire: Fire): void {
    if (this.exhausted()) return;
    const scheduledAt = new Date(fire.scheduledAt).toISOString();
    const input: ScheduleFireInput = {
      scheduledAt,
      firedAt: new Date(this.slot.clock.now()).toISOString(),
      timezone: this.config.timezone,
      ...(fire.catchUp ? { catchUp: true as const } : {}),
    };
    const run = this.slot.fire(input, { scheduledAt, ...(fire.catchUp ? { catchUp: true } : {}) });
    if (run) this.track(run);
  }

  private track(run: StartedRun): void {
    this.running++;
    const ended = (): void => {
      this.running--;
      const queued = this.queued;
      if (queued && !this.stopped && this.running === 0) {
        this.queued = undefined;
        this.start(queued);
      }
    };
    run.done.then(ended, ended);
  }
}
