/**
 * The run overlay of one canvas, free of `vscode` so that it is unit-tested in plain Node:
 * - `RunOverlay` folds engine events into node states and edge item counts, and hands out only
 *   what changed since the last batch (`takeBatch`) or the whole state (`snapshot`);
 * - `UpdateThrottle` calls its flush at most once per interval, however many events arrive;
 * - `overlayFromExecution` / `nodeResultFromExecution` turn a recorded execution into the
 *   same overlay and into the inspector's node result.
 * A run emitting thousands of events a second thus costs the webview a few messages a second.
 */
import type { ExecutionEvent } from '../../core/engine/events';
import type { ExecutionDetail, NodeResultRecord, StoredExecutionStatus } from '../../core/store';
import type { NodeResultView, NodeRunState, NodeRunStatus, RunStatus, RunUpdate } from '../../protocol/run';

/** What the overlay needs to know of the workflow drawn on the canvas. */
export interface OverlayGraph {
  /** Every node id, to show them queued when a run starts. */
  readonly nodeIds: readonly string[];
  /** Ids of the edges leaving `nodeId` through `handle`. */
  edgesFrom(nodeId: string, handle: string): readonly string[];
}

/** Items in one handle's data: an array counts its elements, nothing counts 0, anything else 1. */
export function itemCount(data: unknown): number {
  if (Array.isArray(data)) return data.length;
  return data === undefined ? 0 : 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const FINISHED: ReadonlySet<RunStatus> = new Set(['success', 'failed', 'partial', 'cancelled', 'timeout', 'interrupted']);

/** True when a run in this status will change no more. */
export function isFinished(status: RunStatus): boolean {
  return FINISHED.has(status);
}

/** Node states and edge counts of the execution a canvas shows, with what changed since the last batch. */
export class RunOverlay {
  private executionId: string | undefined;
  private status: RunStatus = 'running';
  private durationMs: number | undefined;
  private error: string | undefined;
  private nodes = new Map<string, NodeRunState>();
  private edges = new Map<string, number>();
  /** Child executions (sub-workflows) of the current one: their node ids are another file's. */
  private readonly children = new Set<string>();
  private readonly dirtyNodes = new Set<string>();
  private readonly dirtyEdges = new Set<string>();
  private dirty = false;
  private resetPending = false;

  constructor(private readonly graph: () => OverlayGraph) {}

  /** The execution shown, if any. */
  get current(): { executionId: string; status: RunStatus } | undefined {
    return this.executionId === undefined ? undefined : { executionId: this.executionId, status: this.status };
  }

  /** True when the execution shown still runs (or waits for a slot). */
  get isLive(): boolean {
    return this.executionId !== undefined && !isFinished(this.status);
  }

  /** Starts showing a new execution; with `queued`, every node of the graph waits its turn. */
  begin(executionId: string, status: RunStatus, queued: boolean): void {
    this.executionId = executionId;
    this.status = status;
    this.durationMs = undefined;
    this.error = undefined;
    this.nodes = new Map();
    this.edges = new Map();
    this.children.clear();
    this.dirtyNodes.clear();
    this.dirtyEdges.clear();
    if (queued) for (const id of this.graph().nodeIds) this.nodes.set(id, { status: 'queued' });
    this.resetPending = true;
    this.dirty = true;
  }

  /** Replaces the state with a complete one (a recorded execution); sent as a reset. */
  load(update: RunUpdate): void {
    this.begin(update.executionId, update.status, false);
    this.nodes = new Map(Object.entries(update.nodes));
    this.edges = new Map(Object.entries(update.edges));
    this.durationMs = update.durationMs;
    this.error = update.error;
  }

  /**
   * Folds one engine event in; false when it changed nothing shown. Events of another execution
   * are ignored, except its start (a new run replaces the overlay) and, when `adopt` says so,
   * any event of a run that started before this overlay listened.
   */
  apply(event: ExecutionEvent, adopt?: (executionId: string) => boolean): boolean {
    if (event.executionId !== this.executionId) {
      if (event.type === 'execution.started') {
        if (event.parentExecutionId !== undefined) {
          if (event.parentExecutionId === this.executionId || this.children.has(event.parentExecutionId)) this.children.add(event.executionId);
          return false;
        }
        this.begin(event.executionId, 'running', true);
        return true;
      }
      if (this.children.has(event.executionId) || !adopt?.(event.executionId)) return false;
      this.begin(event.executionId, 'running', false);
    }
    switch (event.type) {
      case 'execution.started':
        if (this.status === 'queued') return this.setStatus('running');
        return false;
      case 'node.started':
        this.setNode(event.nodeId, { ...this.nodes.get(event.nodeId), status: 'running', error: undefined });
        if (this.status === 'queued') this.setStatus('running');
        return true;
      case 'node.finished': {
        const before = this.nodes.get(event.nodeId);
        let items = 0;
        for (const [handle, data] of Object.entries(event.output)) {
          const count = itemCount(data);
          items += count;
          if (count > 0) this.addEdgeItems(event.nodeId, handle, count);
        }
        // Loop bodies finish once per item: their items and time add up.
        this.setNode(event.nodeId, {
          status: 'success',
          durationMs: (before?.durationMs ?? 0) + event.durationMs,
          itemCount: (before?.itemCount ?? 0) + items,
        });
        return true;
      }
      case 'node.failed': {
        const before = this.nodes.get(event.nodeId);
        if (event.willRetry) {
          this.setNode(event.nodeId, { ...before, status: 'running', error: `attempt ${event.attempt} failed, retrying: ${event.error.message}` });
          return true;
        }
        // `continue` emits the error on the normal output, `errorOutput` on the error handle.
        if (event.handling !== 'fail') this.addEdgeItems(event.nodeId, event.handling === 'errorOutput' ? 'error' : 'out', 1);
        this.setNode(event.nodeId, {
          status: 'failed',
          durationMs: (before?.durationMs ?? 0) + event.durationMs,
          ...(event.handling !== 'fail' ? { itemCount: (before?.itemCount ?? 0) + 1 } : {}),
          error: event.error.message,
        });
        return true;
      }
      case 'node.skipped':
        // A loop body node that ran for some items and was skipped for others stays as it ran.
        if (event.iteration !== undefined && this.nodes.get(event.nodeId)?.status === 'success') return false;
        this.setNode(event.nodeId, { status: 'skipped' });
        return true;
      case 'log':
        return false;
      case 'execution.finished':
        this.finish(event.status, event.durationMs, event.error?.message);
        return true;
    }
  }

  /** Ends the execution shown (also one that never started: cancelled while it waited). */
  finish(status: RunStatus, durationMs?: number, error?: string): void {
    this.durationMs = durationMs;
    this.error = error;
    // Whatever still waits or runs now never will.
    for (const [id, state] of this.nodes) {
      if (state.status === 'queued') this.setNode(id, { status: 'skipped' });
      else if (state.status === 'running') this.setNode(id, { ...state, status: 'cancelled' });
    }
    this.setStatus(status);
  }

  /** The changes since the last batch, or undefined when nothing changed. */
  takeBatch(): RunUpdate | undefined {
    if (!this.dirty || this.executionId === undefined) return undefined;
    const update = this.resetPending ? this.fullUpdate() : this.partialUpdate();
    this.dirty = false;
    this.resetPending = false;
    this.dirtyNodes.clear();
    this.dirtyEdges.clear();
    return update;
  }

  /** The whole state as a reset (for a webview that (re)loads), or undefined before any run. */
  snapshot(): RunUpdate | undefined {
    return this.executionId === undefined ? undefined : this.fullUpdate();
  }

  private fullUpdate(): RunUpdate {
    return this.header(true, Object.fromEntries(this.nodes), Object.fromEntries(this.edges));
  }

  private partialUpdate(): RunUpdate {
    const nodes: Record<string, NodeRunState> = {};
    for (const id of this.dirtyNodes) nodes[id] = this.nodes.get(id)!;
    const edges: Record<string, number> = {};
    for (const id of this.dirtyEdges) edges[id] = this.edges.get(id)!;
    return this.header(false, nodes, edges);
  }

  private header(reset: boolean, nodes: RunUpdate['nodes'], edges: RunUpdate['edges']): RunUpdate {
    return {
      executionId: this.executionId!,
      status: this.status,
      reset,
      nodes,
      edges,
      ...(this.durationMs !== undefined ? { durationMs: this.durationMs } : {}),
      ...(this.error !== undefined ? { error: this.error } : {}),
    };
  }

  private setStatus(status: RunStatus): boolean {
    if (status === this.status) return false;
    this.status = status;
    this.dirty = true;
    return true;
  }

  private setNode(id: string, state: NodeRunState): void {
    // Absent keys rather than `undefined` ones: the state crosses a structured clone and zod.
    const clean: NodeRunState = { status: state.status };
    if (state.durationMs !== undefined) clean.durationMs = state.durationMs;
    if (state.itemCount !== undefined) clean.itemCount = state.itemCount;
    if (state.error !== undefined) clean.error = state.error;
    this.nodes.set(id, clean);
    this.dirtyNodes.add(id);
    this.dirty = true;
  }

  private addEdgeItems(nodeId: string, handle: string, count: number): void {
    for (const edgeId of this.graph().edgesFrom(nodeId, handle)) {
      this.edges.set(edgeId, (this.edges.get(edgeId) ?? 0) + count);
      this.dirtyEdges.add(edgeId);
      this.dirty = true;
    }
  }
}

/** Clock and timers, injectable so tests drive time. */
export interface ThrottleTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: ThrottleTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls `flush` at most once per `intervalMs`: the first poke after a quiet period flushes on
 * the next turn, later pokes join the pending flush.
 */
export class UpdateThrottle {
  private timer: unknown;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private disposed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => void,
    private readonly timers: ThrottleTimers = realTimers,
  ) {}

  /** Something changed: flush soon. */
  poke(): void {
    if (this.timer !== undefined || this.disposed) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => this.run(), wait);
  }

  /** Flushes now (a new webview asks for everything), cancelling the pending flush. */
  flushNow(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.run();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.timer = undefined;
    if (this.disposed) return;
    this.lastFlush = this.timers.now();
    this.flush();
  }
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
