/**
 * The run overlay as the webview keeps it: a plain store outside React. The host's batches are
 * applied in one go — those arriving within one frame together — and each node badge and edge
 * subscribes to its own keys only, so a batch re-renders just the nodes and edges it changed
 * (React's `useSyncExternalStore`).
 */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { NodeRunState, RunStatus, RunUpdate } from '../../src/protocol/run';

/** The whole execution as the toolbar shows it. */
export interface RunSummary {
  executionId: string;
  status: RunStatus;
  durationMs?: number;
  error?: string;
  /** When this webview learned that the run started (for a live clock while it runs). */
  seenAt: number;
}

type Listener = () => void;

/** Runs a callback at the next frame; returns the function that cancels it. */
export type FrameScheduler = (callback: () => void) => () => void;

const nextFrame: FrameScheduler = (callback) => {
  // Typed here rather than through the DOM lib: unit tests load this module in plain Node.
  const frames = globalThis as unknown as { requestAnimationFrame(cb: () => void): number; cancelAnimationFrame(id: number): void };
  const id = frames.requestAnimationFrame(callback);
  return () => frames.cancelAnimationFrame(id);
};

/** Node states, edge counts and the execution's status; subscriptions per node, per edge and for the summary. */
export class RunOverlayStore {
  private summary: RunSummary | undefined;
  private nodes = new Map<string, NodeRunState>();
  private edges = new Map<string, number>();
  private readonly nodeListeners = new Map<string, Set<Listener>>();
  private readonly edgeListeners = new Map<string, Set<Listener>>();
  private readonly summaryListeners = new Set<Listener>();
  private queued: RunUpdate[] = [];
  private cancelFrame: (() => void) | undefined;

  constructor(private readonly schedule: FrameScheduler = nextFrame) {}

  /**
   * Takes a batch from the host and applies it at the next frame, with any others that arrive
   * before: however fast batches come, the canvas renders the overlay at most once per frame.
   */
  enqueue(update: RunUpdate): void {
    // A reset makes everything queued before it moot.
    if (update.reset) this.queued = [];
    this.queued.push(update);
    this.cancelFrame ??= this.schedule(() => this.flushQueued());
  }

  /** Applies the batches waiting for the next frame now. */
  flushQueued(): void {
    this.cancelFrame?.();
    this.cancelFrame = undefined;
    const batches = this.queued;
    this.queued = [];
    if (batches.length > 0) this.apply(mergeUpdates(batches));
  }

  /** Applies one batch from the host; listeners of what it changed are told once, afterwards. */
  apply(update: RunUpdate): void {
    const touchedNodes = new Set<string>(Object.keys(update.nodes));
    const touchedEdges = new Set<string>(Object.keys(update.edges));
    const sameRun = this.summary?.executionId === update.executionId;
    if (update.reset || !sameRun) {
      // Everything shown before may change: old keys are cleared, so they are told too.
      for (const id of this.nodes.keys()) touchedNodes.add(id);
      for (const id of this.edges.keys()) touchedEdges.add(id);
      this.nodes = new Map();
      this.edges = new Map();
    }
    for (const [id, state] of Object.entries(update.nodes)) this.nodes.set(id, state);
    for (const [id, count] of Object.entries(update.edges)) this.edges.set(id, count);
    const summary: RunSummary = {
      executionId: update.executionId,
      status: update.status,
      seenAt: sameRun && this.summary ? this.summary.seenAt : Date.now(),
      ...(update.durationMs !== undefined ? { durationMs: update.durationMs } : {}),
      ...(update.error !== undefined ? { error: update.error } : {}),
    };
    const summaryChanged =
      !this.summary ||
      this.summary.executionId !== summary.executionId ||
      this.summary.status !== summary.status ||
      this.summary.durationMs !== summary.durationMs ||
      this.summary.error !== summary.error;
    if (summaryChanged) this.summary = summary;
    notify(this.nodeListeners, touchedNodes);
    notify(this.edgeListeners, touchedEdges);
    if (summaryChanged) for (const listener of [...this.summaryListeners]) listener();
  }

