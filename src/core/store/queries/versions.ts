/** Queries over workflow versions. */
import { toVersion, VERSION_COLUMNS } from '../rows';
import type { SqlDatabase } from '../sqlDatabase';
import type { VersionRecord } from '../types';

/** Every version of a workflow, newest first. */
export function versionHistory(db: SqlDatabase, workflowId: string): VersionRecord[] {
  return db.all(`SELECT ${VERSION_COLUMNS} FROM workflow_versions v WHERE v.workflow_id = ? ORDER BY v.created_at DESC, v.id DESC`, [workflowId]).map(toVersion);
}

/** One version, by id. */
export function getVersion(db: SqlDatabase, versionId: string): VersionRecord | undefined {
  const row = db.get(`SELECT ${VERSION_COLUMNS} FROM workflow_versions v WHERE v.id = ?`, [versionId]);
  return row ? toVersion(row) : undefined;
}
