/** Cron fire times (UTC, daylight-saving zones, bounds) and the schedule trigger's policies on fake time. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CronSchedule, cronProblem, timezoneProblem } from '../../../src/core/triggers/schedule';
import { armSchedule, type ScheduleConfig } from '../../../src/core/triggers/scheduleTrigger';
import { MAX_TIMER_MS, waitUntil } from '../../../src/core/triggers/clock';
import { triggerSchedule } from '../../../src/core/nodes/triggerSchedule';
import { FakeClock, RecordingSlot, at, iso, settle } from './helpers';

const fires = (schedule: CronSchedule, from: string, count: number) => schedule.nextFires(at(from), count).map(iso);

describe('cron fire times', () => {
  it('computes the next fires in UTC, 5 and 6 fields', () => {
    const daily = new CronSchedule({ cron: '30 9 * * 1-5', timezone: 'UTC' });
    // 2025-01-03 is a Friday: the next weekday fires are Friday, then Monday and Tuesday
    assert.deepEqual(fires(daily, '2025-01-03T08:00:00Z', 3), ['2025-01-03T09:30:00.000Z', '2025-01-06T09:30:00.000Z', '2025-01-07T09:30:00.000Z']);
    // strictly after: a reference exactly on a fire time gives the following one
    assert.deepEqual(fires(daily, '2025-01-03T09:30:00Z', 1), ['2025-01-06T09:30:00.000Z']);
    const everyTenSeconds = new CronSchedule({ cron: '*/10 * * * * *', timezone: 'UTC' });
    assert.deepEqual(fires(everyTenSeconds, '2025-01-01T00:00:00.500Z', 2), ['2025-01-01T00:00:10.000Z', '2025-01-01T00:00:20.000Z']);
    const nickname = new CronSchedule({ cron: '@daily', timezone: 'UTC' });
    assert.deepEqual(fires(nickname, '2025-02-28T12:00:00Z', 2), ['2025-03-01T00:00:00.000Z', '2025-03-02T00:00:00.000Z']);
  });

  it('follows America/New_York across the March and November transitions', () => {
    const daily = new CronSchedule({ cron: '30 2 * * *', timezone: 'America/New_York' });
    // 2025-03-09 02:30 does not exist (02:00 → 03:00): croner fires at 03:00 EDT, the first valid time after the gap
    assert.deepEqual(fires(daily, '2025-03-08T12:00:00Z', 3), ['2025-03-09T07:00:00.000Z', '2025-03-10T06:30:00.000Z', '2025-03-11T06:30:00.000Z']);
    // the offset changes from -5 to -4: 02:30 local is 07:30Z before, 06:30Z after
    assert.deepEqual(fires(daily, '2025-03-07T12:00:00Z', 1), ['2025-03-08T07:30:00.000Z']);
    // 2025-11-02 01:30 happens twice; a fixed-time job fires once, at the first (EDT) occurrence
    const early = new CronSchedule({ cron: '30 1 * * *', timezone: 'America/New_York' });
    assert.deepEqual(fires(early, '2025-11-01T12:00:00Z', 2), ['2025-11-02T05:30:00.000Z', '2025-11-03T06:30:00.000Z']);
    // an hourly pattern fires on both occurrences of the repeated hour
    const hourly = new CronSchedule({ cron: '30 * * * *', timezone: 'America/New_York' });
    assert.deepEqual(fires(hourly, '2025-11-02T04:00:00Z', 4), [
      '2025-11-02T04:30:00.000Z', // 00:30 EDT
      '2025-11-02T05:30:00.000Z', // 01:30 EDT
      '2025-11-02T06:30:00.000Z', // 01:30 EST
      '2025-11-02T07:30:00.000Z', // 02:30 EST
    ]);
  });

  it('follows Europe/Berlin across the March and October transitions', () => {
    const daily = new CronSchedule({ cron: '0 9 * * *', timezone: 'Europe/Berlin' });
    // CET (+1) until 2025-03-30, CEST (+2) after
    assert.deepEqual(fires(daily, '2025-03-29T00:00:00Z', 2), ['2025-03-29T08:00:00.000Z', '2025-03-30T07:00:00.000Z']);
    // back to CET on 2025-10-26
    assert.deepEqual(fires(daily, '2025-10-25T00:00:00Z', 2), ['2025-10-25T07:00:00.000Z', '2025-10-26T08:00:00.000Z']);
    // 02:30 on 2025-03-30 is skipped by the clocks: it fires at 03:00 CEST
    const night = new CronSchedule({ cron: '30 2 * * *', timezone: 'Europe/Berlin' });
    assert.deepEqual(fires(night, '2025-03-29T12:00:00Z', 2), ['2025-03-30T01:00:00.000Z', '2025-03-31T00:30:00.000Z']);
  });

  it('honours startAt (inclusive) and endAt (exclusive), with or without an offset', () => {
    const bounded = new CronSchedule({ cron: '0 0 * * *', timezone: 'UTC', startAt: '2025-01-05T00:00:00Z', endAt: '2025-01-07T00:00:00Z' });
    assert.deepEqual(fires(bounded, '2025-01-01T00:00:00Z', 5), ['2025-01-05T00:00:00.000Z', '2025-01-06T00:00:00.000Z']);
    assert.equal(bounded.nextAfter(at('2025-01-06T00:00:00Z')), undefined);
    // a local date-time is read in the schedule's zone: midnight in Berlin is 23:00Z the day before
    const local = new CronSchedule({ cron: '0 * * * *', timezone: 'Europe/Berlin', startAt: '2025-01-05T00:00:00' });
    assert.deepEqual(fires(local, '2025-01-01T00:00:00Z', 1), ['2025-01-04T23:00:00.000Z']);
  });

  it('names what is wrong with a pattern or a zone', () => {
    assert.match(cronProblem('* * *') ?? '', /five, six, or seven|5 or 6/);
    assert.match(cronProblem('* * * * * * *') ?? '', /5 or 6 parts/);
    assert.match(cronProblem('61 * * * *') ?? '', /minute: 61/);
    assert.equal(cronProblem('0 0 30 2 *'), '"0 0 30 2 *" never matches a date');
    assert.equal(cronProblem('0 9 * * MON-FRI'), undefined);
    assert.match(timezoneProblem('Mars/Olympus') ?? '', /not an IANA time zone/);
    assert.equal(timezoneProblem('Asia/Kolkata'), undefined);
    assert.throws(() => new CronSchedule({ cron: '0 0 * * *', timezone: 'Nowhere/City' }), /not an IANA time zone/);
  });

  it('validates the node config with messages that name the field', () => {
    const parsed = triggerSchedule.configSchema.safeParse({ cron: '0 25 * * *', timezone: 'Europe/Nowhere', startAt: 'tomorrow' });
    assert.equal(parsed.success, false);
    const issues = parsed.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    assert.equal(issues.length, 3, issues.join('\n'));
    assert.match(issues[0], /^cron: .*hour: 25/);
    assert.match(issues[1], /^timezone: "Europe\/Nowhere" is not an IANA time zone/);
    assert.match(issues[2], /^startAt: /);
    const defaults = triggerSchedule.configSchema.parse({ cron: '* * * * *' });
    assert.deepEqual(defaults, { cron: '* * * * *', timezone: 'UTC', overlap: 'skip', catchUp: 'skip' });
  });
});

