/** Fake time, a fake runner and a recording slot for trigger tests. */
import assert from 'node:assert/strict';
import { RunQueueFullError, type Clock, type StartedRun, type TimerHandle, type TriggerFire, type TriggerLogger, type TriggerRunner } from '../../../src/core/triggers/contract';
import { MAX_TIMER_MS } from '../../../src/core/triggers/clock';
import type { TriggerSlot } from '../../../src/core/triggers/triggerSlot';
import type { ExecutionResult } from '../../../src/core/engine/engine';

interface FakeTimer {
  id: number;
  at: number;
  callback: () => void;
}

/** A clock whose time moves only when a test says so; timers fire in time order. */
export class FakeClock implements Clock {
  private timers: FakeTimer[] = [];
  private nextId = 1;
  /** Longest delay ever asked of `setTimer`. */
  longestDelay = 0;

  constructor(public time: number) {}

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): TimerHandle {
    assert.ok(ms >= 0 && ms <= MAX_TIMER_MS, `setTimer asked for ${ms} ms`);
    this.longestDelay = Math.max(this.longestDelay, ms);
    const timer = { id: this.nextId++, at: this.time + ms, callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time to `to`, firing every timer due on the way at its own time (also ones set meanwhile). */
  advanceTo(to: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.at <= to).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = Math.max(this.time, to);
  }

  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  /** Moves the wall clock without firing anything (a clock adjusted, a laptop woken). */
  jump(to: number): void {
    this.time = to;
  }
}

/** A run the fake runner started; the test ends it. */
export interface FakeRun {
  fire: TriggerFire;
  executionId: string;
  finish(status?: ExecutionResult['status']): void;
  cancelled: boolean;
}

/** A runner that records fires and lets the test decide when each run ends. */
export class FakeRunner implements TriggerRunner {
  readonly runs: FakeRun[] = [];
  /** Set to make `start` refuse like a full queue. */
  full = false;
  private waiters: { count: number; resolve: () => void }[] = [];

  start(fire: TriggerFire): StartedRun {
    if (this.full) throw new RunQueueFullError();
    const executionId = `x${this.runs.length + 1}`;
    let resolve!: (result: ExecutionResult) => void;
    const done = new Promise<ExecutionResult>((r) => (resolve = r));
    const run: FakeRun = {
      fire,
      executionId,
      cancelled: false,
      finish: (status = 'success') =>
        resolve({ executionId, status, output: null, startedAt: '', completedAt: '', durationMs: 0, nodesExecuted: 0 }),
    };
    this.runs.push(run);
    for (const waiter of this.waiters.filter((w) => this.runs.length >= w.count)) waiter.resolve();
    this.waiters = this.waiters.filter((w) => this.runs.length < w.count);
    return { executionId, done, cancel: () => void (run.cancelled = true) };
  }

  /** Resolves once `count` runs were started in all (fails the test after `timeoutMs`). */
  waitForRuns(count: number, timeoutMs = 5000): Promise<void> {
    if (this.runs.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`expected ${count} runs, saw ${this.runs.length}: ${JSON.stringify(this.runs.map((r) => r.fire.input))}`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

/** A logger that keeps its lines. */
export function memoryTriggerLogger(): TriggerLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info: ${m}`), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
}

/** A slot that starts runs on a fake runner and keeps everything it is told. */
export class RecordingSlot implements TriggerSlot {
  readonly logger = memoryTriggerLogger();
  readonly label = 'test trigger';
  readonly runner = new FakeRunner();
  readonly nextRuns: (number | undefined)[] = [];
  readonly errors: (string | undefined)[] = [];
  readonly states: unknown[] = [];
  skips = 0;
  fires = 0;
  private watchers: (() => void)[] = [];

  constructor(readonly clock: Clock, private runsBefore = 0) {}

  /** Resolves once `predicate` holds, checked after every call the trigger makes (fails after `timeoutMs`). */
  until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; log: ${this.logger.lines.join(' | ')}; errors: ${this.errors.join(' | ')}`)), timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.watchers = this.watchers.filter((w) => w !== check);
        resolve();
      };
      this.watchers.push(check);
    });
  }

  private notify(): void {
    for (const watcher of [...this.watchers]) watcher();
  }

  runCount(): number {
    return this.runsBefore + this.runner.runs.length;
  }

  fire(input: unknown, data: unknown): StartedRun | undefined {
    this.fires++;
    try {
      return this.runner.start({ target: undefined as never, nodeId: 'n', input, trigger: { type: 'test', data } });
    } catch {
      return undefined;
    } finally {
      this.notify();
    }
  }

  skip(): void {
    this.skips++;
    this.fires++;
    this.notify();
  }

  setNextRunAt(at: number | undefined): void {
    this.nextRuns.push(at);
    this.notify();
  }

  setError(message: string | undefined): void {
    this.errors.push(message);
    this.notify();
  }

  saveState(state: unknown): void {
    this.states.push(state);
    this.notify();
  }

  /** The inputs of the runs started so far. */
  inputs(): unknown[] {
    return this.runner.runs.map((r) => r.fire.input);
  }
}

/** Lets promise callbacks (a run's `done`) run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const at = (text: string): number => Date.parse(text);
