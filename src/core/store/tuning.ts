/**
 * Knobs of persistence. The defaults suit an editor session and CLI runs; tests shrink them to
 * make rotations and compactions happen often.
 */
export interface PersistenceTuning {
  /** A writer whose journal was not touched for this long is considered gone (pid reuse, other hosts). */
  leaseMs: number;
  /** How often an idle writer touches its journal to keep its lease. */
  leaseRefreshMs: number;
  /** A complete, folded journal is deleted only after this long, so that readers can finish it. */
  graceMs: number;
  /** A compaction lock older than this is broken. */
  lockStaleMs: number;
  /** How long a compaction waits for the lock before leaving the work to its holder. */
  lockTimeoutMs: number;
  /** Compact when the journals hold this share of the snapshot's size… */
  compactRatio: number;
  /** …but at least this many bytes… */
  compactMinBytes: number;
  /** …and at most this many (bounds the replay work of the next open). */
  compactMaxBytes: number;
  /** Compact when there are more journal files than this (many short CLI runs). */
  maxJournalFiles: number;
  /** Tombstones of pruned executions are kept this long. */
  tombstoneTtlMs: number;
  /** VACUUM during compaction when free pages exceed this share of the file. */
  vacuumFreeRatio: number;
  /** Compact on the calling thread instead of a worker (tests of the compaction itself). */
  inlineCompaction: boolean;
  /** Compact automatically when the thresholds are reached. */
  autoCompact: boolean;
  /** Minimum time between two automatic refreshes triggered by queries. */
  refreshThrottleMs: number;
  /** Minimum time between two scans for runs left behind by dead processes. */
  interruptScanMs: number;
}

export const DEFAULT_TUNING: PersistenceTuning = {
  leaseMs: 2 * 60_000,
  leaseRefreshMs: 20_000,
  graceMs: 30_000,
  lockStaleMs: 60_000,
  lockTimeoutMs: 2_000,
  compactRatio: 0.5,
  // Replaying journals at open costs ~150 ms per MB on this class of machine, and every CLI run
  // opens the store: keep what is left unfolded small. A compaction runs on a worker thread.
  compactMinBytes: 1024 * 1024,
  compactMaxBytes: 4 * 1024 * 1024,
  maxJournalFiles: 8,
  tombstoneTtlMs: 24 * 3600_000,
  vacuumFreeRatio: 0.3,
  inlineCompaction: false,
  autoCompact: true,
  refreshThrottleMs: 250,
  interruptScanMs: 10_000,
};
