/**
 * Reading journals: listing the files of a database, and decoding what a file holds from a
 * given offset. Shared by the process that opens or refreshes the store and by the snapshot
 * writer, so both interpret the bytes the same way.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { decodeJournal, JOURNAL_FORMAT, type JournalHeader } from './journalFormat';
import { journalPath, parseJournalName, type JournalName } from './journalFiles';
import { StoreVersionError } from './errors';

/** A journal file on disk. */
export interface JournalEntry extends JournalName {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Journal files in `directory`, oldest generation first per writer; empty when there is none. */
export async function listJournals(directory: string): Promise<JournalEntry[]> {
  let files: string[];
  try {
    files = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: JournalEntry[] = [];
  for (const file of files) {
    const name = parseJournalName(file);
    if (!name) continue;
    const path = journalPath(directory, file);
    try {
      const s = await stat(path);
      entries.push({ ...name, path, size: s.size, mtimeMs: s.mtimeMs });
    } catch (error) {
      // deleted between readdir and stat: folded into a snapshot already
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return entries.sort((a, b) => (a.writer === b.writer ? a.generation - b.generation : a.writer < b.writer ? -1 : 1));
}

/** Newest journal mtime per writer: the writer's lease. */
export function newestMtimeByWriter(entries: readonly JournalEntry[]): Map<string, number> {
  const newest = new Map<string, number>();
  for (const entry of entries) newest.set(entry.writer, Math.max(newest.get(entry.writer) ?? 0, entry.mtimeMs));
  return newest;
}

/** What a journal holds from some offset on. */
export interface JournalDelta {
  /** JSON texts of the batch records, in order. */
  batches: string[];
  /** Offset after the last whole record read. */
  end: number;
  /** The writer sealed the file: nothing will ever follow. */
  sealed: boolean;
  /** Bytes after `end` that do not form a whole, valid record (a write in progress, or a torn tail). */
  trailing: number;
  /** Why reading stopped early: `checksum`/`length`/`kind` mean damage unless the writer is gone. */
  stop?: string;
}

/**
 * Decodes the records of `path` between `from` and `size`. Undefined if the file is gone.
 * Throws StoreVersionError when the file comes from a newer schema than `knownSchema`.
 */
export async function readJournal(path: string, from: number, size: number, knownSchema: number): Promise<JournalDelta | undefined> {
  if (size <= from) return { batches: [], end: from, sealed: false, trailing: 0 };
  let bytes: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      bytes = Buffer.allocUnsafe(size - from);
      let read = 0;
      while (read < bytes.length) {
        const { bytesRead } = await handle.read(bytes, read, bytes.length - read, from + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      bytes = bytes.subarray(0, read);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const decoded = decodeJournal(bytes, from);
  const batches: string[] = [];
  let sealed = false;
  for (const record of decoded.records) {
    if (record.kind === 'header') checkHeader(path, record.header, knownSchema);
    else if (record.kind === 'batch') batches.push(record.json);
    else sealed = true;
  }
  return { batches, end: decoded.validEnd, sealed, trailing: from + bytes.length - decoded.validEnd, stop: decoded.stop };
}

function checkHeader(path: string, header: JournalHeader, knownSchema: number): void {
  if (header.format > JOURNAL_FORMAT) throw new StoreVersionError(path, header.format, JOURNAL_FORMAT);
  if (header.schema > knownSchema) throw new StoreVersionError(path, header.schema, knownSchema);
}
