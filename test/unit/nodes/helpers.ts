import assert from 'node:assert/strict';
/**
 * Builds `NodeContext`s for calling a node type's `run` directly, without the engine: a real
 * AbortController, collected log lines, JSONata evaluation with the same bindings the engine
 * gives, and services whose `runCode` / `runSubworkflow` each test may supply.
 */
import { ExpressionError, compileConfig, evaluateExpression, type ExpressionScope } from '../../../src/core/expressions';
import type { NodeContext, NodeDefinition, NodeInput, NodeServices } from '../../../src/core/nodes/definition';
import type { LogLevel } from '../../../src/core/engine/events';
import type { WorkflowNode } from '../../../src/core/model/workflow';
import { NodeError } from '../../../src/core/errors';

/** One `ctx.log` call. */
export interface LogEntry {
  level: LogLevel;
  message: string;
  data?: unknown;
}

/** What a test may set; everything has a harmless default. */
export interface ContextOptions {
  input?: unknown;
  inputs?: NodeInput[];
  vars?: Record<string, unknown>;
  nodeOutputs?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  secrets?: Record<string, string>;
  execution?: { id: string; started: string };
  attempt?: number;
  node?: Partial<WorkflowNode>;
  services?: Partial<NodeServices>;
  runBody?: (item: unknown, index: number) => Promise<unknown>;
}

/** A context plus the handles a test needs: the log lines and the controller behind `signal`. */
export interface TestContext<C> extends NodeContext<C> {
  logs: LogEntry[];
  controller: AbortController;
}

function notSupplied(name: string): never {
  throw new Error(`services.${name} was not supplied by this test`);
}

/** The expression scope of a context, as the engine builds it. */
export function scopeOf(options: ContextOptions): ExpressionScope {
  const secrets = options.secrets ?? {};
  return {
    input: options.input,
    vars: options.vars ?? {},
    node: options.nodeOutputs ?? {},
    execution: options.execution ?? { id: 'test-execution', started: '2024-01-01T00:00:00.000Z' },
    env: options.env ?? {},
    secrets: async (names) => {
      const missing = names.filter((n) => !(n in secrets));
      if (missing.length > 0) throw new ExpressionError(`unknown secret ${missing.join(', ')}`, '', undefined);
      return Object.fromEntries(names.map((n) => [n, secrets[n]]));
    },
  };
}

/** A context whose config is given as already resolved (templates evaluated, defaults applied). */
export function makeContext<C>(config: C, options: ContextOptions = {}): TestContext<C> {
  const scope = scopeOf(options);
  const controller = new AbortController();
  const logs: LogEntry[] = [];
  const services: NodeServices = {
    workspaceRoot: process.cwd(),
    allowOutsideWorkspace: false,
    runCode: () => notSupplied('runCode'),
    runSubworkflow: () => notSupplied('runSubworkflow'),
    ...options.services,
  };
  const node: WorkflowNode = {
    id: 'node-under-test',
    type: 'test.node',
    name: 'Node under test',
    position: { x: 0, y: 0 },
    config: {},
    ...options.node,
  };
  return {
    node,
    config,
    input: options.input,
    inputs: options.inputs ?? [],
    vars: scope.vars,
    execution: scope.execution,
    nodeOutputs: scope.node,
    attempt: options.attempt ?? 1,
    signal: controller.signal,
    log: (level, message, data) => {
      logs.push(data === undefined ? { level, message } : { level, message, data });
    },
    evaluate: (expression) => evaluateExpression(expression, scope),
    services,
    runBody: options.runBody,
    logs,
    controller,
  };
}

/**
 * A context for `definition` from a config as written in a file: `{{ }}` templates are
 * evaluated (except `rawConfigKeys`) and the result parsed by the type's schema, as the engine
 * does before `run`, so defaults apply and a bad config throws the schema's error.
 */
export async function makeContextFor<C>(definition: NodeDefinition<C>, rawConfig: Record<string, unknown>, options: ContextOptions = {}): Promise<TestContext<C>> {
  const compiled = compileConfig(rawConfig, new Set(definition.rawConfigKeys ?? []));
  const resolved = compiled.dynamic ? await compiled.evaluate(scopeOf(options)) : compiled.value;
  const config = definition.configSchema.parse(resolved);
  return makeContext(config, { ...options, node: { type: definition.type, config: rawConfig, ...options.node } });
}

/** Calls `run` on a context made by `makeContextFor`; returns what it emitted and the context. */
export async function runNode<C>(definition: NodeDefinition<C>, rawConfig: Record<string, unknown>, options: ContextOptions = {}) {
  const context = await makeContextFor(definition, rawConfig, options);
  const emit = await definition.run(context);
  return { emit, context };
}

/** An `assert.rejects` matcher: a NodeError with this code and field (and message, when given). */
export function isNodeError(code: string, field: string | undefined, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof NodeError, `expected a NodeError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.field, field);
    if (message) assert.match(error.message, message);
    return true;
  };
}
