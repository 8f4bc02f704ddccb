/**
 * What one workspace folder hands its trigger runtime: every valid `*.workflow.json` with the
 * status of its history record. Kept up to date one file at a time (a save re-reads one file,
 * a status change re-reads the records), so a sync never rescans the workspace. Free of vscode.
 */
import type { Workflow } from '../../core/model/workflow';
import type { WorkflowRecord } from '../../core/store';
import type { TriggerWorkflow } from '../../core/triggers/contract';
import { loadWorkflowText } from '../../core/validation/loadWorkflow';

/** One file as last read: the text a triggered run records, and its workflow when it is valid. */
export interface CatalogFile {
  /** Absolute path. */
  file: string;
  /** Workspace-relative path with forward slashes (the store's key). */
  relativePath: string;
  text: string;
  /** Undefined when the file has errors: its triggers are not armed until it is fixed. */
  workflow?: Workflow;
}

/** The workflow files of one folder and their records. */
export class WorkflowCatalog {
  private readonly files = new Map<string, CatalogFile>();
  private readonly records = new Map<string, WorkflowRecord>();

  /** Reads (or re-reads) one file; returns false when nothing changed (a save of the same text). */
  setFile(file: string, relativePath: string, text: string): boolean {
    const previous = this.files.get(file);
    if (previous && previous.text === text && previous.relativePath === relativePath) return false;
    const loaded = loadWorkflowText(text, file);
    this.files.set(file, { file, relativePath, text, ...(loaded.workflow ? { workflow: loaded.workflow } : {}) });
    return true;
  }

  /** Forgets a deleted (or renamed) file. */
  removeFile(file: string): boolean {
    return this.files.delete(file);
  }

  /**
   * Replaces every record (the history changed). Returns whether what the runtime sees changed
   * (an id or a status): every finished run changes the history too, and must not cause a sync.
   */
  setRecords(records: readonly WorkflowRecord[]): boolean {
    const before = this.recordKey();
    this.records.clear();
    for (const record of records) this.records.set(record.path, record);
    return this.recordKey() !== before;
  }

  /**
   * Workspace-relative paths of records that can arm triggers (active or paused) whose file was
   * never read: created after the start-up scan, its watcher event not (yet) delivered.
   */
  unreadRecordPaths(): string[] {
    const read = new Set([...this.files.values()].map((entry) => entry.relativePath));
    return [...this.records.values()].filter((r) => (r.status === 'active' || r.status === 'paused') && !read.has(r.path)).map((r) => r.path);
  }

  /** The file as last read. */
  file(file: string): CatalogFile | undefined {
    return this.files.get(file);
  }

  /** The record of a file, when the history has one. */
  recordOf(file: string): WorkflowRecord | undefined {
    const entry = this.files.get(file);
    return entry && this.records.get(entry.relativePath);
  }

  /**
   * What the runtime syncs to: the valid files that have a record. A file without one is a
   * draft (the store's default), and drafts never fire, so leaving it out changes nothing.
   */
  triggerWorkflows(): TriggerWorkflow[] {
    const out: TriggerWorkflow[] = [];
    for (const entry of this.files.values()) {
      const record = this.records.get(entry.relativePath);
      if (!entry.workflow || !record) continue;
      out.push({ file: entry.file, workflowId: record.id, status: record.status, workflow: entry.workflow });
    }
    return out.sort((a, b) => a.file.localeCompare(b.file));
  }

  private recordKey(): string {
    return [...this.records.values()]
      .map((r) => `${r.path}\u0000${r.id}\u0000${r.status}`)
      .sort()
      .join('\u0001');
  }
}
