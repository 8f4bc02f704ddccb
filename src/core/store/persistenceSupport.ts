/** Small pure helpers of persistence.ts: when to compact, and the request sent to the worker. */
import type { CompactionRequest } from './compaction';
import type { PersistenceTuning } from './tuning';

/**
 * True when the journals are worth folding into a new snapshot: their unfolded bytes, or the
 * journal files that appeared since the last compaction (many short CLI runs).
 */
export function scheduleCheck(tuning: PersistenceTuning, snapshotBytes: number, unfoldedBytes: number, newJournalFiles: number): boolean {
  const threshold = Math.min(tuning.compactMaxBytes, Math.max(tuning.compactMinBytes, snapshotBytes * tuning.compactRatio));
  return unfoldedBytes >= threshold || newJournalFiles > tuning.maxJournalFiles;
}

export function compactionRequestFor(dbPath: string, tuning: PersistenceTuning): CompactionRequest {
  return {
    dbPath,
    graceMs: tuning.graceMs,
    leaseMs: tuning.leaseMs,
    tombstoneTtlMs: tuning.tombstoneTtlMs,
    vacuumFreeRatio: tuning.vacuumFreeRatio,
  };
}
