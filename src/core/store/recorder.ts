/**
 * Turns the engine's events into store operations: one execution row, one node_results row per
 * node, iteration and attempt, every log line, and per node type statistics. The listener is
 * synchronous and cheap (operations are queued and written in batches); a finished execution
 * is a commit point, fsynced by the journal writer.
 */
import type {
  ExecutionEvent,
  ExecutionFinishedEvent,
  ExecutionListener,
  ExecutionStartedEvent,
  LogEvent,
  NodeFailedEvent,
  NodeFinishedEvent,
  NodeSkippedEvent,
  NodeStartedEvent,
} from '../engine/events';
import type { StoreContext } from './context';
import type { Op } from './ops';
import { workflowRowOps } from './registration';
import { SharedValues } from './sharedValues';
import { encodeValue, limitMessage } from './values';

/** Which workflow (and version) the recorded executions ran. */
export interface RecorderTarget {
  workflowId: string;
  versionId?: string;
}

interface StatsAggregate {
  executions: number;
  successes: number;
  failures: number;
  totalMs: number;
  minMs: number;
  maxMs: number;
  lastAt: number;
}

interface RunState {
  workflowId: string;
  /** False when events arrived without `execution.started` (the row is created at the finish). */
  sawStart: boolean;
  /** Start time of attempts in progress, by node|iteration|attempt. */
  attemptStarts: Map<string, number>;
  stats: Map<string, StatsAggregate>;
  /** Objects of this run already stored, which later inputs and outputs refer to instead of repeating them. */
  shared: SharedValues;
}

/** Hooks the store gives its recorders. */
export interface RecorderHooks {
  /** A run started: the store tracks it, to mark it interrupted if the store closes first. */
  started(executionId: string, workflowId: string): void;
  /** A run finished: retention may prune older ones. */
  finished(executionId: string, workflowId: string): void;
  /**
   * The recorder holds node starts until the end of the current turn; `release` queues them.
   * The store calls it before it closes or flushes within that turn.
   */
  holding(release: () => void): void;
  /** Nothing is held any more. */
  released(release: () => void): void;
  /**
   * The run was recorded as accepted (`queued`) before it started: its input as stored then.
   * Undefined for a run that was not; asked once, when the run starts.
   */
  accepted(executionId: string): { storedInput: string | null } | undefined;
}

function timeOf(iso: string | undefined, fallback: number): number {
  const parsed = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(parsed) ? parsed : fallback;
}

function attemptKey(nodeId: string, iteration: string, attempt: number): string {
  return `${nodeId}\u0000${iteration}\u0000${attempt}`;
}

