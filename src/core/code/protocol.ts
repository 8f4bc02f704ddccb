/**
 * Messages between the code runner (main thread) and its worker threads. A worker holds one
 * request at a time; every reply carries the request's id so that a late reply is recognised
 * and dropped.
 */
import type { LogLevel } from '../engine/events';

/** main → worker: run `code` with these bindings. */
export interface RunCodeMessage {
  id: number;
  code: string;
  input: unknown;
  vars: Record<string, unknown>;
  node: Record<string, unknown>;
  execution: { id: string; started: string };
}

/** How user code failed; each becomes the `code` of a NodeError. */
export type CodeFailureCode =
  /** the code threw or its promise rejected */
  | 'CODE_ERROR'
  /** the code does not parse as a function body */
  | 'CODE_SYNTAX'
  /** the returned value cannot be structured-cloned (a function, a symbol…) */
  | 'CODE_RESULT';

/** A failure of user code, as data. Lines count from 1 at the first line of the user's body. */
export interface CodeFailure {
  code: CodeFailureCode;
  message: string;
  line?: number;
  column?: number;
}

/** worker → main. */
export type WorkerReply =
  /** sent once, when the worker has loaded and listens */
  | { type: 'ready' }
  | { type: 'log'; id: number; level: LogLevel; message: string }
  | { type: 'result'; id: number; value: unknown; recycle?: true }
  | { type: 'failure'; id: number; failure: CodeFailure; recycle?: true };

/** `workerData` of a code worker. */
export interface CodeWorkerData {
  /** How long an idle worker polls for the next request before it sleeps (see codeWorker.ts). */
  idleSpinMicros: number;
  /**
   * Memory outside the V8 heap (ArrayBuffers, typed arrays) the worker may still hold after a
   * run; past it the reply asks to be recycled (`recycle`), which frees it all.
   */
  offHeapLimitBytes?: number;
}
