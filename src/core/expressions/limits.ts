/**
 * Limits of one expression evaluation. JSONata evaluates in promise jobs that never give the
 * event loop a turn, so without this a runaway expression (`$f := function($n){ $f($n+1) }`)
 * would not see its node's or its run's time limit (timers are never run), nor Ctrl+C or
 * SIGTERM (signal handlers are never run), and would hold the process at full CPU.
 *
 * JSONata calls its `__evaluate_entry` hook before every step of an evaluation; the hook
 * installed here counts steps and, every `CHECK_EVERY_STEPS`, looks at the clock: after
 * `YIELD_EVERY_MS` of continuous work it yields one turn of the event loop (timers and signal
 * handlers run there, and with them the run's AbortSignal) and stops the evaluation with the
 * signal's reason once it has aborted. The depth limit is JSONata's own `stack` option.
 */
import { performance } from 'node:perf_hooks';

/** Nested evaluation steps an expression may reach (a recursion that never ends hits it). */
export const MAX_EXPRESSION_DEPTH = 5000;

const CHECK_EVERY_STEPS = 256;
const YIELD_EVERY_MS = 20;

/** JSONata's key of the hook it calls before each evaluation step. */
export const EVALUATE_ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry');

/**
 * Name of the binding that carries an evaluation's guard. A space cannot appear in a JSONata
 * variable name, so no expression can read or replace it.
 */
export const GUARD_BINDING = 'evaluation guard';

const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Per-evaluation state: counts steps and stops the evaluation when its signal aborts. */
export class EvaluationGuard {
  private steps = 0;
  private lastTurn = performance.now();

  constructor(private readonly signal: AbortSignal | undefined) {}

  /** Called before each step; a promise only when it is time to give the event loop a turn. */
  step(): Promise<void> | undefined {
    if (++this.steps % CHECK_EVERY_STEPS !== 0) return undefined;
    this.throwIfAborted();
    const now = performance.now();
    if (now - this.lastTurn < YIELD_EVERY_MS) return undefined;
    return yieldTurn().then(() => {
      this.lastTurn = performance.now();
      this.throwIfAborted();
    });
  }

  private throwIfAborted(): void {
    if (this.signal?.aborted) throw stopReason(this.signal);
  }
}

function stopReason(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('the evaluation was cancelled');
}

interface JsonataFrame {
  base?: { lookup(name: string): unknown };
}

/** The `__evaluate_entry` hook: finds the evaluation's guard in the root frame. */
export function onEvaluateEntry(_expr: unknown, _input: unknown, environment: JsonataFrame): Promise<void> | undefined {
  const guard = environment.base?.lookup(GUARD_BINDING);
  return guard instanceof EvaluationGuard ? guard.step() : undefined;
}
