/**
 * What the history commands (history, show, versions, stats, search) and `run` share: opening
 * the store named by --db / WORKFLOW_DB / the workspace, turning store errors into one-line
 * messages with an exit code, and plain-text tables.
 */
import type { ParseArgsConfig } from 'node:util';
import { dirname, resolve } from 'node:path';
import { CliError, EXIT, type CliIo } from './command';
import { parseCliArgs } from './options';
import {
  findWorkspaceRoot,
  isStoreError,
  openStore,
  resolveDatabasePath,
  workspaceRelativePath,
  type RetentionSettings,
  type StoreLogger,
  type WorkflowRecord,
  type WorkflowStore,
} from '../core/store';

/** Environment variables that set the history's retention for CLI runs (the extension has settings). */
export const RETENTION_ENV = {
  executionsPerWorkflow: 'WORKFLOW_KEEP_EXECUTIONS',
  maxValueBytes: 'WORKFLOW_MAX_VALUE_BYTES',
  maxLogMessageBytes: 'WORKFLOW_MAX_LOG_BYTES',
} as const;

/** Retention from the environment; a malformed value is a CliError naming the variable. */
export function cliRetention(env: Record<string, string | undefined>): Partial<RetentionSettings> {
  const out: Partial<RetentionSettings> = {};
  for (const key of Object.keys(RETENTION_ENV) as (keyof typeof RETENTION_ENV)[]) {
    const raw = env[RETENTION_ENV[key]];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new CliError(`${RETENTION_ENV[key]} must be a positive whole number, got "${raw}"`);
    out[key] = value;
  }
  return out;
}

/** Store messages (a database moved aside, …) go to stderr; routine ones are dropped. */
export function cliStoreLogger(io: CliIo): StoreLogger {
  return { info: () => undefined, warn: (message) => io.stderr(`workflow: ${message}\n`) };
}

/** Parses a history command's arguments (adds --db and --json); a mistake is a CliError (exit 2). */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  return parseCliArgs(args, { ...options, db: { type: 'string' }, json: { type: 'boolean' } } as const);
}

/**
 * Opens the history database for a command, runs `body`, closes it. The database is the one
 * of `file`'s workspace (or the current directory's), unless --db or WORKFLOW_DB name another.
 */
export async function withHistoryStore<T>(io: CliIo, options: { db?: string; file?: string }, body: (store: WorkflowStore, root: string) => Promise<T>): Promise<T> {
  const root = findWorkspaceRoot(options.file ? dirname(resolve(io.cwd, options.file)) : io.cwd);
  const path = resolveDatabasePath({ cwd: io.cwd, env: io.env, db: options.db, root });
  let store: WorkflowStore;
  try {
    store = await openStore({ path, logger: cliStoreLogger(io), retention: cliRetention(io.env) });
  } catch (error) {
    throw asCliError(error);
  }
  try {
    return await body(store, root);
  } catch (error) {
    throw asCliError(error);
  } finally {
    await store.close();
  }
}

/** Store errors a user caused (unknown id, newer database…) exit 2; disk errors exit 1. */
export function asCliError(error: unknown): unknown {
  if (isStoreError(error, 'IO')) return new CliError(error.message, EXIT.failed);
  if (isStoreError(error)) return new CliError(error.message, EXIT.invalid);
  return error;
}

/** The workflow record of a file argument; exit 2 when the history does not know it. */
export async function workflowOfFile(store: WorkflowStore, io: CliIo, root: string, file: string): Promise<WorkflowRecord> {
  const relativePath = workspaceRelativePath(root, resolve(io.cwd, file));
  const workflow = await store.findWorkflowByPath(relativePath);
  if (!workflow) throw new CliError(`no history for ${file}: it was never run or saved with Workflow Studio (database ${store.path})`);
  return workflow;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}
