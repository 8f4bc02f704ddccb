/**
 * Typed lifecycle events: the only way the engine reports. The CLI, the store and (later) the
 * extension subscribe to them; nothing else reaches into a running execution.
 */
import type { NodeOverrideSource } from './overrides';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Final state of an execution as the engine sees it. */
export type ExecutionStatus =
  /** every planned node succeeded or was skipped by a branch */
  | 'success'
  /** a node failed with `onError: fail` (or a validation/planning error) */
  | 'failed'
  /** the run completed, but some node failed with `onError: continue | errorOutput` */
  | 'partial'
  /** the caller's AbortSignal fired */
  | 'cancelled'
  /** `settings.timeoutMs` (or the run option) elapsed */
  | 'timeout';

/** Why a node did not run. */
export type SkipReason =
  /** every incoming edge came from an untaken branch or a skipped node */
  | 'branch'
  /** `disabled: true`; its input passed through */
  | 'disabled'
  /** not reachable from the trigger that started the run */
  | 'not-reached'
  /** the run stopped (failure, cancel, timeout) before the node's turn */
  | 'stopped';

/** How a run was started. */
export interface TriggerInfo {
  /** `manual`, `cli`, `schedule`, `webhook`, `file`, `workflow`, … */
  type: string;
  /** Id of the trigger node that fired, when there is one. */
  nodeId?: string;
  /** Extra facts about the trigger (request, file event, parent execution…). */
  data?: unknown;
}

/** A failure, as data. `nodeId` / `field` name where the user should look. */
export interface ErrorInfo {
  message: string;
  /** Machine-readable kind, e.g. `TIMEOUT`, `HTTP_STATUS`, `EXPRESSION`, `CANCELLED`. */
  code?: string;
  nodeId?: string;
  nodeName?: string;
  /** Config field the error is about, e.g. `url`. */
  field?: string;
  stack?: string;
}

interface EventBase {
  executionId: string;
  /** Epoch milliseconds. */
  at: number;
}

interface NodeEventBase extends EventBase {
  nodeId: string;
  nodeName: string;
  nodeType: string;
  /** Loop iteration path inside `flow.forEach` bodies, e.g. "3" or "3/1"; absent outside loops. */
  iteration?: string;
}

export interface ExecutionStartedEvent extends EventBase {
  type: 'execution.started';
  workflowName: string;
  /** ISO time. */
  startedAt: string;
  input: unknown;
  trigger: TriggerInfo;
  /** Set when this run is a sub-workflow of another execution. */
  parentExecutionId?: string;
}

export interface NodeStartedEvent extends NodeEventBase {
  type: 'node.started';
  attempt: number;
  input: unknown;
}

export interface NodeFinishedEvent extends NodeEventBase {
  type: 'node.finished';
  attempt: number;
  /** The data emitted, by output handle. */
  output: Record<string, unknown>;
  durationMs: number;
  /** Set when the node did not run: its output came from an override (a test's mock, a pinned output, a recorded one). */
  overridden?: NodeOverrideSource;
}

export interface NodeFailedEvent extends NodeEventBase {
  type: 'node.failed';
  attempt: number;
  error: ErrorInfo;
  durationMs: number;
  /** True when another attempt follows after `retryInMs`. */
  willRetry: boolean;
  retryInMs?: number;
  /** What happens next when no retry follows: the run fails, or goes on (`continue`, `errorOutput`). */
  handling: 'fail' | 'continue' | 'errorOutput';
}

export interface NodeSkippedEvent extends NodeEventBase {
  type: 'node.skipped';
  reason: SkipReason;
}

export interface LogEvent extends EventBase {
  type: 'log';
  level: LogLevel;
  message: string;
  data?: unknown;
  nodeId?: string;
  nodeName?: string;
  iteration?: string;
}

export interface ExecutionFinishedEvent extends EventBase {
  type: 'execution.finished';
  status: ExecutionStatus;
  /** Output of the run: the last node's output, or an object keyed by name of the end nodes. */
  output: unknown;
  error?: ErrorInfo;
  startedAt: string;
  completedAt: string;
  durationMs: number;
  /** Nodes that ran (each counted once, whatever its attempts or iterations). */
  nodesExecuted: number;
}

export type ExecutionEvent =
  | ExecutionStartedEvent
  | NodeStartedEvent
  | NodeFinishedEvent
  | NodeFailedEvent
  | NodeSkippedEvent
  | LogEvent
  | ExecutionFinishedEvent;

/** Receives events synchronously, in order. Must not throw (the engine isolates it if it does). */
export type ExecutionListener = (event: ExecutionEvent) => void;
