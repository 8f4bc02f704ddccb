/**
 * Events the host writes on the worker's behalf when the worker cannot: it was terminated
 * because it ignored a cancel, or it crashed. The history then shows a finished run (cancelled
 * or failed) with its open node attempts closed, instead of a run that stays "running".
 */
import type { ErrorInfo, ExecutionEvent, ExecutionFinishedEvent, ExecutionStatus, NodeStartedEvent } from '../../core/engine/events';
import type { ExecutionResult } from '../../core/engine/engine';
import type { RunJob } from './protocol';

/** Follows one run's events so that it can be closed properly from outside. */
export class RunTracker {
  private started?: { at: number; startedAt: string };
  private finished?: ExecutionFinishedEvent;
  private readonly open = new Map<string, NodeStartedEvent>();
  private readonly executed = new Set<string>();

  constructor(private readonly job: RunJob) {}

  /** True once the run's own `execution.finished` went by. */
  get hasFinished(): boolean {
    return this.finished !== undefined;
  }

  /** Notes an event posted by the worker. */
  observe(event: ExecutionEvent): void {
    // Sub-workflows report through the same channel with their own execution ids.
    if (event.executionId !== this.job.executionId) return;
    switch (event.type) {
      case 'execution.started':
        this.started = { at: event.at, startedAt: event.startedAt };
        break;
      case 'node.started':
        this.open.set(attemptKey(event), event);
        break;
      case 'node.finished':
      case 'node.failed':
        this.open.delete(attemptKey(event));
        this.executed.add(event.nodeId);
        break;
      case 'execution.finished':
        this.finished = event;
        break;
    }
  }

  /**
   * The events that end the run with `status` and `error`, and its result, for a worker that is
   * gone. When the run had already finished, no event is needed and its own result is returned.
   */
  close(status: ExecutionStatus, error: ErrorInfo, now: number = Date.now()): { events: ExecutionEvent[]; result: ExecutionResult } {
    if (this.finished) {
      const { type: _type, at: _at, ...result } = this.finished;
      return { events: [], result };
    }
    const events: ExecutionEvent[] = [];
    const executionId = this.job.executionId;
    if (!this.started) {
      this.started = { at: now, startedAt: new Date(now).toISOString() };
      events.push({
        type: 'execution.started',
        executionId,
        at: now,
        workflowName: this.job.workflow.name,
        startedAt: this.started.startedAt,
        input: this.job.input,
        trigger: this.job.trigger,
      });
    }
    for (const attempt of this.open.values()) {
      events.push({
        type: 'node.failed',
        executionId,
        at: now,
        nodeId: attempt.nodeId,
        nodeName: attempt.nodeName,
        nodeType: attempt.nodeType,
        ...(attempt.iteration !== undefined ? { iteration: attempt.iteration } : {}),
        attempt: attempt.attempt,
        error: { ...error, nodeId: attempt.nodeId, nodeName: attempt.nodeName },
        durationMs: Math.max(0, now - attempt.at),
        willRetry: false,
        handling: 'fail',
      });
      this.executed.add(attempt.nodeId);
    }
    this.open.clear();
    const result: ExecutionResult = {
      executionId,
      status,
      output: undefined,
      error,
      startedAt: this.started.startedAt,
      completedAt: new Date(now).toISOString(),
      durationMs: Math.max(0, now - this.started.at),
      nodesExecuted: this.executed.size,
    };
    const finished: ExecutionFinishedEvent = { type: 'execution.finished', at: now, ...result };
    events.push(finished);
    this.finished = finished;
    return { events, result };
  }
}

function attemptKey(event: { nodeId: string; iteration?: string }): string {
  return `${event.nodeId}\u0000${event.iteration ?? ''}`;
}
