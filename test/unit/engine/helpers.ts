/** Builders and test-only node types for engine tests. */
import { z } from 'zod';
import { defineNode, type NodeDefinition } from '../../../src/core/nodes/definition';
import { getNodeDefinition } from '../../../src/core/nodes/registry';
import type { Workflow, WorkflowEdge, WorkflowNode } from '../../../src/core/model/workflow';
import type { ExecutionEvent } from '../../../src/core/engine/events';
import { sleep } from '../../../src/core/sleep';

export function node(id: string, type: string, config: Record<string, unknown> = {}, extra: Partial<WorkflowNode> = {}): WorkflowNode {
  return { id, type, name: extra.name ?? id, position: { x: 0, y: 0 }, config, ...extra };
}

let edgeCounter = 0;
export function edge(source: string, target: string, sourceHandle?: string, targetHandle?: string): WorkflowEdge {
  return { id: `e${++edgeCounter}`, source, target, ...(sourceHandle ? { sourceHandle } : {}), ...(targetHandle ? { targetHandle } : {}) };
}

export function workflow(nodes: WorkflowNode[], edges: WorkflowEdge[], extra: Partial<Workflow> = {}): Workflow {
  return { formatVersion: 1, name: 'test', nodes, edges, ...extra };
}

/** Chain `a → b → c …` of edges between consecutive ids. */
export function chainEdges(ids: string[]): WorkflowEdge[] {
  return ids.slice(1).map((id, i) => edge(ids[i], id));
}

/** Collects events; `of(type)` filters them. */
export function recorder() {
  const events: ExecutionEvent[] = [];
  return {
    events,
    listener: (e: ExecutionEvent) => void events.push(e),
    of<T extends ExecutionEvent['type']>(type: T) {
      return events.filter((e): e is Extract<ExecutionEvent, { type: T }> => e.type === type);
    },
    statusOf(nodeId: string): string | undefined {
      let status: string | undefined;
      for (const e of events) {
        if (!('nodeId' in e) || e.nodeId !== nodeId) continue;
        if (e.type === 'node.finished') status = 'success';
        else if (e.type === 'node.failed' && !e.willRetry) status = 'failed';
        else if (e.type === 'node.skipped') status = `skipped:${e.reason}`;
      }
      return status;
    },
  };
}

/** Shared counters that test nodes update, so tests can observe concurrency and attempts. */
export const probe = { inFlight: 0, maxInFlight: 0, attempts: new Map<string, number>(), aborted: new Set<string>() };
export function resetProbe(): void {
  probe.inFlight = 0;
  probe.maxInFlight = 0;
  probe.attempts.clear();
  probe.aborted.clear();
}

const testTypes: Record<string, NodeDefinition<unknown>> = {
  /** Waits `ms` (abortable), counting in-flight runs; passes its input through. */
  'test.sleep': defineNode({
    type: 'test.sleep', title: 'sleep', category: 'utility', icon: 'clock', description: '', docs: '',
    inputs: [{ name: 'in' }], outputs: [{ name: 'out' }], defaults: {}, example: {},
    configSchema: z.object({ ms: z.number().default(10), value: z.unknown().optional() }),
    run: async ({ input, config, signal, node: n }) => {
      probe.inFlight++;
      probe.maxInFlight = Math.max(probe.maxInFlight, probe.inFlight);
      try {
        await sleep(config.ms, signal);
      } catch (error) {
        probe.aborted.add(n.id);
        throw error;
      } finally {
        probe.inFlight--;
      }
      return { out: config.value === undefined ? input : config.value };
    },
  }) as NodeDefinition<unknown>,
  /** Fails its first `times` attempts (asynchronously), then succeeds with `{ attempt }`. */
  'test.flaky': defineNode({
    type: 'test.flaky', title: 'flaky', category: 'utility', icon: 'bug', description: '', docs: '',
    inputs: [{ name: 'in' }], outputs: [{ name: 'out' }], defaults: {}, example: {},
    configSchema: z.object({ times: z.number() }),
    run: async ({ config, node: n, attempt }) => {
      probe.attempts.set(n.id, attempt);
      if (attempt <= config.times) throw new Error(`flaky failure ${attempt}`);
      return { out: { attempt } };
    },
  }) as NodeDefinition<unknown>,
  /** Throws synchronously. */
  'test.throw': defineNode({
    type: 'test.throw', title: 'throw', category: 'utility', icon: 'error', description: '', docs: '',
    inputs: [{ name: 'in' }], outputs: [{ name: 'out' }], defaults: {}, example: {},
    configSchema: z.object({}),
    run: () => {
      throw new Error('sync boom');
    },
  }) as NodeDefinition<unknown>,
  /** Busy-waits `ms` synchronously (a CPU-bound node), then passes its input through. */
  'test.busy': defineNode({
    type: 'test.busy', title: 'busy', category: 'utility', icon: 'clock', description: '', docs: '',
    inputs: [{ name: 'in' }], outputs: [{ name: 'out' }], defaults: {}, example: {},
    configSchema: z.object({ ms: z.number() }),
    run: ({ input, config }) => {
      const until = performance.now() + config.ms;
      while (performance.now() < until);
      return { out: input };
    },
  }) as NodeDefinition<unknown>,
  /** Never settles and ignores its signal (a badly behaved node). */
  'test.hang': defineNode({
    type: 'test.hang', title: 'hang', category: 'utility', icon: 'clock', description: '', docs: '',
    inputs: [{ name: 'in' }], outputs: [{ name: 'out' }], defaults: {}, example: {},
    configSchema: z.object({}),
    run: () => new Promise(() => undefined),
  }) as NodeDefinition<unknown>,
};

/** The built-in registry plus the test types. */
export const testNodeTypes = (type: string): NodeDefinition<unknown> | undefined => testTypes[type] ?? getNodeDefinition(type);
