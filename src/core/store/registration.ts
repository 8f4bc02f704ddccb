/**
 * Workflows and their versions: recording a file's content (a new version when the canonical
 * content changed, with a change summary from the semantic diff), user fields, duplication,
 * restore and archiving of versions.
 */
import { summarizeChanges } from '../graph/diff';
import type { StoreContext } from './context';
import { StoreError } from './errors';
import type { Op, OpParam } from './ops';
import { text, toWorkflow, WORKFLOW_COLUMNS } from './rows';
import type { RegisterWorkflowInput, RegisteredWorkflow, RestoredVersion, WorkflowPatch, WorkflowRecord } from './types';
import { WORKFLOW_STATUSES } from './types';
import {
  baseNameOf,
  canonicalContent,
  normalizeWorkflowPath,
  parseWorkflowContent,
  toWorkflowShape,
  versionIdFor,
  workflowIdForPath,
} from './workflowShape';

interface LatestVersionRow {
  id: string;
  content_hash: string;
  content: string | null;
  created_at: number;
}

function latestVersion(ctx: StoreContext, workflowId: string): LatestVersionRow | undefined {
  return ctx.db.get<LatestVersionRow>(
    'SELECT id, content_hash, content, created_at FROM workflow_versions WHERE workflow_id = ? ORDER BY created_at DESC, id DESC LIMIT 1',
    [workflowId],
  );
}

/** A version's number (its rank by creation). */
export function versionNumber(ctx: StoreContext, workflowId: string, versionId: string): number {
  const row = ctx.db.get<{ created_at: number }>('SELECT created_at FROM workflow_versions WHERE id = ?', [versionId]);
  if (!row) return 0;
  return Number(
    ctx.db.value(
      'SELECT COUNT(*) FROM workflow_versions WHERE workflow_id = ?1 AND (created_at < ?2 OR (created_at = ?2 AND id <= ?3))',
      [workflowId, row.created_at, versionId],
    ),
  );
}

/** The workflow row as it is now, or undefined. */
export function workflowRow(ctx: StoreContext, workflowId: string): WorkflowRecord | undefined {
  const row = ctx.db.get(`SELECT ${WORKFLOW_COLUMNS} FROM workflows w WHERE w.id = ?`, [workflowId]);
  return row ? toWorkflow(row) : undefined;
}

