/**
 * Schema migrations: `schema/migrations/NNN_name.sql`, applied in order, each in its own
 * transaction, recorded in `schema_migrations` and mirrored in `PRAGMA user_version` (which
 * sits in the file header, so a newer database is recognised before it is even loaded).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StoreError, StoreVersionError } from './errors';
import type { SqlDatabase } from './sqlDatabase';

/** One migration file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

let cached: Migration[] | undefined;

/**
 * Finds `schema/migrations` above this module: src/core/store under tsx, dist/ in the bundle.
 * The directory ships with the extension and the npm package.
 */
export function locateMigrationsDirectory(start: string = __dirname): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'schema', 'migrations');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new StoreError('IO', `cannot find schema/migrations above ${start}; the installation is incomplete`);
}

/** Reads and orders the migration files (once per thread). Gaps or duplicates are a build error. */
export function loadMigrations(directory?: string): Migration[] {
  if (cached && directory === undefined) return cached;
  const dir = directory ?? locateMigrationsDirectory();
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = FILE_PATTERN.exec(file);
    if (!match) continue;
    migrations.push({ version: Number(match[1]), name: match[2], sql: readFileSync(join(dir, file), 'utf8') });
  }
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StoreError('IO', `schema/migrations: expected migration ${index + 1}, found ${migration.version}_${migration.name}`);
    }
  });
  if (directory === undefined) cached = migrations;
  return migrations;
}

/** Highest schema version this build knows. */
export function latestSchemaVersion(migrations: readonly Migration[] = loadMigrations()): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
}

/** The schema version a database says it has (0 when new). */
export function schemaVersionOf(db: SqlDatabase): number {
  const userVersion = Number(db.value('PRAGMA user_version') ?? 0);
  const hasTable = db.value("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") !== undefined;
  const recorded = hasTable ? Number(db.value('SELECT COALESCE(MAX(version), 0) FROM schema_migrations') ?? 0) : 0;
  return Math.max(userVersion, recorded);
}

/**
 * Brings `db` to the latest schema. Throws StoreVersionError (and changes nothing) when the
 * database is newer than this build. Returns the versions applied.
 */
export function migrate(db: SqlDatabase, path: string, migrations: readonly Migration[] = loadMigrations(), now = Date.now()): number[] {
  const current = schemaVersionOf(db);
  const latest = latestSchemaVersion(migrations);
  if (current > latest) throw new StoreVersionError(path, current, latest);
  const applied: number[] = [];
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, now]);
      db.exec(`PRAGMA user_version = ${migration.version}`);
    });
    applied.push(migration.version);
  }
  return applied;
}
