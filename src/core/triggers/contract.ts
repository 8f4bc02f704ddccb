/**
 * The contract of the trigger runtime: what a host (the extension, `workflow serve`) hands it
 * and what it answers. The runtime arms every trigger node of the workflows whose status is
 * `active`, fires runs through `TriggerRunner`, and keeps the store's schedule and webhook
 * records current. It never imports `vscode`; both hosts adapt their own services to it.
 */
import type { Workflow } from '../model/workflow';
import type { ExecutionResult } from '../engine/engine';
import type { TriggerInfo } from '../engine/events';
import type { WorkflowStatus } from '../store';

/** The kinds of trigger node (`trigger.<kind>`); `manual` never fires by itself. */
export type TriggerKind = 'schedule' | 'webhook' | 'file' | 'workflow' | 'poll';

/** One workflow file as the runtime sees it. */
export interface TriggerWorkflow {
  /** Absolute path of the file. */
  file: string;
  /** The store's workflow id (see `registerWorkflow`). */
  workflowId: string;
  /** The store's status: only `active` arms triggers; `paused` keeps webhook paths (503). */
  status: WorkflowStatus;
  /** The validated workflow (files with errors are not handed over). */
  workflow: Workflow;
}

/** A trigger node that fired. */
export interface TriggerFire {
  target: TriggerWorkflow;
  /** Id of the trigger node; the run starts from it only (`triggerNodeId`). */
  nodeId: string;
  /** The run's input (request, file event, schedule tick, poll response…). */
  input: unknown;
  /** Recorded with the execution (`trigger_type`, `trigger_data`). */
  trigger: TriggerInfo;
}

/** A run the host has started. */
export interface StartedRun {
  /** Known as soon as the run is accepted (a webhook in `immediate` mode answers it with 202). */
  executionId: string;
  /**
   * Resolves when the run ends and its final status is durably recorded; never rejects
   * (failures are results, a result that could not be recorded is a failure).
   */
  done: Promise<ExecutionResult>;
  /**
   * Resolves once the accepted run is durably recorded (`queued`), so that answering for it is
   * safe; rejects when it could not be recorded. Absent when the host records nothing early.
   */
  accepted?: Promise<void>;
  /** Cancels the run (e.g. `workflow serve` after its grace period). */
  cancel(): void;
}

/** How the host starts and records runs. */
export interface TriggerRunner {
  /**
   * Starts a run of `fire.target` from `fire.nodeId`, recorded in the store with its trigger.
   * Throws `RunQueueFullError` when the host's queue is full (a webhook answers 429).
   */
  start(fire: TriggerFire): StartedRun;
}

/** Thrown by `TriggerRunner.start` when no more runs may wait. */
export class RunQueueFullError extends Error {
  constructor(message = 'the run queue is full') {
    super(message);
    this.name = 'RunQueueFullError';
  }
}

/** Where the runtime writes what it does (the output channel, stdout). */
export interface TriggerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What one armed trigger looks like from outside (Workflows view, `workflow serve` log). */
export interface TriggerState {
  workflowId: string;
  file: string;
  nodeId: string;
  nodeName: string;
  kind: TriggerKind;
  /** Next scheduled fire (epoch ms) for `schedule` and `poll`. */
  nextRunAt?: number;
  lastRunAt?: number;
  /** Runs this trigger started. */
  runCount: number;
  /** Times it fired, including fires skipped by an overlap policy. */
  triggerCount: number;
  /** Full URL for `webhook`, e.g. `http://127.0.0.1:5680/webhook/orders`. */
  url?: string;
  /**
   * Set when the trigger could not be armed (bad cron, a secret not set, a webhook path and
   * method already taken…) or its last attempt failed (a poll). The runtime does not log these:
   * hosts show them from the states.
   */
  error?: string;
}

/**
 * One webhook path the runtime asks the webhook server to answer. The server owns HTTP
 * (status codes, body limits, signatures); the route tells it what the workflow allows.
 */
export interface WebhookRoute {
  workflowId: string;
  nodeId: string;
  nodeName: string;
  /** Path under `/webhook/`, without leading or trailing slash, e.g. `orders/created`. */
  path: string;
  /** Config of the `trigger.webhook` node, parsed by its schema (defaults applied). */
  config: Record<string, unknown>;
  /** Current status: `paused` answers 503; other statuses than `active` are not routed (404). */
  status(): WorkflowStatus;
  /** Secret for HMAC verification, looked up per request (undefined when not set → 401). */
  secret(name: string): Promise<string | undefined>;
  /** Starts the run; may throw `RunQueueFullError` (429). */
  fire(input: unknown, trigger: TriggerInfo): StartedRun;
}

/**
 * What the runtime needs from the webhook server: replace the set of routes it answers, and
 * know its base URL (undefined until it listens) to show each webhook's full URL.
 */
export interface WebhookRouter {
  setRoutes(routes: readonly WebhookRoute[]): void;
  baseUrl(): string | undefined;
}

/**
 * What the runtime needs from the webhook server (`src/core/triggers/webhook/`): it hands over
 * the complete set of routes after every change, and asks where the server can be reached to
 * show each webhook's URL.
 */
export interface WebhookRouter {
  /**
   * Replaces every route. Called after each `sync` that changed them, and with `[]` on
   * dispose. Routes of `paused` workflows are included (the server answers 503 for them).
   */
  setRoutes(routes: readonly WebhookRoute[]): void;
  /**
   * Origin the server is reachable at, without a trailing slash (e.g. `http://127.0.0.1:5680`);
   * a route is served at `<baseUrl>/webhook/<path>`. Undefined while the server is not listening.
   */
  baseUrl(): string | undefined;
}

/**
 * Time as the runtime sees it: injected so tests of schedules and polls run on fake time.
 * `setTimer` is never asked for more than `MAX_TIMER_MS` at once; longer waits are re-armed.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimer(callback: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** Whatever the clock's `setTimer` returns (a Node `Timeout` for the system clock). */
export type TimerHandle = unknown;
