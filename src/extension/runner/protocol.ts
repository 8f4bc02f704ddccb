/**
 * Messages between the extension host and the runner worker (runnerWorker.ts). The worker runs
 * one execution and reports every engine event; the host owns the history store, the secrets
 * and the decision to kill the worker. Both sides import these types, nothing else.
 */
import type { ExecutionEvent, TriggerInfo } from '../../core/engine/events';
import type { ExecutionResult } from '../../core/engine/engine';
import type { Workflow } from '../../core/model/workflow';

/** What the worker runs (its `workerData`). Everything is structured-cloneable. */
export interface RunJob {
  executionId: string;
  workflow: Workflow;
  /** Absolute path of the workflow file (sub-workflow paths are relative to it). */
  filePath: string;
  /** Root that file and shell nodes are confined to. */
  workspaceRoot: string;
  input: unknown;
  trigger: TriggerInfo;
  triggerNodeId?: string;
  /** Time limit of the run; absent = the workflow's own `settings.timeoutMs`, or none. */
  timeoutMs?: number;
  allowOutsideWorkspace: boolean;
}

/** Host → worker. */
export type HostMessage =
  /** Stop the run: the worker aborts the engine's signal. */
  | { type: 'cancel' }
  /** Answer to a `secret` request; `value` is absent when the secret is not set. */
  | { type: 'secret'; requestId: number; value?: string };

/** Worker → host. */
export type WorkerMessage =
  /** One engine event, in order. */
  | { type: 'event'; event: ExecutionEvent }
  /** The engine needs `$secrets.<name>`; the host answers with a `secret` message. */
  | { type: 'secret'; requestId: number; name: string }
  /** The run ended (after its `execution.finished` event). */
  | { type: 'done'; result: ExecutionResult };