interface WorkflowRowSource {
  id: string;
  path: string;
  name: string;
  description: string | null;
  tags: string;
  node_names: string;
  current_version_id: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * An upsert of the workflow row as this process sees it. Written before any operation that
 * touches the row, so that a journal replayed before the one that created the row still
 * finds it (last-writer-wins on updated_at makes the repeat harmless).
 */
export function workflowRowOps(ctx: StoreContext, workflowId: string): Op[] {
  const row = ctx.db.get<WorkflowRowSource>(
    'SELECT id, path, name, description, tags, node_names, current_version_id, created_at, updated_at FROM workflows WHERE id = ?',
    [workflowId],
  );
  if (!row) return [];
  return [['wf.upsert', row.id, row.path, row.name, row.description, row.tags, row.node_names, row.current_version_id, row.created_at, row.updated_at]];
}

/** Records a workflow file's content. See WorkflowStore.registerWorkflow. */
export function registerWorkflow(ctx: StoreContext, input: RegisterWorkflowInput, summaryOverride?: string): RegisteredWorkflow {
  ctx.flushQueued();
  const path = normalizeWorkflowPath(input.path);
  if (path === '') throw new StoreError('INVALID_INPUT', 'a workflow path must not be empty');
  const parsed = parseWorkflowContent(input.content, path);
  const { text: canonical, hash } = canonicalContent(parsed);
  const workflowId = workflowIdAt(ctx, path);
  const latest = latestVersion(ctx, workflowId);
  const existing = workflowRow(ctx, workflowId);
  if (latest && latest.content_hash === hash && existing) {
    return { workflowId, versionId: latest.id, versionNumber: versionNumber(ctx, workflowId, latest.id), created: false, changeSummary: 'no changes' };
  }
  const fallbackName = baseNameOf(path);
  const after = toWorkflowShape(parsed, fallbackName);
  let summary = summaryOverride;
  if (summary === undefined) {
    const before = latest?.content ? toWorkflowShape(parseWorkflowContent(latest.content, path), fallbackName) : undefined;
    summary = latest && !latest.content ? 'changed (the previous version was archived)' : summarizeChanges(before, after);
  }
  const ops: Op[] = [];
  let versionId = latest?.id;
  // strictly after the previous version, so that version order never depends on clock ties
  const at = Math.max(ctx.now(), (latest?.created_at ?? 0) + 1);
  if (!latest || latest.content_hash !== hash) {
    versionId = versionIdFor(workflowId, latest?.id, hash);
    ops.push(['ver.add', versionId, workflowId, latest?.id ?? null, hash, canonical, summary, input.gitCommit ?? null, at]);
  }
  const nodeNames = after.nodes.map((n) => n.name).join('\n');
  ops.push([
    'wf.upsert',
    workflowId,
    path,
    after.name,
    after.description ?? null,
    JSON.stringify(after.tags ?? []),
    nodeNames,
    versionId ?? null,
    existing?.createdAt ?? at,
    at,
  ]);
  ctx.enqueue(ops, true);
  ctx.flushQueued();
  return { workflowId, versionId: versionId!, versionNumber: versionNumber(ctx, workflowId, versionId!), created: ops.length > 1, changeSummary: summary };
}

/** Sets user fields of a workflow record. */
export function updateWorkflow(ctx: StoreContext, workflowId: string, patch: WorkflowPatch): WorkflowRecord {
  ctx.flushQueued();
  if (!workflowRow(ctx, workflowId)) throw new StoreError('NOT_FOUND', `no workflow with id ${workflowId}`);
  if (patch.status !== undefined && !WORKFLOW_STATUSES.includes(patch.status)) {
    throw new StoreError('INVALID_INPUT', `status must be one of ${WORKFLOW_STATUSES.join(', ')}`);
  }
  const ops: Op[] = workflowRowOps(ctx, workflowId);
  // After every setting of the field this process has seen, so that it wins even within a millisecond.
  const set = (field: string, value: OpParam) => {
    const seen = Number(ctx.db.value('SELECT set_at FROM workflow_field_times WHERE workflow_id = ? AND field = ?', [workflowId, field]) ?? 0);
    ops.push(['wf.field', workflowId, field, value, Math.max(ctx.now(), seen + 1)]);
  };
  if (patch.folder !== undefined) set('folder', patch.folder);
  if (patch.favorite !== undefined) set('favorite', patch.favorite ? 1 : 0);
  if (patch.status !== undefined) set('status', patch.status);
  if (patch.isTemplate !== undefined) set('is_template', patch.isTemplate ? 1 : 0);
  ctx.enqueue(ops, true);
  ctx.flushQueued();
  return workflowRow(ctx, workflowId)!;
}

/**
 * Copies a workflow's record under a new path (seed 000's duplicate): its latest content with a
 * new name, the same folder and tags, status `draft`. The caller writes the file itself.
 */
export function duplicateWorkflow(ctx: StoreContext, workflowId: string, target: { path: string; name?: string }): RegisteredWorkflow {
  ctx.flushQueued();
  const source = workflowRow(ctx, workflowId);
  if (!source) throw new StoreError('NOT_FOUND', `no workflow with id ${workflowId}`);
  const latest = latestVersion(ctx, workflowId);
  if (!latest?.content) throw new StoreError('NOT_FOUND', `workflow ${source.path} has no stored content to duplicate`);
  const content = parseWorkflowContent(latest.content, source.path);
  content.name = target.name ?? `${source.name} (copy)`;
  const registered = registerWorkflow(ctx, { path: target.path, content }, `duplicated from ${JSON.stringify(source.name)} (${source.path})`);
  updateWorkflow(ctx, registered.workflowId, { status: 'draft', folder: source.folder ?? null, favorite: false, isTemplate: false });
  return registered;
}

/** The content of a version, to be written back to the file (the next registration records it). */
export function restoreVersion(ctx: StoreContext, versionId: string): RestoredVersion {
  ctx.flushQueued();
  const row = ctx.db.get('SELECT v.id, v.workflow_id, v.content, w.path FROM workflow_versions v LEFT JOIN workflows w ON w.id = v.workflow_id WHERE v.id = ?', [versionId]);
  if (!row) throw new StoreError('NOT_FOUND', `no version with id ${versionId}`);
  const workflowId = String(row.workflow_id);
  const number = versionNumber(ctx, workflowId, versionId);
  const content = text(row.content);
  if (content === undefined) throw new StoreError('NOT_FOUND', `version ${number} of ${text(row.path) ?? workflowId} was archived; its content is no longer kept`);
  return { workflowId, path: text(row.path) ?? '', versionId, versionNumber: number, content };
}

/** Archives all but the newest `keep` versions (their content is dropped). Returns how many. */
export function archiveOldVersions(ctx: StoreContext, workflowId: string, keep: number): number {
  ctx.flushQueued();
  if (!Number.isInteger(keep) || keep < 1) throw new StoreError('INVALID_INPUT', 'keep must be a whole number of at least 1');
  if (!workflowRow(ctx, workflowId)) throw new StoreError('NOT_FOUND', `no workflow with id ${workflowId}`);
  const old = ctx.db.all<{ id: string }>(
    'SELECT id FROM workflow_versions WHERE workflow_id = ? AND archived = 0 ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET ?',
    [workflowId, keep],
  );
  const ops: Op[] = old.map((row) => ['ver.archive', row.id]);
  if (ops.length > 0) {
    ctx.enqueue(ops, true);
    ctx.flushQueued();
  }
  return ops.length;
}


/**
 * The id of the workflow at a path: the record that holds the path (it may have moved there
 * from another path, keeping its id), else the id derived from the path, unless a record that
 * moved away still holds that one: a new file at an old path is a new workflow.
 */
export function workflowIdAt(ctx: StoreContext, path: string): string {
  const held = ctx.db.get<{ id: string }>('SELECT id FROM workflows WHERE path = ?', [path]);
  if (held) return held.id;
  let id = workflowIdForPath(path);
  for (let n = 2; ctx.db.get('SELECT 1 AS taken FROM workflows WHERE id = ?', [id]); n++) id = workflowIdForPath(`${path}\u0000${n}`);
  return id;
}

/**
 * Moves a workflow's record to a new workspace-relative path (the file was renamed or moved).
 * The record keeps its id, so its versions, executions and statistics follow. A record at the
 * new path without executions (typically a registration of the renamed file that came first)
 * is replaced; one with executions makes the move fail with INVALID_INPUT naming both paths.
 * Moving to the same path changes nothing. The record's updated_at becomes the time of the move.
 */
export function moveWorkflow(ctx: StoreContext, workflowId: string, newPath: string): WorkflowRecord {
  ctx.flushQueued();
  const source = workflowRow(ctx, workflowId);
  if (!source) throw new StoreError('NOT_FOUND', `no workflow with id ${workflowId}`);
  const path = normalizeWorkflowPath(newPath);
  if (path === '') throw new StoreError('INVALID_INPUT', 'a workflow path must not be empty');
  if (path === source.path) return source;
  const target = ctx.db.get<{ path: string; runs: number }>(
    'SELECT w.path, (SELECT COUNT(*) FROM executions e WHERE e.workflow_id = w.id) AS runs FROM workflows w WHERE w.path = ?1',
    [path],
  );
  if (target && Number(target.runs) > 0) {
    throw new StoreError(
      'INVALID_INPUT',
      `cannot move the history of ${source.path} to ${target.path}: ${target.path} already has a history of its own`,
    );
  }
  const at = Math.max(ctx.now(), source.updatedAt + 1);
  // the row upsert first, so that replaying this journal before the one that created the row still moves it
  ctx.enqueue([...workflowRowOps(ctx, workflowId), ['wf.move', workflowId, path, at]], true);
  ctx.flushQueued();
  return workflowRow(ctx, workflowId)!;
}
