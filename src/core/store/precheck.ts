/**
 * A cheap look at a database before anything runs: SQLite keeps `PRAGMA user_version` in its
 * file header (bytes 60–63, big-endian), so a database written by a newer Workflow Studio can
 * be refused without loading sql.js or replaying journals. `workflow run` uses it to refuse
 * before running (nothing would be recorded) while the real open happens off the critical path.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { latestSchemaVersion } from './migrations';
import { StoreVersionError } from './errors';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Throws StoreVersionError when the snapshot at `path` comes from a newer schema; silent otherwise. */
export function assertNotNewerDatabase(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // no snapshot yet (or unreadable: the real open reports it)
  }
  try {
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, 100, 0) < 100) return;
    if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) return;
    const version = header.readUInt32BE(60);
    const latest = latestSchemaVersion();
    if (version > latest) throw new StoreVersionError(path, version, latest);
  } finally {
    closeSync(fd);
  }
}