const T0 = at('2025-06-01T12:00:00Z');
const MINUTE = 60_000;

function config(overrides: Partial<ScheduleConfig> = {}): ScheduleConfig {
  return { cron: '* * * * *', timezone: 'UTC', overlap: 'allow', catchUp: 'skip', ...overrides };
}

describe('schedule trigger on fake time', () => {
  it('fires at each cron time with the documented input, and plans the next', async () => {
    const clock = new FakeClock(T0 + 5_000);
    const slot = new RecordingSlot(clock);
    const armed = armSchedule(slot, config({ timezone: 'Europe/Berlin' }), undefined);
    assert.deepEqual(slot.nextRuns, [T0 + MINUTE]);
    clock.advanceTo(T0 + MINUTE - 1);
    assert.equal(slot.runner.runs.length, 0, 'nothing before its time');
    clock.advanceTo(T0 + 3 * MINUTE);
    assert.deepEqual(slot.inputs(), [1, 2, 3].map((m) => ({ scheduledAt: iso(T0 + m * MINUTE), firedAt: iso(T0 + m * MINUTE), timezone: 'Europe/Berlin' })));
    assert.deepEqual(slot.runner.runs[0].fire.trigger.data, { scheduledAt: iso(T0 + MINUTE) });
    assert.deepEqual(slot.nextRuns, [1, 2, 3, 4].map((m) => T0 + m * MINUTE));
    armed.stop();
    assert.equal(clock.pending, 0, 'stop clears the timer');
    clock.advance(10 * MINUTE);
    assert.equal(slot.runner.runs.length, 3);
  });

  it('stops after maxRuns, counting runs recorded before', () => {
    const clock = new FakeClock(T0);
    const slot = new RecordingSlot(clock, 1);
    armSchedule(slot, config({ maxRuns: 3 }), undefined);
    clock.advance(10 * MINUTE);
    assert.equal(slot.runner.runs.length, 2, 'one run was recorded before: two more make three');
    assert.equal(slot.nextRuns.at(-1), undefined, 'no next run is planned');
    assert.equal(clock.pending, 0);
    assert.ok(slot.logger.lines.some((l) => l.includes('maxRuns (3) reached')));
  });

  it('ends at endAt and never fires before startAt', () => {
    const clock = new FakeClock(T0);
    const slot = new RecordingSlot(clock);
    armSchedule(slot, config({ startAt: iso(T0 + 10 * MINUTE), endAt: iso(T0 + 12 * MINUTE) }), undefined);
    assert.deepEqual(slot.nextRuns, [T0 + 10 * MINUTE]);
    clock.advance(60 * MINUTE);
    assert.deepEqual(slot.inputs().map((i) => (i as { scheduledAt: string }).scheduledAt), [iso(T0 + 10 * MINUTE), iso(T0 + 11 * MINUTE)]);
    assert.equal(clock.pending, 0);
  });

  it('overlap skip: a fire while the previous run goes on is counted and starts nothing', async () => {
    const clock = new FakeClock(T0);
    const slot = new RecordingSlot(clock);
    armSchedule(slot, config({ overlap: 'skip' }), undefined);
    clock.advance(MINUTE);
    clock.advance(MINUTE);
    clock.advance(MINUTE);
    assert.equal(slot.runner.runs.length, 1);
    assert.equal(slot.skips, 2);
    slot.runner.runs[0].finish();
    await settle();
    clock.advance(MINUTE);
    assert.equal(slot.runner.runs.length, 2, 'fires again once the run ended');
  });

  it('overlap queue: at most one run waits, and it starts when the running one ends', async () => {
    const clock = new FakeClock(T0);
    const slot = new RecordingSlot(clock);
    armSchedule(slot, config({ overlap: 'queue' }), undefined);
    clock.advance(MINUTE); // runs
    clock.advance(MINUTE); // queued
    clock.advance(MINUTE); // skipped: one is queued already
    assert.equal(slot.runner.runs.length, 1);
    assert.equal(slot.skips, 1);
    slot.runner.runs[0].finish();
    await settle();
    assert.equal(slot.runner.runs.length, 2, 'the queued fire started');
    const queued = slot.runner.runs[1].fire.input as { scheduledAt: string; firedAt: string };
    assert.deepEqual([queued.scheduledAt, queued.firedAt], [iso(T0 + 2 * MINUTE), iso(T0 + 3 * MINUTE)]);
    slot.runner.runs[1].finish();
    await settle();
    assert.equal(slot.runner.runs.length, 2, 'nothing else was waiting');
  });

  it('overlap queue: stopping drops the queued fire', async () => {
    const clock = new FakeClock(T0);
    const slot = new RecordingSlot(clock);
    const armed = armSchedule(slot, config({ overlap: 'queue' }), undefined);
    clock.advance(2 * MINUTE);
    armed.stop();
    slot.runner.runs[0].finish();
    await settle();
    assert.equal(slot.runner.runs.length, 1);
  });

  it('overlap allow: runs side by side', () => {
    const clock = new FakeClock(T0);
    const slot = new RecordingSlot(clock);
    armSchedule(slot, config({ overlap: 'allow' }), undefined);
    clock.advance(3 * MINUTE);
    assert.equal(slot.runner.runs.length, 3);
    assert.equal(slot.skips, 0);
  });

  it('catch-up runOnce: a recorded next run that passed fires once at arming', () => {
    const clock = new FakeClock(T0);
    const slot = new RecordingSlot(clock);
    armSchedule(slot, config({ cron: '0 * * * *', catchUp: 'runOnce' }), T0 - 3 * 3600_000);
    assert.deepEqual(slot.inputs(), [{ scheduledAt: iso(T0 - 3 * 3600_000), firedAt: iso(T0), timezone: 'UTC', catchUp: true }]);
    assert.deepEqual(slot.runner.runs[0].fire.trigger.data, { scheduledAt: iso(T0 - 3 * 3600_000), catchUp: true });
    assert.deepEqual(slot.nextRuns, [T0 + 3600_000], 'then the schedule goes on');
  });

  it('catch-up skip, or a recorded next run still ahead: nothing fires at arming', () => {
    const clock = new FakeClock(T0);
    const skipping = new RecordingSlot(clock);
    armSchedule(skipping, config({ cron: '0 * * * *', catchUp: 'skip' }), T0 - 3600_000);
    assert.equal(skipping.runner.runs.length, 0);
    assert.ok(skipping.logger.lines.some((l) => l.includes('missed and is skipped')));
    const ahead = new RecordingSlot(clock);
    armSchedule(ahead, config({ cron: '0 * * * *', catchUp: 'runOnce' }), T0 + 3600_000);
    assert.equal(ahead.runner.runs.length, 0);
    const exhausted = new RecordingSlot(clock, 5);
    armSchedule(exhausted, config({ cron: '0 * * * *', catchUp: 'runOnce', maxRuns: 5 }), T0 - 3600_000);
    assert.equal(exhausted.runner.runs.length, 0, 'maxRuns reached: no catch-up');
  });

  it('a late timer (a laptop that slept) fires once, then resumes from now', () => {
    const clock = new FakeClock(T0);
    const slot = new RecordingSlot(clock);
    armSchedule(slot, config(), undefined);
    clock.jump(T0 + 30 * MINUTE + 10_000);
    clock.advance(0);
    assert.equal(slot.runner.runs.length, 1);
    assert.deepEqual(slot.nextRuns.at(-1), T0 + 31 * MINUTE);
  });

  it('waits longer than a timer can hold in steps', () => {
    const clock = new FakeClock(T0);
    const slot = new RecordingSlot(clock);
    // once a year, on January 1st: about 214 days ahead of June 1st
    armSchedule(slot, config({ cron: '0 0 1 1 *' }), undefined);
    const due = at('2026-01-01T00:00:00Z');
    assert.deepEqual(slot.nextRuns, [due]);
    clock.advanceTo(due - 1);
    assert.equal(slot.runner.runs.length, 0);
    assert.equal(clock.longestDelay, MAX_TIMER_MS);
    clock.advanceTo(due);
    assert.equal(slot.runner.runs.length, 1);
  });

  it('waitUntil waits again when its timer fires before the wall clock reaches the instant', () => {
    // A hand-driven clock: the test decides when each timer callback runs and what time it is.
    let now = T0;
    const timers: { callback: () => void; ms: number }[] = [];
    const clock = { now: () => now, setTimer: (callback: () => void, ms: number) => timers.push({ callback, ms }), clearTimer: () => undefined };
    let called = 0;
    waitUntil(clock, T0 + 1000, () => called++);
    assert.deepEqual(timers.map((t) => t.ms), [1000]);
    now = T0 + 400; // the wall clock was set back meanwhile: only 400 ms passed by it
    timers[0].callback();
    assert.equal(called, 0);
    assert.deepEqual(timers.map((t) => t.ms), [1000, 600], 'waits the remaining 600 ms');
    now = T0 + 1000;
    timers[1].callback();
    assert.equal(called, 1);
    // an instant already passed is called at once, without a timer
    waitUntil(clock, T0, () => called++);
    assert.equal(called, 2);
    assert.equal(timers.length, 2);
  });
});
