/**
 * Where journals live and who wrote them. Each process that writes gets a writer id
 * (`<pid>_<random>_<host>`) and appends to `<dbPath>.journals/<writer>_<generation>.journal`;
 * nobody else ever writes to that file, so two processes never interleave bytes.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';

/** Directory of the journals of the database at `dbPath`. */
export function journalDirectoryOf(dbPath: string): string {
  return `${dbPath}.journals`;
}

/** Lock file taken while a snapshot replaces the database file. */
export function lockPathOf(dbPath: string): string {
  return `${dbPath}.lock`;
}

const HOST = hostname().replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40) || 'host';

/** A fresh writer id for this process (unique even for several stores in one process). */
export function newWriterId(pid: number = process.pid): string {
  return `${pid}_${randomBytes(4).toString('hex')}_${HOST}`;
}

/** What a journal file name says. */
export interface JournalName {
  file: string;
  writer: string;
  pid: number;
  host: string;
  generation: number;
}

const NAME_PATTERN = /^(\d+)_([0-9a-f]{8})_([A-Za-z0-9-]+)_(\d{6})\.journal$/;

export function journalFileName(writer: string, generation: number): string {
  return `${writer}_${String(generation).padStart(6, '0')}.journal`;
}

/** Parses a journal file name; undefined for any other file. */
export function parseJournalName(file: string): JournalName | undefined {
  const match = NAME_PATTERN.exec(basename(file));
  if (!match) return undefined;
  return {
    file: basename(file),
    writer: `${match[1]}_${match[2]}_${match[3]}`,
    pid: Number(match[1]),
    host: match[3],
    generation: Number(match[4]),
  };
}

export function journalPath(dir: string, file: string): string {
  return join(dir, file);
}

/** Decides whether the process behind a writer id is still running. */
export type WriterLiveness = (writer: string, newestJournalMtimeMs: number | undefined) => boolean;

/**
 * Default liveness: on this host, a writer whose pid no longer exists is dead. A writer whose
 * journal has not been touched for `leaseMs` is dead too (covers pid reuse and other hosts);
 * live writers touch their journal well within that time.
 */
export function defaultLiveness(leaseMs: number, now: () => number = Date.now): WriterLiveness {
  return (writer, newestJournalMtimeMs) => {
    const [pidText, , host] = writer.split('_');
    if (host === HOST) {
      try {
        process.kill(Number(pidText), 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      }
    }
    if (newestJournalMtimeMs === undefined) return false;
    return now() - newestJournalMtimeMs < leaseMs;
  };
}
