/**
 * The scheduler of one scope (the main graph, or one iteration of a loop body).
 *
 * A node becomes ready when every in-scope incoming edge has resolved; it runs when at least
 * one of them delivered data and is skipped (reason `branch`) when none did. Nodes that return
 * synchronously are finished in the same loop turn, without a promise, which is what keeps a
 * 10,000-node chain of `data.set` at about a microsecond per node. Asynchronous nodes count
 * against `settings.concurrency`; their retries, timeouts and cancellation are handled here.
 */
import { performance } from 'node:perf_hooks';
import type { NodeEmit, NodeInput } from '../nodes/definition';
import type { ErrorInfo, SkipReason } from './events';
import type { ExecutionRuntime } from './runtime';
import { reachableInScope, type PlannedEdge, type PlannedNode, type Scope } from './plan';
import { EngineNodeContext } from './context';
import { OutputsView } from './outputs';
import { resolveConfig } from './config';
import { retryDelayMs } from './backoff';
import { toErrorInfo } from './errorInfo';
import { applyOverride } from './overrides';
import { CancelledError, TimeoutError } from '../errors';

const NO_INPUTS: readonly NodeInput[] = Object.freeze([]);
const NOTHING: NodeEmit = Object.freeze({}) as NodeEmit;
/** Synchronous nodes run back to back; after this many, check whether to yield to the event loop. */
const SLICE_CHECK_EVERY = 256;
/** Longest stretch of synchronous node runs before the scheduler yields (so timers and cancel fire). */
const SLICE_MS = 20;

/** Why a scope stopped: the first failure, with the node it came from. */
export class ScopeFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly info: ErrorInfo,
  ) {
    super(info.message);
    this.name = 'ScopeFailure';
  }
}

/** Thrown into the nodes still running in a scope that stopped because another node failed. */
class StoppedError extends CancelledError {
  constructor(nodeName: string) {
    super(`stopped because node "${nodeName}" failed`);
  }
}

interface Reach {
  /** 1 for nodes reachable from the starts. */
  reached: Uint8Array;
  /** Incoming edges from reached nodes, per node index. */
  pending: Int32Array;
}

const reachCache = new WeakMap<Scope, Map<string, Reach>>();

function reachOf(scope: Scope, starts: readonly PlannedNode[]): Reach {
  let byStarts = reachCache.get(scope);
  if (!byStarts) reachCache.set(scope, (byStarts = new Map()));
  const key = starts.map((s) => s.index).join(',');
  let reach = byStarts.get(key);
  if (!reach) {
    const set = reachableInScope(starts);
    const reached = new Uint8Array(scope.nodes.length);
    const pending = new Int32Array(scope.nodes.length);
    for (const n of set) reached[n.index] = 1;
    for (const n of set) for (const e of n.incoming) if (reached[e.source.index]) pending[n.index]++;
    reach = { reached, pending };
    byStarts.set(key, reach);
  }
  return reach;
}

export interface ScopeOptions {
  /** Nodes that start with `entryValue` as their input. */
  starts: readonly PlannedNode[];
  entryValue: unknown;
  /** For loop bodies: the loop node, whose body handle feeds `starts`. */
  loop?: PlannedNode;
  iteration?: string;
  parentSignal: AbortSignal;
  outputs: OutputsView;
}

export class ScopeRun {
  private readonly pending: Int32Array;
  private readonly reached: Uint8Array;
  /** Data delivered to each node: the first edge in slots (the common case), others in `moreInputs`. */
  private readonly firstEdge: (PlannedEdge | undefined)[];
  private readonly firstData: unknown[];
  private readonly moreInputs: (NodeInput[] | undefined)[];
  /** 1 for loop-body entries: they receive the loop item besides any in-body edges. */
  private readonly isEntry: Uint8Array;
  private readonly hasData: Uint8Array;
  private readonly isStart: Uint8Array;
  private readonly started: Uint8Array;
  private readonly ran: Uint8Array;
  private readonly outputs: unknown[];
  private readonly ready: PlannedNode[] = [];
  private readyHead = 0;
  private running = 0;
  private stopped = false;
  private failure: ScopeFailure | undefined;
  private done = false;
  private yielding = false;
  private sliceStart = 0;
  private readonly controller = new AbortController();
  private readonly unlinkParent: () => void;
  private resolve!: (value: unknown) => void;
  private reject!: (error: unknown) => void;