  /** The state of a node in the run shown, if the run reached it. */
  node(id: string): NodeRunState | undefined {
    return this.nodes.get(id);
  }

  /** Items that crossed an edge in the run shown. */
  edge(id: string): number | undefined {
    return this.edges.get(id);
  }

  /** The run shown, if any. */
  getSummary(): RunSummary | undefined {
    return this.summary;
  }

  subscribeNode(id: string, listener: Listener): () => void {
    return subscribe(this.nodeListeners, id, listener);
  }

  subscribeEdge(id: string, listener: Listener): () => void {
    return subscribe(this.edgeListeners, id, listener);
  }

  subscribeSummary(listener: Listener): () => void {
    this.summaryListeners.add(listener);
    return () => this.summaryListeners.delete(listener);
  }
}

/** Several batches in order as one (same execution after the last reset; later entries win). */
export function mergeUpdates(batches: readonly RunUpdate[]): RunUpdate {
  if (batches.length === 1) return batches[0]!;
  let merged: RunUpdate = { ...batches[0]!, nodes: { ...batches[0]!.nodes }, edges: { ...batches[0]!.edges } };
  for (const next of batches.slice(1)) {
    if (next.reset || next.executionId !== merged.executionId) {
      merged = { ...next, nodes: { ...next.nodes }, edges: { ...next.edges } };
      continue;
    }
    Object.assign(merged.nodes, next.nodes);
    Object.assign(merged.edges, next.edges);
    const { durationMs, error } = next;
    merged = { ...merged, status: next.status };
    if (durationMs !== undefined) merged.durationMs = durationMs;
    else delete merged.durationMs;
    if (error !== undefined) merged.error = error;
    else delete merged.error;
  }
  return merged;
}

function subscribe(map: Map<string, Set<Listener>>, key: string, listener: Listener): () => void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) map.delete(key);
  };
}

function notify(map: Map<string, Set<Listener>>, keys: Iterable<string>): void {
  for (const key of keys) {
    const set = map.get(key);
    if (set) for (const listener of [...set]) listener();
  }
}

/**
 * The store the run components read. App provides its own; the default serves components drawn
 * outside it (tests, the benchmark).
 */
export const RunOverlayContext = createContext<RunOverlayStore>(new RunOverlayStore());

/** The run state of one node; re-renders only when that node's state changes. */
export function useNodeRunState(nodeId: string): NodeRunState | undefined {
  const store = useContext(RunOverlayContext);
  const subscribe = useCallback((listener: Listener) => store.subscribeNode(nodeId, listener), [store, nodeId]);
  return useSyncExternalStore(subscribe, () => store.node(nodeId));
}

/**
 * True while data is on its way along an edge: its target runs, or its source runs and the target
 * waits. Re-renders only when that answer changes, not on every state change of either node.
 */
export function useEdgeFlowing(source: string, target: string): boolean {
  const store = useContext(RunOverlayContext);
  const subscribe = useCallback(
    (listener: Listener) => {
      const a = store.subscribeNode(source, listener);
      const b = store.subscribeNode(target, listener);
      return () => {
        a();
        b();
      };
    },
    [store, source, target],
  );
  return useSyncExternalStore(subscribe, () => {
    const to = store.node(target)?.status;
    return to === 'running' || (to === 'queued' && store.node(source)?.status === 'running');
  });
}

/** Items that crossed one edge; re-renders only when that count changes. */
export function useEdgeItemCount(edgeId: string): number | undefined {
  const store = useContext(RunOverlayContext);
  const subscribe = useCallback((listener: Listener) => store.subscribeEdge(edgeId, listener), [store, edgeId]);
  return useSyncExternalStore(subscribe, () => store.edge(edgeId));
}

/** The run shown (toolbar, inspector). */
export function useRunSummary(): RunSummary | undefined {
  const store = useContext(RunOverlayContext);
  const subscribe = useCallback((listener: Listener) => store.subscribeSummary(listener), [store]);
  return useSyncExternalStore(subscribe, () => store.getSummary());
}
