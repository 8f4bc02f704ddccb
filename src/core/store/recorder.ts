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
}

/** Hooks the store gives its recorders. */
export interface RecorderHooks {
  /** A run started: the store tracks it, to mark it interrupted if the store closes first. */
  started(executionId: string, workflowId: string): void;
  /** A run finished: retention may prune older ones. */
  finished(executionId: string, workflowId: string): void;
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

  const stateOf = (executionId: string): RunState => {
    let state = runs.get(executionId);
    if (!state) {
      // events of a run whose start this recorder did not see: record them all the same
      state = { workflowId: target.workflowId, sawStart: false, attemptStarts: new Map(), stats: new Map() };
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
    runs.set(event.executionId, { workflowId: target.workflowId, sawStart: true, attemptStarts: new Map(), stats: new Map() });
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
      encodeValue(event.input, limits.maxValueBytes),
      timeOf(event.startedAt, event.at),
      ctx.writerId,
    ]);
    ctx.enqueue(ops);
    hooks.started(event.executionId, target.workflowId);
  };

  const onNodeStarted = (event: NodeStartedEvent) => {
    const state = stateOf(event.executionId);
    const iteration = event.iteration ?? '';
    state.attemptStarts.set(attemptKey(event.nodeId, iteration, event.attempt), event.at);
    ctx.enqueue([
      ['nr.start', event.executionId, event.nodeId, iteration, event.attempt, nodeSeq++, event.nodeName, event.nodeType, encodeValue(event.input, limits.maxValueBytes), event.at],
    ]);
  };

  const onNodeEnded = (event: NodeFinishedEvent | NodeFailedEvent) => {
    const state = stateOf(event.executionId);
    const iteration = event.iteration ?? '';
    const key = attemptKey(event.nodeId, iteration, event.attempt);
    const startedAt = state.attemptStarts.get(key) ?? event.at - event.durationMs;
    state.attemptStarts.delete(key);
    const failed = event.type === 'node.failed';
    addStats(state, event.nodeType, !failed, event.durationMs, event.at);
    ctx.enqueue([
      [
        'nr.finish',
        event.executionId,
        event.nodeId,
        iteration,
        event.attempt,
        nodeSeq++,
        event.nodeName,
        event.nodeType,
        failed ? 'failed' : 'success',
        failed ? null : encodeValue(event.output, limits.maxValueBytes),
        failed ? limitMessage(event.error.message, limits.maxLogMessageBytes) : null,
        failed ? (event.error.code ?? null) : null,
        failed ? (event.error.field ?? null) : null,
        failed ? (event.error.stack ?? null) : null,
        failed && event.willRetry ? 1 : 0,
        failed ? event.handling : null,
        startedAt,
        event.at,
        event.durationMs,
      ],
    ]);
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
        encodeValue(event.output, limits.maxValueBytes),
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
