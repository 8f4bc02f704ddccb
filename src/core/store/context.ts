/** What the store's parts (registration, recorder, queries, retention) share. */
import type { StoreLogger } from './logger';
import type { Op } from './ops';
import type { RetentionSettings } from './retention';
import type { SqlDatabase } from './sqlDatabase';

export interface StoreContext {
  /** The working copy (may be replaced by a reload: read it each time, do not keep it). */
  readonly db: SqlDatabase;
  /** Queues operations; those of one call stay in one batch. `durable` makes it a commit point. */
  enqueue(ops: Op[], durable?: boolean): void;
  /** Applies queued operations now (before a read, so that reads see every write). */
  flushQueued(): void;
  /** Operations queued and not yet applied (the queue applies them in slices from macrotasks). */
  queuedOps(): number;
  /** This process's journal writer: the owner of the runs it records. */
  readonly writerId: string;
  readonly retention: RetentionSettings;
  readonly logger: StoreLogger;
  now(): number;
}
