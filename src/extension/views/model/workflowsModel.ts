/**
 * The Workflows view's model, free of vscode: the workflow files of the workspace, what the
 * history knows about each, and how they are grouped. The tree provider only maps its groups to
 * tree items and refreshes when `onDidChange` fires.
 */
import type { StoredExecutionStatus, WorkflowRecord, WorkflowStatus } from '../../../core/store';
import { ModelEmitter, type ModelEvent } from './emitter';
import { relativeTime } from './status';

/** One `*.workflow.json` file as read from disk. */
export interface WorkflowFileEntry {
  /** The file's URI as a string: the identity of the entry. */
  key: string;
  /** Name of the workspace folder holding the file. */
  workspaceFolder: string;
  /** Path inside that folder, forward slashes (the store's path). */
  relativePath: string;
  /** The workflow's `name`, or the file name when the file does not parse. */
  name: string;
  /** The workflow's `tags` from the file. */
  tags: readonly string[];
  /** Why the file could not be read as a workflow, when it could not. */
  problem?: string;
}

/** What the history knows about one workflow file. */
export interface WorkflowHistoryInfo {
  record: WorkflowRecord;
  lastStatus?: StoredExecutionStatus;
  lastRunAt?: number;
}

/** How the Workflows view groups its items. */
export type WorkflowGroupMode = 'folder' | 'tag' | 'status';
export const WORKFLOW_GROUP_MODES: readonly WorkflowGroupMode[] = ['folder', 'tag', 'status'];

/** A workflow file with its history, as the view shows it. */
export interface WorkflowListItem {
  entry: WorkflowFileEntry;
  history?: WorkflowHistoryInfo;
}

/** A group of the view (a folder, a tag or a status). */
export interface WorkflowGroup {
  /** Stable id (mode + label), so that VS Code keeps expansion state across refreshes. */
  id: string;
  label: string;
  items: WorkflowListItem[];
}

const ROOT_LABEL = '(workspace root)';
const UNTAGGED_LABEL = '(untagged)';
/** Lifecycle order, so "active" comes first and "archived" last. */
const STATUS_ORDER: readonly WorkflowStatus[] = ['active', 'draft', 'paused', 'archived'];

/** The status the view shows: a file without a record is a `draft`, as the store would create it. */
export function statusOf(item: WorkflowListItem): WorkflowStatus {
  return item.history?.record.status ?? 'draft'; // the store's default: a workflow is a draft until activated
}

/** True when the workflow is marked favorite in the history. */
export function isFavorite(item: WorkflowListItem): boolean {
  return item.history?.record.favorite ?? false;
}

/** The folder a workflow is filed under: the store's folder when set, else its directory. */
export function folderOf(item: WorkflowListItem, multiRoot: boolean): string {
  const stored = item.history?.record.folder;
  const directory = item.entry.relativePath.includes('/') ? item.entry.relativePath.slice(0, item.entry.relativePath.lastIndexOf('/')) : '';
  const folder = stored ?? directory;
  const label = folder === '' ? ROOT_LABEL : folder;
  // With several workspace folders, the same relative folder in two of them must not merge.
  return multiRoot ? `${item.entry.workspaceFolder}: ${label}` : label;
}

/** Favorites first, then by name, then by path (two files may share a name). */
export function compareItems(a: WorkflowListItem, b: WorkflowListItem): number {
  const favorite = Number(isFavorite(b)) - Number(isFavorite(a));
  if (favorite !== 0) return favorite;
  return a.entry.name.localeCompare(b.entry.name) || a.entry.key.localeCompare(b.entry.key);
}

/** Groups and sorts the items; placeholder groups ("(untagged)", the root) come last. */
export function groupWorkflows(items: readonly WorkflowListItem[], mode: WorkflowGroupMode, multiRoot = false): WorkflowGroup[] {
  const groups = new Map<string, WorkflowListItem[]>();
  const add = (label: string, item: WorkflowListItem): void => {
    const list = groups.get(label);
    if (list) list.push(item);
    else groups.set(label, [item]);
  };
  for (const item of items) {
    if (mode === 'folder') add(folderOf(item, multiRoot), item);
    else if (mode === 'status') add(statusOf(item), item);
    else if (item.entry.tags.length === 0) add(UNTAGGED_LABEL, item);
    else for (const tag of new Set(item.entry.tags)) add(tag, item);
  }
  const rank = (label: string): number => {
    if (mode === 'status') return STATUS_ORDER.indexOf(label as WorkflowStatus);
    return label === UNTAGGED_LABEL || label.endsWith(ROOT_LABEL) ? 1 : 0;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([label, list]) => ({ id: `${mode}:${label}`, label, items: list.sort(compareItems) }));
}

