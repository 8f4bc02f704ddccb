/**
 * A recorded execution (the history's `ExecutionDetail`) as the canvas shows it: the run overlay
 * of the last run when a canvas opens, and one node's result for the inspector. Free of
 * `vscode`, unit-tested in plain Node.
 */
import type { ExecutionDetail, NodeResultRecord, StoredExecutionStatus } from '../../core/store';
import type { NodeResultView, NodeRunState, NodeRunStatus, RunStatus, RunUpdate } from '../../protocol/run';
import { itemCount, type OverlayGraph } from './runOverlay';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored execution status as the toolbar shows it. */
export function runStatusOf(status: StoredExecutionStatus): RunStatus {
  return status;
}

function nodeStatusOf(record: NodeResultRecord): NodeRunStatus {
  switch (record.status) {
    case 'cached':
      return 'success';
    case 'interrupted':
      return 'cancelled';
    default:
      return record.status;
  }
}

/** The overlay of a recorded execution (the canvas shows the last run when it opens). */
export function overlayFromExecution(detail: ExecutionDetail, graph: OverlayGraph): RunUpdate {
  const nodes: Record<string, NodeRunState> = {};
  const edges: Record<string, number> = {};
  const addEdges = (nodeId: string, handle: string, count: number): void => {
    for (const id of graph.edgesFrom(nodeId, handle)) edges[id] = (edges[id] ?? 0) + count;
  };
  for (const record of detail.nodeResults) {
    const before = nodes[record.nodeId];
    if (record.status === 'skipped' && before?.status === 'success') continue;
    if (record.status === 'failed' && record.willRetry) continue;
    const state: NodeRunState = { status: nodeStatusOf(record) };
    const final = record.status === 'success' || record.status === 'cached' || record.status === 'failed';
    if (final && record.durationMs !== undefined) state.durationMs = (before?.durationMs ?? 0) + record.durationMs;
    if (record.status === 'success' || record.status === 'cached') {
      let items = 0;
      if (isRecord(record.output)) {
        for (const [handle, data] of Object.entries(record.output)) {
          const count = itemCount(data);
          items += count;
          if (count > 0) addEdges(record.nodeId, handle, count);
        }
      }
      state.itemCount = (before?.itemCount ?? 0) + items;
    } else if (record.status === 'failed') {
      if (record.error) state.error = record.error.message;
      if (record.handling === 'continue' || record.handling === 'errorOutput') {
        addEdges(record.nodeId, record.handling === 'errorOutput' ? 'error' : 'out', 1);
        state.itemCount = (before?.itemCount ?? 0) + 1;
      }
    }
    nodes[record.nodeId] = state;
  }
  return {
    executionId: detail.id,
    status: runStatusOf(detail.status),
    reset: true,
    nodes,
    edges,
    ...(detail.durationMs !== undefined ? { durationMs: detail.durationMs } : {}),
    ...(detail.errorMessage !== undefined ? { error: detail.errorMessage } : detail.error ? { error: detail.error.message } : {}),
  };
}

/** Log lines of one node sent to the inspector at most (the newest are kept). */
export const MAX_NODE_LOG_LINES = 1000;

function hasTruncation(value: unknown): boolean {
  if (isRecord(value) && value.$truncated === true) return true;
  // Output is stored by handle: a marker may sit one level down.
  return isRecord(value) && Object.values(value).some((v) => isRecord(v) && v.$truncated === true);
}

/**
 * A node's result in a recorded execution for the inspector: its last attempt (last loop
 * iteration), that attempt's input, output and error, and every log line of the node.
 */
export function nodeResultFromExecution(detail: ExecutionDetail, nodeId: string): NodeResultView | undefined {
  const records = detail.nodeResults.filter((r) => r.nodeId === nodeId);
  // The last record that ran says most; a skip is only reported when nothing ran.
  const record = [...records].reverse().find((r) => r.status !== 'skipped') ?? records[records.length - 1];
  if (!record) return undefined;
  const logs = detail.logs
    .filter((l) => l.nodeId === nodeId)
    .slice(-MAX_NODE_LOG_LINES)
    .map((l) => ({ level: l.level, message: l.message, at: l.at }));
  const truncated = hasTruncation(record.input) || hasTruncation(record.output);
  return {
    executionId: detail.id,
    nodeId,
    status: record.status === 'skipped' && record.skipReason ? `skipped (${record.skipReason})` : record.status,
    ...(record.startedAt !== undefined ? { startedAt: record.startedAt } : {}),
    ...(record.durationMs !== undefined ? { durationMs: record.durationMs } : {}),
    ...(record.input !== undefined ? { input: record.input } : {}),
    ...(record.output !== undefined ? { output: record.output } : {}),
    ...(record.error ? { error: { message: record.error.message, ...(record.error.code ? { code: record.error.code } : {}) } } : {}),
    logs,
    ...(truncated ? { truncated } : {}),
  };
}
