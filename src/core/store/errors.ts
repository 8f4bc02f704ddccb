/**
 * Errors of the execution-history store. Each is a value a caller can show as one line: the
 * CLI maps `code` to an exit status, the extension to a notification; none needs a stack.
 */

/** Why a store operation was refused. */
export type StoreErrorCode =
  /** the database (or a journal) was written by a newer version of Workflow Studio */
  | 'NEWER_VERSION'
  /** the file at the database path is a SQLite database of another application */
  | 'FOREIGN_DATABASE'
  /** no workflow, version or execution with that id or path */
  | 'NOT_FOUND'
  /** an id prefix matched more than one execution */
  | 'AMBIGUOUS'
  /** the caller passed something the store cannot use (unparsable workflow text, bad limit…) */
  | 'INVALID_INPUT'
  /** the store was used after `close()` */
  | 'CLOSED'
  /** the disk refused a write (full, read-only, permissions) */
  | 'IO';

/** Thrown by the store for every failure a user can cause or fix. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/**
 * Thrown at open when the database file or a journal was written by a newer version: nothing
 * is changed on disk, so the newer tool keeps working with it.
 */
export class StoreVersionError extends StoreError {
  constructor(
    readonly path: string,
    readonly foundVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      'NEWER_VERSION',
      `the history database ${path} was written by a newer version of Workflow Studio ` +
        `(schema ${foundVersion}; this version knows up to ${knownVersion}). ` +
        'Update Workflow Studio, or point --db / WORKFLOW_DB at another file. Nothing was changed.',
    );
    this.name = 'StoreVersionError';
  }
}

/** True when `error` is a StoreError with one of `codes`. */
export function isStoreError(error: unknown, ...codes: StoreErrorCode[]): error is StoreError {
  return error instanceof StoreError && (codes.length === 0 || codes.includes(error.code));
}
