/**
 * What the store returns. Times are epoch milliseconds; JSON values are decoded (a value cut
 * to the size limit appears as a `{ $truncated: true, bytes, preview }` marker).
 */
import type { ExecutionStatus, LogLevel, SkipReason } from '../engine/events';

/** Lifecycle of a workflow record (seed 000); files start `active`, duplicates `draft`. */
export type WorkflowStatus = 'draft' | 'active' | 'paused' | 'archived';

/** Status of a stored execution: the engine's final states plus the store's own. */
export type StoredExecutionStatus =
  /** recorded before it started (a queue); not produced by the local runner yet */
  | 'queued'
  | 'running'
  | ExecutionStatus
  /** its process ended (crash, kill, store closed) before the run finished */
  | 'interrupted';

/** Status of one node attempt. */
export type NodeResultStatus = 'running' | 'success' | 'failed' | 'skipped' | 'cached' | 'interrupted';

export const EXECUTION_STATUSES: readonly StoredExecutionStatus[] = ['queued', 'running', 'success', 'failed', 'partial', 'cancelled', 'timeout', 'interrupted'];
export const WORKFLOW_STATUSES: readonly WorkflowStatus[] = ['draft', 'active', 'paused', 'archived'];

export interface WorkflowRecord {
  id: string;
  /** Workspace-relative path with forward slashes. */
  path: string;
  name: string;
  description?: string;
  tags: string[];
  folder?: string;
  favorite: boolean;
  status: WorkflowStatus;
  isTemplate: boolean;
  currentVersionId?: string;
  executionCount: number;
  lastExecutedAt?: number;
  createdAt: number;
  /** When the content last changed (a new version). */
  updatedAt: number;
}

export interface VersionRecord {
  id: string;
  workflowId: string;
  /** 1 for the first version. */
  number: number;
  parentId?: string;
  contentHash: string;
  changeSummary: string;
  gitCommit?: string;
  /** Archived versions keep their metadata but not their content. */
  archived: boolean;
  createdAt: number;
}

export interface ExecutionSummary {
  id: string;
  workflowId: string;
  workflowPath?: string;
  workflowName?: string;
  versionId?: string;
  versionNumber?: number;
  parentExecutionId?: string;
  status: StoredExecutionStatus;
  triggerType: string;
  startedAt: number;
  completedAt?: number;
  durationMs?: number;
  nodesExecuted: number;
  errorMessage?: string;
}

export interface StoredError {
  message: string;
  code?: string;
  nodeId?: string;
  field?: string;
  stack?: string;
}

export interface NodeResultRecord {
  nodeId: string;
  nodeName: string;
  nodeType: string;
  /** Loop iteration path ("3", "3/1"); absent outside loops. */
  iteration?: string;
  /** 1 for the first attempt; 0 for a node that never ran (skipped). */
  attempt: number;
  status: NodeResultStatus;
  skipReason?: SkipReason;
  input?: unknown;
  /** Output by handle. */
  output?: unknown;
  error?: StoredError;
  willRetry: boolean;
  handling?: 'fail' | 'continue' | 'errorOutput';
  startedAt?: number;
  completedAt?: number;
  durationMs?: number;
}

export interface LogRecord {
  /** Order within the execution. */
  seq: number;
  level: LogLevel;
  message: string;
  data?: unknown;
  nodeId?: string;
  nodeName?: string;
  iteration?: string;
  at: number;
}

export interface ExecutionDetail extends ExecutionSummary {
  triggerNodeId?: string;
  triggerData?: unknown;
  input?: unknown;
  output?: unknown;
  error?: StoredError;
  nodeResults: NodeResultRecord[];
  logs: LogRecord[];
  /** All log lines of the run; more than `logs.length` when the caller limited them. */
  logsTotal: number;
}

export interface ExecutionStats {
  total: number;
  succeeded: number;
  /** failed or timed out */
  failed: number;
  byStatus: Partial<Record<StoredExecutionStatus, number>>;
  /** Over finished runs; undefined when none finished. */
  averageDurationMs?: number;
  lastRunAt?: number;
  lastStatus?: StoredExecutionStatus;
}

export interface WorkflowExecutionStats extends ExecutionStats {
  workflow: WorkflowRecord;
}

export interface NodeTypeStatsRecord {
  workflowId: string;
  nodeType: string;
  /** Attempts (a retry counts again). */
  executions: number;
  successes: number;
  failures: number;
  averageDurationMs?: number;
  minDurationMs?: number;
  maxDurationMs?: number;
  lastExecutedAt?: number;
}

/** A workflow whose last execution went wrong, with that execution. */
export interface AttentionItem {
  workflow: WorkflowRecord;
  execution: ExecutionSummary;
}

export interface WorkflowFilter {
  /** Workflows carrying these tags, any of them (default) or all. */
  tags?: readonly string[];
  tagMatch?: 'any' | 'all';
  folder?: string;
  status?: WorkflowStatus;
  favorite?: boolean;
  isTemplate?: boolean;
  limit?: number;
}

export interface WorkflowSearch extends WorkflowFilter {
  /** Words matched (as prefixes) against names, descriptions, tags and node names. */
  text?: string;
}

export interface ExecutionFilter {
  workflowId?: string;
  status?: StoredExecutionStatus | readonly StoredExecutionStatus[];
  /** Only executions started before this time (paging). */
  before?: number;
  limit?: number;
}

/** User-set fields of a workflow record. */
export interface WorkflowPatch {
  folder?: string | null;
  favorite?: boolean;
  status?: WorkflowStatus;
  isTemplate?: boolean;
}

export interface RegisterWorkflowInput {
  /** Workspace-relative path of the file (the workflow's identity). */
  path: string;
  /** The file's text or its parsed workflow. */
  content: string | object;
  /** Commit the content belongs to, when known. */
  gitCommit?: string;
}

export interface RegisteredWorkflow {
  workflowId: string;
  versionId: string;
  versionNumber: number;
  /** True when this call recorded a new version (the content changed or was new). */
  created: boolean;
  changeSummary: string;
}

export interface RestoredVersion {
  workflowId: string;
  path: string;
  versionId: string;
  versionNumber: number;
  /** The canonical file text of that version, to be written back by the caller. */
  content: string;
}

/** The trigger kinds that keep a record (`trigger.workflow` never fires by itself). */
export type TriggerRecordKind = 'schedule' | 'webhook' | 'file' | 'poll';

/** Which trigger a record belongs to: a node of a workflow, and its kind. */
export interface TriggerKey {
  workflowId: string;
  nodeId: string;
  kind: TriggerRecordKind;
}

/** What the history knows about one trigger node, summed over every process that armed it. */
export interface TriggerRecord extends TriggerKey {
  /** The next planned fire; absent when none is planned (paused, ended, or not a timed kind). */
  nextRunAt?: number;
  /** The last fire, including one that an overlap policy or a full queue kept from running. */
  lastFiredAt?: number;
  /** The last fire that started a run. */
  lastRunAt?: number;
  /** Fires that started a run. */
  runCount: number;
  /** Every fire. */
  triggerCount: number;
  /** What the trigger remembers between processes (a poll's `{ hash }`), decoded. */
  state?: unknown;
}