/** Creates the engine listener that records into the store. Never throws (problems are logged). */
export function createRecorder(ctx: StoreContext, target: RecorderTarget, hooks: RecorderHooks): ExecutionListener {
  const runs = new Map<string, RunState>();
  const limits = ctx.retention;
  // Order keys of node results and log lines. Counted per recorder rather than per run, so that
  // a line arriving after its run finished still gets a key of its own.
  let nodeSeq = 0;
  let logSeq = 0;
  // `nr.start` operations held until the end of the current synchronous stretch, by run and
  // attempt. The engine's fast path starts and finishes a node in the same turn: such an
  // attempt becomes one `nr.run` row write instead of an insert plus an update, which is a
  // third of a webhook-triggered chain's operations. Attempts still going when the stretch ends
  // (an HTTP call, a delay) are queued as `nr.start` then, visible as running as before.
  const heldStarts = new Map<string, Op>();
  let releaseScheduled = false;
  const releaseStarts = () => {
    if (releaseScheduled) hooks.released(releaseStarts);
    releaseScheduled = false;
    if (heldStarts.size === 0) return;
    const ops = [...heldStarts.values()];
    heldStarts.clear();
    try {
      ctx.enqueue(ops);
    } catch (error) {
      ctx.logger.warn(`could not record node starts: ${(error as Error).message}`);
    }
  };

  const stateOf = (executionId: string): RunState => {
    let state = runs.get(executionId);
    if (!state) {
      // events of a run whose start this recorder did not see: record them all the same
      state = { workflowId: target.workflowId, sawStart: false, attemptStarts: new Map(), stats: new Map(), shared: new SharedValues() };
      runs.set(executionId, state);
    }
    return state;
  };

  const addStats = (state: RunState, nodeType: string, ok: boolean, durationMs: number, at: number) => {
    const stats = state.stats.get(nodeType) ?? { executions: 0, successes: 0, failures: 0, totalMs: 0, minMs: Infinity, maxMs: -Infinity, lastAt: 0 };
    stats.executions++;
    if (ok) stats.successes++;
    else stats.failures++;
    stats.totalMs += durationMs;
    stats.minMs = Math.min(stats.minMs, durationMs);
    stats.maxMs = Math.max(stats.maxMs, durationMs);
    stats.lastAt = Math.max(stats.lastAt, at);
    state.stats.set(nodeType, stats);
  };

  const onStarted = (event: ExecutionStartedEvent) => {
    const state: RunState = { workflowId: target.workflowId, sawStart: true, attemptStarts: new Map(), stats: new Map(), shared: new SharedValues() };
    runs.set(event.executionId, state);
    const accepted = hooks.accepted(event.executionId);
    if (accepted) {
      // the row exists (queued, with this input): it only starts running now
      state.shared.storedInput(event.input, accepted.storedInput);
      ctx.enqueue([['ex.run', event.executionId, timeOf(event.startedAt, event.at)]]);
      hooks.started(event.executionId, target.workflowId);
      return;
    }
    const input = encodeValue(event.input, limits.maxValueBytes);
    state.shared.storedInput(event.input, input);
    const ops: Op[] = workflowRowOps(ctx, target.workflowId);
    ops.push([
      'ex.start',
      event.executionId,
      target.workflowId,
      target.versionId ?? null,
      event.workflowName,
      event.parentExecutionId ?? null,
      'running',
      event.trigger.type,
      event.trigger.nodeId ?? null,
      encodeValue(event.trigger.data, limits.maxValueBytes),
      input,
      timeOf(event.startedAt, event.at),
      ctx.writerId,
    ]);
    ctx.enqueue(ops);
    hooks.started(event.executionId, target.workflowId);
  };

  const onNodeStarted = (event: NodeStartedEvent) => {
    const state = stateOf(event.executionId);
    const iteration = event.iteration ?? '';
    const key = attemptKey(event.nodeId, iteration, event.attempt);
    state.attemptStarts.set(key, event.at);
    heldStarts.set(`${event.executionId}\u0000${key}`, [
      'nr.start',
      event.executionId,
      event.nodeId,
      iteration,
      event.attempt,
      nodeSeq++,
      event.nodeName,
      event.nodeType,
      state.shared.referenceTo(event.input) ?? encodeValue(event.input, limits.maxValueBytes),
      event.at,
    ]);
    if (!releaseScheduled) {
      releaseScheduled = true;
      hooks.holding(releaseStarts);
      queueMicrotask(releaseStarts);
    }
  };

  const onNodeEnded = (event: NodeFinishedEvent | NodeFailedEvent) => {
    const state = stateOf(event.executionId);
    const iteration = event.iteration ?? '';
    const key = attemptKey(event.nodeId, iteration, event.attempt);
    const startedAt = state.attemptStarts.get(key) ?? event.at - event.durationMs;
    state.attemptStarts.delete(key);
    const failed = event.type === 'node.failed';
    addStats(state, event.nodeType, !failed, event.durationMs, event.at);
    const heldKey = `${event.executionId}\u0000${key}`;
    const held = heldStarts.get(heldKey);
    heldStarts.delete(heldKey);
    const seq = nodeSeq++;
    const output = failed ? null : state.shared.encodeOutputs(event.output, limits.maxValueBytes);
    if (!failed) state.shared.storedOutput(event.output, output, event.nodeId, iteration, event.attempt);
    const op: Op = [
      held ? 'nr.run' : 'nr.finish',
      event.executionId,
      event.nodeId,
      iteration,
      event.attempt,
      held ? held[5] : seq,
      event.nodeName,
      event.nodeType,
      failed ? 'failed' : 'success',
      output,
      failed ? limitMessage(event.error.message, limits.maxLogMessageBytes) : null,
      failed ? (event.error.code ?? null) : null,
      failed ? (event.error.field ?? null) : null,
      failed ? (event.error.stack ?? null) : null,
      failed && event.willRetry ? 1 : 0,
      failed ? event.handling : null,
      startedAt,
      event.at,
      event.durationMs,
    ];
    // the held start's seq and input: the row looks exactly as if both operations were applied
    if (held) op.push(held[8]);
    ctx.enqueue([op]);
  };

  const onNodeSkipped = (event: NodeSkippedEvent) => {
    stateOf(event.executionId);
    ctx.enqueue([['nr.skip', event.executionId, event.nodeId, event.iteration ?? '', nodeSeq++, event.nodeName, event.nodeType, event.reason, event.at]]);
  };

  const onLog = (event: LogEvent) => {
    stateOf(event.executionId);
    ctx.enqueue([
      [
        'log',
        event.executionId,
        logSeq++,
        event.level,
        limitMessage(event.message, limits.maxLogMessageBytes),
        encodeValue(event.data, limits.maxValueBytes),
        event.nodeId ?? null,
        event.nodeName ?? null,
        event.iteration ?? null,
        event.at,
      ],
    ]);
  };

  const onFinished = (event: ExecutionFinishedEvent) => {
    // starts of attempts abandoned by the run are queued ahead of its (durable) end
    releaseStarts();
    const state = stateOf(event.executionId);
    runs.delete(event.executionId);
    const completedAt = timeOf(event.completedAt, event.at);
    const ops: Op[] = state.sawStart
      ? []
      : [
          ...workflowRowOps(ctx, state.workflowId),
          ['ex.start', event.executionId, state.workflowId, target.versionId ?? null, null, null, 'running', 'unknown', null, null, null, timeOf(event.startedAt, event.at - event.durationMs), ctx.writerId],
        ];
    ops.push(
      [
        'ex.finish',
        event.executionId,
        event.status,
        // the run's output is usually its last node's output, already stored
        state.shared.referenceTo(event.output) ?? encodeValue(event.output, limits.maxValueBytes),
        event.error ? limitMessage(event.error.message, limits.maxLogMessageBytes) : null,
        event.error?.code ?? null,
        event.error?.nodeId ?? null,
        event.error?.stack ?? null,
        completedAt,
        event.durationMs,
        event.nodesExecuted,
      ],
      ['wf.ran', state.workflowId, completedAt],
    );
    for (const [nodeType, s] of state.stats) {
      ops.push(['stats', state.workflowId, nodeType, s.executions, s.successes, s.failures, s.totalMs, s.minMs, s.maxMs, s.lastAt]);
    }
    // one batch, fsynced: the run, its count and its statistics become durable together
    ctx.enqueue(ops, true);
    hooks.finished(event.executionId, state.workflowId);
  };

  return (event: ExecutionEvent) => {
    try {
      switch (event.type) {
        case 'execution.started':
          return onStarted(event);
        case 'node.started':
          return onNodeStarted(event);
        case 'node.finished':
        case 'node.failed':
          return onNodeEnded(event);
        case 'node.skipped':
          return onNodeSkipped(event);
        case 'log':
          return onLog(event);
        case 'execution.finished':
          return onFinished(event);
      }
    } catch (error) {
      ctx.logger.warn(`could not record ${event.type} of execution ${event.executionId}: ${(error as Error).message}`);
    }
  };
}