  constructor(
    private readonly rt: ExecutionRuntime,
    private readonly scope: Scope,
    private readonly options: ScopeOptions,
  ) {
    const size = scope.nodes.length;
    const reach = reachOf(scope, options.starts);
    this.pending = reach.pending.slice();
    this.reached = reach.reached;
    this.firstEdge = new Array(size);
    this.firstData = new Array(size);
    this.moreInputs = new Array(size);
    this.hasData = new Uint8Array(size);
    this.isStart = new Uint8Array(size);
    this.isEntry = new Uint8Array(size);
    this.started = new Uint8Array(size);
    this.ran = new Uint8Array(size);
    this.outputs = new Array(size);
    const parent = options.parentSignal;
    const onParentAbort = () => this.controller.abort(parent.reason);
    if (parent.aborted) this.controller.abort(parent.reason);
    else parent.addEventListener('abort', onParentAbort, { once: true });
    this.unlinkParent = () => parent.removeEventListener('abort', onParentAbort);
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs the scope; resolves to its result or rejects with a `ScopeFailure`. */
  run(): Promise<unknown> {
    const promise = new Promise<unknown>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const { starts, loop } = this.options;
    for (const start of starts) {
      const i = start.index;
      this.hasData[i] = 1;
      if (loop) this.isEntry[i] = 1;
      else this.isStart[i] = 1;
      if (this.pending[i] === 0) this.ready.push(start);
    }
    for (const n of this.scope.nodes) {
      if (!this.reached[n.index] && !loop) this.emitSkipped(n, 'not-reached');
    }
    this.sliceStart = performance.now();
    this.pump();
    return promise;
  }

  private pump(): void {
    if (this.done || this.yielding) return;
    const concurrency = this.rt.concurrency;
    let untilCheck = SLICE_CHECK_EVERY;
    while (this.readyHead < this.ready.length && !this.stopped) {
      if (this.signal.aborted) {
        this.fail(this.signal.reason, undefined);
        break;
      }
      if (this.running >= concurrency) break;
      this.startNode(this.ready[this.readyHead++]);
      if (--untilCheck === 0) {
        untilCheck = SLICE_CHECK_EVERY;
        if (performance.now() - this.sliceStart > SLICE_MS) {
          this.yielding = true;
          setImmediate(() => {
            this.yielding = false;
            this.sliceStart = performance.now();
            this.pump();
          });
          return;
        }
      }
    }
    if (this.readyHead > 4096 && this.readyHead * 2 > this.ready.length) {
      this.ready.splice(0, this.readyHead);
      this.readyHead = 0;
    }
    if (this.running === 0 && (this.stopped || this.readyHead >= this.ready.length)) this.finish();
  }

  /** The node's input: the entry value, the single delivered value, or an object keyed by source name. */
  private inputOf(pn: PlannedNode): unknown {
    const i = pn.index;
    if (this.isStart[i]) return this.options.entryValue;
    const count = this.isEntry[i] + (this.firstEdge[i] ? 1 : 0) + (this.moreInputs[i]?.length ?? 0);
    if (count === 1) return this.isEntry[i] ? this.options.entryValue : this.firstData[i];
    const merged: Record<string, unknown> = {};
    for (const input of this.inputsOf(pn)) merged[input.sourceName] = input.data;
    return merged;
  }

  /** Every delivered input as `NodeInput`s, built on demand (only merge-like nodes read them). */
  inputsOf(pn: PlannedNode): readonly NodeInput[] {
    const i = pn.index;
    const list: NodeInput[] = [];
    const loop = this.options.loop;
    if (this.isEntry[i] && loop) {
      list.push({
        edgeId: this.scope.entryEdgeIds.get(pn) ?? '',
        sourceId: loop.node.id,
        sourceName: loop.node.name,
        sourceHandle: loop.definition.bodyHandle ?? 'out',
        targetHandle: 'in',
        data: this.options.entryValue,
      });
    }
    const first = this.firstEdge[i];
    if (first) list.push(toNodeInput(first, this.firstData[i]));
    const more = this.moreInputs[i];
    if (more) list.push(...more);
    return list.length === 0 ? NO_INPUTS : list;
  }

  private startNode(pn: PlannedNode): void {
    const i = pn.index;
    this.started[i] = 1;
    if (!this.hasData[i]) {
      this.emitSkipped(pn, 'branch');
      this.deliver(pn, NOTHING);
      return;
    }
    const input = this.inputOf(pn);
    const node = pn.node;
    if (node.disabled) {
      this.emitSkipped(pn, 'disabled');
      this.deliver(pn, pn.passThroughHandle ? { [pn.passThroughHandle]: input } : NOTHING);
      return;
    }
    const rt = this.rt;
    if (rt.executedFlags[pn.globalIndex] === 0) {
      rt.executedFlags[pn.globalIndex] = 1;
      rt.executedCount++;
    }
    const ctx = new EngineNodeContext(rt, this, pn, input, this.options.outputs, this.options.iteration, this.signal);
    if (pn.body) ctx.runBody = (item, index) => this.runBody(pn, ctx, item, index);
    this.emitStarted(pn, ctx);
    const t0 = performance.now();
    let result: NodeEmit | Promise<NodeEmit>;
    try {
      result = this.attempt(pn, ctx);
    } catch (error) {
      result = Promise.reject(error);
    }
    if (isThenable(result)) {
      this.running++;
      void this.settle(pn, ctx, Promise.resolve(result), t0);
      return;
    }
    ctx.cleanup?.();
    this.succeed(pn, ctx, result, t0);
  }

  /** One attempt: resolve the config, then run. Sync when both are. */
  private attempt(pn: PlannedNode, ctx: EngineNodeContext): NodeEmit | Promise<NodeEmit> {
    // an overridden node neither evaluates its config nor runs: one map lookup when there are overrides
    const override = this.rt.overrides?.get(pn.node.id);
    if (override) return applyOverride(override);
    const timeoutMs = pn.node.timeoutMs;
    if (timeoutMs !== undefined) armNodeTimeout(ctx, this.signal, timeoutMs);
    const config = resolveConfig(pn, ctx);
    if (config instanceof Promise) {
      return config.then((resolved) => {
        ctx.config = resolved;
        return pn.definition.run(ctx);
      });
    }
    ctx.config = config;
    return pn.definition.run(ctx);
  }

  /** Waits for an asynchronous attempt; retries, or applies `onError`, on failure. */
  private async settle(pn: PlannedNode, ctx: EngineNodeContext, first: Promise<NodeEmit>, t0: number): Promise<void> {
    let pending = first;
    for (;;) {
      try {
        const emit = await raceSignal(pending, ctx.signal);
        ctx.cleanup?.();
        this.running--;
        this.succeed(pn, ctx, emit, t0);
        this.pump();
        return;
      } catch (error) {
        ctx.cleanup?.();
        const info = toErrorInfo(error, pn.node);
        nameInterruptedField(info, ctx);
        const durationMs = performance.now() - t0;
        const stopping = this.signal.aborted;
        const policy = pn.node.retry;
        const handling = stopping ? 'fail' : (pn.node.onError ?? 'fail');
        if (!stopping && policy && ctx.attempt < policy.maxAttempts) {
          const delay = retryDelayMs(policy, ctx.attempt, this.rt.random);
          this.emitFailed(pn, ctx, info, durationMs, true, handling, delay);
          try {
            await this.rt.sleep(delay, this.signal);
          } catch (abortReason) {
            this.running--;
            this.fail(abortReason, pn);
            this.pump();
            return;
          }
          ctx.attempt++;
          ctx.signal = this.signal;
          this.emitStarted(pn, ctx);
          t0 = performance.now();
          try {
            pending = Promise.resolve(this.attempt(pn, ctx));
          } catch (retryError) {
            pending = Promise.reject(retryError);
          }
          continue;
        }
        this.emitFailed(pn, ctx, info, durationMs, false, handling, undefined);
        this.running--;
        if (handling === 'fail') {
          this.fail(stopping ? this.signal.reason : error, pn, info);
        } else {
          this.rt.handledFailures++;
          const data = { error: { message: info.message, code: info.code, field: info.field }, input: ctx.input };
          const emit: NodeEmit = handling === 'continue' ? { [pn.passThroughHandle ?? 'out']: data } : { error: data };
          this.record(pn, data);
          this.deliver(pn, emit);
        }
        this.pump();
        return;
      }
    }
  }

  private succeed(pn: PlannedNode, ctx: EngineNodeContext, emit: NodeEmit, t0: number): void {
    const overridden = this.rt.overrides?.get(pn.node.id)?.source;
    let first: unknown;
    for (const key in emit) {
      first = emit[key];
      break;
    }
    this.record(pn, first);
    const rt = this.rt;
    rt.emit({
      type: 'node.finished',
      executionId: rt.executionId,
      at: Date.now(),
      nodeId: pn.node.id,
      nodeName: pn.node.name,
      nodeType: pn.node.type,
      iteration: this.options.iteration,
      attempt: ctx.attempt,
      output: emit,
      durationMs: performance.now() - t0,
      ...(overridden ? { overridden } : {}),
    });
    this.deliver(pn, emit);
  }

  /** Makes a node's output visible to `$node[...]` and to the scope's result. */
  private record(pn: PlannedNode, output: unknown): void {
    this.options.outputs.add(pn.node.id, pn.node.name, output);
    this.outputs[pn.index] = output;
    this.ran[pn.index] = 1;
  }

  private deliver(pn: PlannedNode, emit: NodeEmit): void {
    const edges = pn.outgoing;
    for (let k = 0; k < edges.length; k++) {
      const e = edges[k];
      const t = e.target.index;
      if (e.sourceHandle in emit) {
        const data = emit[e.sourceHandle];
        if (this.firstEdge[t] === undefined) {
          this.firstEdge[t] = e;
          this.firstData[t] = data;
        } else {
          const more = this.moreInputs[t];
          if (more) more.push(toNodeInput(e, data));
          else this.moreInputs[t] = [toNodeInput(e, data)];
        }
        this.hasData[t] = 1;
      }
      if (--this.pending[t] === 0) this.ready.push(e.target);
    }
  }

  private runBody(loop: PlannedNode, ctx: EngineNodeContext, item: unknown, index: number): Promise<unknown> {
    const body = loop.body!;
    const parent = this.options.iteration;
    const child = new ScopeRun(this.rt, body, {
      starts: body.entries,
      entryValue: item,
      loop,
      iteration: parent === undefined ? String(index) : `${parent}/${index}`,
      parentSignal: ctx.signal,
      outputs: new OutputsView(this.options.outputs),
    });
    return child.run().catch((error: unknown) => {
      throw error instanceof ScopeFailure ? error.cause : error;
    });
  }

  private fail(error: unknown, pn: PlannedNode | undefined, info?: ErrorInfo): void {
    if (this.stopped) return;
    this.stopped = true;
    this.failure = new ScopeFailure(error, info ?? toErrorInfo(error, pn?.node));
    if (!this.signal.aborted) this.controller.abort(new StoppedError(pn?.node.name ?? '?'));
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.unlinkParent();
    if (this.stopped || this.signal.aborted) {
      for (const n of this.scope.nodes) {
        if (this.reached[n.index] && !this.started[n.index]) this.emitSkipped(n, 'stopped');
      }
      this.reject(this.failure ?? new ScopeFailure(this.signal.reason, toErrorInfo(this.signal.reason)));
      return;
    }
    this.resolve(this.result());
  }

  /** The output of the end nodes that ran: one value, or an object keyed by node name. */
  private result(): unknown {
    let count = 0;
    let single: unknown;
    const byName: Record<string, unknown> = {};
    for (const sink of this.scope.sinks) {
      if (!this.ran[sink.index]) continue;
      count++;
      single = this.outputs[sink.index];
      byName[sink.node.name] = single;
    }
    return count === 1 ? single : count === 0 ? undefined : byName;
  }

  // The emit* methods spell out the shared node fields instead of spreading a common base: a
  // spread would allocate a second object per event on the scheduler's hot path.
  private emitStarted(pn: PlannedNode, ctx: EngineNodeContext): void {
    const rt = this.rt;
    rt.emit({
      type: 'node.started',
      executionId: rt.executionId,
      at: Date.now(),
      nodeId: pn.node.id,
      nodeName: pn.node.name,
      nodeType: pn.node.type,
      iteration: this.options.iteration,
      attempt: ctx.attempt,
      input: ctx.input,
    });
  }

  private emitFailed(
    pn: PlannedNode,
    ctx: EngineNodeContext,
    error: ErrorInfo,
    durationMs: number,
    willRetry: boolean,
    handling: 'fail' | 'continue' | 'errorOutput',
    retryInMs: number | undefined,
  ): void {
    const rt = this.rt;
    rt.emit({
      type: 'node.failed',
      executionId: rt.executionId,
      at: Date.now(),
      nodeId: pn.node.id,
      nodeName: pn.node.name,
      nodeType: pn.node.type,
      iteration: this.options.iteration,
      attempt: ctx.attempt,
      error,
      durationMs,
      willRetry,
      retryInMs,
      handling,
    });
  }

  private emitSkipped(pn: PlannedNode, reason: SkipReason): void {
    const rt = this.rt;
    rt.emit({
      type: 'node.skipped',
      executionId: rt.executionId,
      at: Date.now(),
      nodeId: pn.node.id,
      nodeName: pn.node.name,
      nodeType: pn.node.type,
      iteration: this.options.iteration,
      reason,
    });
  }
}

function toNodeInput(e: PlannedEdge, data: unknown): NodeInput {
  return { edgeId: e.edge.id, sourceId: e.source.node.id, sourceName: e.source.node.name, sourceHandle: e.sourceHandle, targetHandle: e.targetHandle, data };
}

function isThenable(value: unknown): value is Promise<NodeEmit> {
  return value instanceof Promise || (value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function');
}

/**
 * A time limit or a cancel that struck while the config's templates were being evaluated
 * names the field whose expression was running.
 */
function nameInterruptedField(info: ErrorInfo, ctx: EngineNodeContext): void {
  const field = ctx.configScope?.field;
  ctx.configScope = undefined;
  if (!field || info.field || (info.code !== 'TIMEOUT' && info.code !== 'CANCELLED')) return;
  info.field = field;
  info.message += ` (while evaluating the expression in ${field})`;
}

/** Gives one attempt its own signal that also fires after `timeoutMs`. */
function armNodeTimeout(ctx: EngineNodeContext, scopeSignal: AbortSignal, timeoutMs: number): void {
  const controller = new AbortController();
  const onAbort = () => controller.abort(scopeSignal.reason);
  scopeSignal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new TimeoutError(`node "${ctx.node.name}" exceeded its time limit of ${timeoutMs} ms`)),
    timeoutMs,
  );
  ctx.signal = controller.signal;
  ctx.cleanup = () => {
    clearTimeout(timer);
    scopeSignal.removeEventListener('abort', onAbort);
    ctx.cleanup = undefined;
  };
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function raceSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined); // a node that ignores its signal settles later, unobserved
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
