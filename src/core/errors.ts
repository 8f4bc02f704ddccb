/**
 * Errors users can cause, as typed values. Each names where to look (node, field) so that the
 * CLI, the Problems panel and the canvas can point at it; none is meant to surface as a stack.
 */

/** Thrown by a node's `run` for a failure the user can fix (bad config, refused path, HTTP 500…). */
export class NodeError extends Error {
  readonly code: string;
  readonly field?: string;
  readonly data?: unknown;
  constructor(message: string, options: { code?: string; field?: string; data?: unknown; cause?: unknown } = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'NodeError';
    this.code = options.code ?? 'NODE_ERROR';
    this.field = options.field;
    this.data = options.data;
  }
}

/** Thrown when a node (or the whole execution) exceeds its time limit. */
export class TimeoutError extends Error {
  readonly code = 'TIMEOUT';
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

/** Thrown into a node when its execution was cancelled by the caller. */
export class CancelledError extends Error {
  readonly code = 'CANCELLED';
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** Thrown when a workflow file cannot be used: it does not parse or does not validate. */
export class WorkflowFileError extends Error {
  readonly code = 'INVALID_WORKFLOW';
  constructor(
    message: string,
    readonly file: string,
    readonly diagnostics: readonly { message: string; line: number; column: number; severity: string }[] = [],
  ) {
    super(message);
    this.name = 'WorkflowFileError';
  }
}

/** The message of any thrown value, without a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
