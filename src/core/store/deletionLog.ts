/**
 * The record of journals deleted after being folded into a snapshot. A process that keeps its
 * database in memory reads it when the snapshot changes: a journal it never finished reading
 * and that is now gone means its memory misses records, and it reloads from the snapshot.
 *
 * Written by the snapshot writer under the lock, before it deletes anything (temp + rename).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One deleted journal. */
export interface DeletedJournal {
  /** Bytes of the journal that the snapshot holds (all of its whole records). */
  bytes: number;
  /** Generation of the first snapshot written after its deletion was decided; it holds the journal. */
  generation: number;
  at: number;
}

export interface DeletionLog {
  entries: Record<string, DeletedJournal>;
  /** Highest generation among entries dropped for age: a process loaded before it cannot check. */
  prunedGeneration: number;
}

const FILE = 'deleted.json';
/** Entries are kept this long; a process idle for longer reloads rather than trusting its memory. */
export const DELETION_LOG_TTL_MS = 7 * 24 * 3600 * 1000;

export async function readDeletionLog(journalDirectory: string): Promise<DeletionLog | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(journalDirectory, FILE), 'utf8')) as DeletionLog;
    if (typeof parsed !== 'object' || parsed === null || typeof parsed.entries !== 'object') return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

/** Adds entries and drops old ones; written atomically. */
export async function appendDeletionLog(journalDirectory: string, added: Record<string, DeletedJournal>, now = Date.now()): Promise<void> {
  const log = (await readDeletionLog(journalDirectory)) ?? { entries: {}, prunedGeneration: 0 };
  for (const [file, entry] of Object.entries(log.entries)) {
    if (now - entry.at > DELETION_LOG_TTL_MS) {
      log.prunedGeneration = Math.max(log.prunedGeneration, entry.generation);
      delete log.entries[file];
    }
  }
  Object.assign(log.entries, added);
  const path = join(journalDirectory, FILE);
  const temp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  await writeFile(temp, JSON.stringify(log));
  await rename(temp, path);
}
