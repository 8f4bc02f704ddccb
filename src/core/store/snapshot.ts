/**
 * The database file itself: reading it with the checks that tell a healthy snapshot from a
 * damaged or foreign one, and replacing it atomically (temp file, fsync, rename, fsync of the
 * directory) so that a crash leaves either the old file or the new one, never a mix.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreError, StoreVersionError } from './errors';
import { fsyncDirectory } from './fsUtil';
import { latestSchemaVersion, migrate, schemaVersionOf, type Migration } from './migrations';
import { SqlDatabase } from './sqlDatabase';
import type { SqlJsStatic } from './sqljs';

/** `PRAGMA application_id` of our databases ("WFS1"), so another tool's SQLite file is recognised. */
export const APPLICATION_ID = 0x57465331;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Page size of new databases. */
const PAGE_SIZE = 16384;

/** Thrown when the database file is unusable; the caller moves it aside and starts afresh. */
export class CorruptDatabaseError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CorruptDatabaseError';
  }
}

/** The bytes of the database file and what identifies this version of it. */
export interface SnapshotFile {
  bytes: Buffer;
  identity: string;
}

/**
 * Changes whenever the file is replaced: a rename brings a new inode, and the nanosecond mtime
 * and size tell two files apart even if the inode number is reused.
 */
export async function snapshotIdentity(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads the database file; undefined when there is none. */
export async function readSnapshot(path: string): Promise<SnapshotFile | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await snapshotIdentity(path);
    if (before === undefined) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    // a replacement between stat and read would pair new bytes with an old identity
    if ((await snapshotIdentity(path)) === before) return { bytes, identity: before };
  }
  throw new StoreError('IO', `the history database ${path} keeps changing while being read`);
}

/** Header facts, read without loading the database. */
export interface SqliteHeader {
  userVersion: number;
  applicationId: number;
}

/** Checks the 100-byte SQLite header; throws CorruptDatabaseError for a damaged file. */
export function inspectHeader(bytes: Uint8Array): SqliteHeader {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 100 || !buffer.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new CorruptDatabaseError('it is not a SQLite database (bad header)');
  }
  const rawPageSize = buffer.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const changeCounter = buffer.readUInt32BE(24);
  const pageCount = buffer.readUInt32BE(28);
  const validFor = buffer.readUInt32BE(92);
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw new CorruptDatabaseError(`bad page size ${pageSize}`);
  // the in-header size is trustworthy only when written by the same change as the counter
  if (validFor === changeCounter && pageCount > 0 && pageCount * pageSize !== buffer.length) {
    throw new CorruptDatabaseError(`it is ${buffer.length} bytes long but its header says ${pageCount * pageSize} (truncated or damaged)`);
  }
  return { userVersion: buffer.readUInt32BE(60), applicationId: buffer.readUInt32BE(68) };
}

/**
 * Pragmas for an in-memory working copy; re-applied whenever sql.js reopens the database.
 * Durability comes from our journal, so SQLite's own rollback journal stays in memory, and
 * exclusive locking spares every transaction the lock and hot-journal checks against
 * Emscripten's file system (no other connection ever opens this copy).
 */
export function applyPragmas(db: SqlDatabase): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF; PRAGMA locking_mode = EXCLUSIVE');
}

/**
 * Opens database bytes (or a new database when `bytes` is undefined) and migrates it in memory.
 * Throws StoreVersionError for a newer database, StoreError FOREIGN_DATABASE for another
 * application's, CorruptDatabaseError for a damaged one.
 */
export function openDatabase(SQL: SqlJsStatic, bytes: Uint8Array | undefined, path: string, migrations?: readonly Migration[]): SqlDatabase {
  const known = latestSchemaVersion(migrations);
  if (bytes) {
    const header = inspectHeader(bytes);
    if (header.applicationId !== 0 && header.applicationId !== APPLICATION_ID) {
      throw new StoreError('FOREIGN_DATABASE', `${path} is a SQLite database of another application; choose another file with --db or WORKFLOW_DB`);
    }
    if (header.userVersion > known) throw new StoreVersionError(path, header.userVersion, known);
  }
  let db: SqlDatabase | undefined;
  try {
    db = new SqlDatabase(new SQL.Database(bytes ?? null));
    // larger pages: fewer page splits and page writes per commit (log rows are small and many)
    if (!bytes) db.exec(`PRAGMA page_size = ${PAGE_SIZE}`);
    applyPragmas(db);
    const tables = db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((row) => row.name);
    if (bytes && tables.length > 0 && !tables.includes('schema_migrations')) {
      throw new StoreError('FOREIGN_DATABASE', `${path} is a SQLite database but not a Workflow Studio history; choose another file with --db or WORKFLOW_DB`);
    }
    if (schemaVersionOf(db) > known) throw new StoreVersionError(path, schemaVersionOf(db), known);
    migrate(db, path, migrations);
    if (Number(db.value('PRAGMA application_id')) !== APPLICATION_ID) db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    // touch every table once: damage in the schema or first pages shows up here, not in a later query
    for (const table of ['workflows', 'workflow_versions', 'executions', 'node_results', 'logs', 'node_type_stats', 'store_journals']) {
      db.value(`SELECT count(*) FROM (SELECT 1 FROM ${table} LIMIT 1)`);
    }
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof StoreError) throw error;
    throw new CorruptDatabaseError((error as Error).message);
  }
}

/**
 * Writes `bytes` as the new database file: temp file, fsync, rename, fsync of the directory.
 * Returns the file's identity (as `snapshotIdentity` gives it), taken from the temp file before
 * the rename, which keeps inode, size and mtime: so it names exactly the file this call wrote,
 * even if another process were to replace it right after the rename.
 */
export async function writeSnapshotAtomic(path: string, bytes: Uint8Array): Promise<string> {
  const temp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'wx');
  let identity: string;
  try {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
    await handle.sync();
    const s = await handle.stat({ bigint: true });
    identity = `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, path);
  await fsyncDirectory(dirname(path));
  return identity;
}

/** Moves a damaged database file aside as `<path>.corrupt-<time>`; returns the new name. */
export async function moveAside(path: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${path}.corrupt-${stamp}`;
  await rename(path, target);
  await fsyncDirectory(dirname(path));
  return target;
}