/**
 * "★ active · success 5 min ago", "draft · never run", "cannot read: …". `triggers` (the next
 * run, a webhook) goes right after the status, where a narrow view still shows it.
 */
export function describeWorkflow(item: WorkflowListItem, now: number, triggers?: string): string {
  if (item.entry.problem !== undefined) return `cannot read: ${item.entry.problem}`;
  const parts = [`${isFavorite(item) ? '★ ' : ''}${statusOf(item)}`];
  if (triggers) parts.push(triggers);
  const history = item.history;
  if (history?.lastStatus !== undefined) {
    parts.push(history.lastRunAt !== undefined ? `${history.lastStatus} ${relativeTime(history.lastRunAt, now)}` : history.lastStatus);
  } else parts.push('never run');
  return parts.join(' · ');
}

/** The view's model: files and history merged, grouped on demand. */
export class WorkflowsModel {
  private readonly files = new Map<string, WorkflowFileEntry>();
  /** History per workspace folder, by relative path. */
  private readonly history = new Map<string, Map<string, WorkflowHistoryInfo>>();
  private mode: WorkflowGroupMode = 'folder';
  private readonly changed = new ModelEmitter<void>();
  /** Fires when anything the view shows changed. */
  readonly onDidChange: ModelEvent<void> = this.changed.event;

  get groupMode(): WorkflowGroupMode {
    return this.mode;
  }

  setGroupMode(mode: WorkflowGroupMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    this.changed.fire();
  }

  /** Replaces every file (a full scan). */
  setFiles(entries: readonly WorkflowFileEntry[]): void {
    this.files.clear();
    for (const entry of entries) this.files.set(entry.key, entry);
    this.changed.fire();
  }

  /** Adds or updates one file; no event when nothing visible changed (saves fire the watcher too). */
  upsertFile(entry: WorkflowFileEntry): void {
    const previous = this.files.get(entry.key);
    if (previous && JSON.stringify(previous) === JSON.stringify(entry)) return;
    this.files.set(entry.key, entry);
    this.changed.fire();
  }

  removeFile(key: string): void {
    if (this.files.delete(key)) this.changed.fire();
  }

  /** Replaces what the history of one workspace folder says. */
  setHistory(workspaceFolder: string, infos: ReadonlyMap<string, WorkflowHistoryInfo>): void {
    this.history.set(workspaceFolder, new Map(infos));
    this.changed.fire();
  }

  /** Every file with its history. */
  items(): WorkflowListItem[] {
    return [...this.files.values()].map((entry) => {
      const history = this.history.get(entry.workspaceFolder)?.get(entry.relativePath);
      return history ? { entry, history } : { entry };
    });
  }

  /** The item of a file, if the model knows it. */
  item(key: string): WorkflowListItem | undefined {
    return this.items().find((item) => item.entry.key === key);
  }

  /** The groups of the current mode. */
  groups(): WorkflowGroup[] {
    const folders = new Set([...this.files.values()].map((e) => e.workspaceFolder));
    return groupWorkflows(this.items(), this.mode, folders.size > 1);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Reads the name and tags a view needs from a file's text, never throwing. */
export function readWorkflowHeader(text: string, fallbackName: string): { name: string; tags: string[]; problem?: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { name: fallbackName, tags: [], problem: 'not a JSON object' };
    const record = value as Record<string, unknown>;
    const name = typeof record.name === 'string' && record.name.trim() !== '' ? record.name : fallbackName;
    const tags = Array.isArray(record.tags) ? record.tags.filter((t): t is string => typeof t === 'string' && t !== '') : [];
    return { name, tags };
  } catch {
    return { name: fallbackName, tags: [], problem: 'invalid JSON' };
  }
}
