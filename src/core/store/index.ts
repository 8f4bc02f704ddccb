/**
 * The execution-history store (sql.js). Public surface; see docs/store.md.
 */
export { openStore, WorkflowStore, type OpenStoreOptions } from './store';
export type { RecorderTarget } from './recorder';
export type { RetentionSettings } from './retention';
export { DEFAULT_RETENTION } from './retention';
export type { PersistenceTuning } from './tuning';
export { consoleLogger, silentLogger, type StoreLogger } from './logger';
export { StoreError, StoreVersionError, isStoreError, type StoreErrorCode } from './errors';
export {
  DATABASE_FILE,
  STORE_DIRECTORY,
  defaultDatabasePath,
  ensureDatabaseDirectory,
  findWorkspaceRoot,
  gitHeadCommit,
  resolveDatabasePath,
  workspaceRelativePath,
} from './location';
export { isTruncated, type TruncatedValue } from './values';
export { assertNotNewerDatabase } from './precheck';
export { formatTime } from './format';
export * from './types';
