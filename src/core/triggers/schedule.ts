/**
 * Cron arithmetic for `trigger.schedule`, on croner: validation of patterns and time zones
 * (used by the node's config schema, so the Problems panel names a bad cron), and the next fire
 * time of a schedule with its start and end. Daylight-saving transitions behave as croner
 * defines: a fixed time inside a skipped hour fires at the first valid time after the gap, and a
 * fixed time inside a repeated hour fires once; hourly-style patterns fire on both repeats.
 */
import { Cron } from 'croner';

/** Croner's mode: the 5-field classic and the 6-field form with seconds first; no years. */
const CRON_MODE = '5-or-6-parts';

/** Why a cron pattern is unusable, or undefined when it is fine. */
export function cronProblem(pattern: string): string | undefined {
  let cron: Cron;
  try {
    cron = new Cron(pattern, { mode: CRON_MODE, timezone: 'UTC' });
  } catch (error) {
    return cronMessage(error);
  }
  // A pattern such as "0 0 30 2 *" parses but never matches: better said now than never fired.
  return cron.nextRun() === null ? `"${pattern}" never matches a date` : undefined;
}

/** Why a time-zone name is unusable, or undefined for a valid IANA name. */
export function timezoneProblem(timezone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return undefined;
  } catch {
    return `"${timezone}" is not an IANA time zone (e.g. "UTC", "Europe/Berlin", "America/New_York")`;
  }
}

/** Croner's messages start with the class that threw ("CronPattern: …"); users know it as cron. */
function cronMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Cron(Pattern|Date)?:\s*/, '');
}

/** What a schedule needs to compute fire times. */
export interface ScheduleSpec {
  cron: string;
  timezone: string;
  /** ISO date-time; with no offset it is read in `timezone`. The first fire may be at this instant. */
  startAt?: string;
  /** ISO date-time; fires stop before this instant. */
  endAt?: string;
}

/** The fire times of one schedule. */
export class CronSchedule {
  private readonly cron: Cron;

  /** Throws an `Error` naming the problem when the pattern, zone or dates are invalid. */
  constructor(readonly spec: ScheduleSpec) {
    const problem = cronProblem(spec.cron) ?? timezoneProblem(spec.timezone);
    if (problem) throw new Error(problem);
    try {
      this.cron = new Cron(spec.cron, {
        mode: CRON_MODE,
        timezone: spec.timezone,
        ...(spec.startAt ? { startAt: spec.startAt } : {}),
        ...(spec.endAt ? { stopAt: spec.endAt } : {}),
      });
    } catch (error) {
      throw new Error(cronMessage(error));
    }
  }

  /** The first fire strictly after `afterMs` (epoch ms), or undefined when there is none (past `endAt`). */
  nextAfter(afterMs: number): number | undefined {
    return this.cron.nextRun(new Date(afterMs))?.getTime() ?? undefined;
  }

  /** The next `count` fires after `afterMs` (fewer when the schedule ends). */
  nextFires(afterMs: number, count: number): number[] {
    const out: number[] = [];
    let at = afterMs;
    while (out.length < count) {
      const next = this.nextAfter(at);
      if (next === undefined) break;
      out.push(next);
      at = next;
    }
    return out;
  }
}
