/**
 * `runWorkflow`: one execution of a workflow, from the trigger that fired (or every root) to
 * the `execution.finished` event. See README.md in this folder for the model.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Workflow } from '../model/workflow';
import type { CodeRequest, NodeServices } from '../nodes/definition';
import type { ErrorInfo, ExecutionEvent, ExecutionFinishedEvent, ExecutionListener, ExecutionStatus, TriggerInfo } from './events';
import { planWorkflow, PlanError, type NodeTypeResolver, type PlannedNode } from './plan';
import { ScopeRun, ScopeFailure } from './scope';
import { OutputsView } from './outputs';
import { allowedEnv, fanOut, secretAccess, secretNamesOfWorkflow, type ExecutionRuntime, type SecretProvider } from './runtime';
import { SecretRedactor } from './redaction';
import { sleep } from '../sleep';
import { toErrorInfo } from './errorInfo';
import type { NodeOverrides } from './overrides';
import { CancelledError, NodeError, TimeoutError } from '../errors';

/** Loads a sub-workflow; throws a `NodeError` (code `SUBWORKFLOW_INVALID`) when it cannot be used. */
export type WorkflowLoader = (absolutePath: string) => Promise<Workflow>;

export interface RunOptions {
  /** Defaults to a random UUID. */
  executionId?: string;
  /** The run input: what the start nodes receive (default `{}`). */
  input?: unknown;
  trigger?: TriggerInfo;
  /** Start only from this trigger node (and what it reaches); default: every root. */
  triggerNodeId?: string;
  /** Overrides of `variables` (e.g. `--var K=V`). */
  variables?: Record<string, unknown>;
  /** Cancels the execution (status `cancelled`). */
  signal?: AbortSignal;
  /** Time limit of the whole execution; defaults to `settings.timeoutMs`. */
  timeoutMs?: number;
  listeners?: readonly ExecutionListener[];
  /** Told once per listener that throws (default: a process warning); the run goes on either way. */
  onListenerError?: (error: unknown) => void;
  secrets?: SecretProvider;
  /** Source of `$env` (filtered by `settings.env`) — default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Absolute path of the workflow file: sub-workflow paths are relative to its folder. */
  filePath?: string;
  /** Root that file and shell nodes are confined to (default: the file's folder, else cwd). */
  workspaceRoot?: string;
  allowOutsideWorkspace?: boolean;
  /** Runs code.javascript nodes; required when the workflow has any. */
  runCode?: (request: CodeRequest) => Promise<unknown>;
  loadWorkflow?: WorkflowLoader;
  /** Node types beyond (or instead of) the built-ins; default the built-in registry. */
  nodeTypes?: NodeTypeResolver;
  /** Files of the calling workflows, outermost first (recursion detection). */
  callStack?: readonly string[];
  parentExecutionId?: string;
  /**
   * Nodes that must not run: by node id, the output (or error) each stands in for its run,
   * e.g. mocks of a workflow test. Not passed on to sub-workflows. See `overrides.ts`.
   */
  nodeOverrides?: NodeOverrides;
  /** Injected for tests: randomness of retry jitter, and the retry sleep. */
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** What `runWorkflow` resolves to: the `execution.finished` event without its envelope. */
export type ExecutionResult = Omit<ExecutionFinishedEvent, 'type' | 'at'>;

const DEFAULT_CONCURRENCY = 4;

/**
 * Runs a workflow to the end. Never throws for problems of the workflow: they are in the result.
 * Secret values are replaced by `***` in every event and in the result (see `redaction.ts`).
 */
export async function runWorkflow(workflow: Workflow, options: RunOptions = {}): Promise<ExecutionResult> {
  return (await execute(workflow, options, undefined)).result;
}

/**
 * One execution. A sub-workflow gets its caller's redactor (`inherited`): its events go to the
 * caller's emit, which redacts them once, and its output returns to the caller in clear.
 */
async function execute(
  workflow: Workflow,
  options: RunOptions,
  inherited: SecretRedactor | undefined,
): Promise<{ result: ExecutionResult; output: unknown }> {
  const executionId = options.executionId ?? randomUUID();
  const startedMs = Date.now();
  const started = new Date(startedMs).toISOString();
  const t0 = performance.now();
  const redactor = inherited ?? new SecretRedactor();
  const deliver = fanOut(options.listeners ?? [], options.onListenerError);
  const emit = inherited ? deliver : (event: ExecutionEvent) => deliver(redactor.active ? redactor.redact(event) : event);
  const input = options.input === undefined ? {} : options.input;
  const trigger = options.trigger ?? { type: 'manual', ...(options.triggerNodeId ? { nodeId: options.triggerNodeId } : {}) };

  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(new CancelledError('the execution was cancelled'));
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const timeoutMs = options.timeoutMs ?? workflow.settings?.timeoutMs;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new TimeoutError(`the execution exceeded its time limit of ${timeoutMs} ms`)), timeoutMs);

  const secrets = secretAccess(options.secrets, redactor);
  const secretNames = secretNamesOfWorkflow(workflow);
  if (secretNames.length > 0) await secrets.prefetch(secretNames);
  const runtime: ExecutionRuntime = {
    executionId,
    started,
    execution: { id: executionId, started },
    vars: { ...(workflow.variables ?? {}), ...(options.variables ?? {}) },
    env: allowedEnv(workflow.settings?.env, options.env ?? process.env),
    concurrency: workflow.settings?.concurrency ?? DEFAULT_CONCURRENCY,
    services: makeServices(workflow, options, executionId, emit, redactor),
    secrets: secrets.resolve,
    redactor,
    emit,
    executedFlags: new Uint8Array(workflow.nodes.length),
    executedCount: 0,
    handledFailures: 0,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? sleep,
    overrides: options.nodeOverrides && options.nodeOverrides.size > 0 ? options.nodeOverrides : undefined,
  };

  emit({
    type: 'execution.started',
    executionId,
    at: startedMs,
    workflowName: workflow.name,
    startedAt: started,
    input,
    trigger,
    ...(options.parentExecutionId ? { parentExecutionId: options.parentExecutionId } : {}),
  });

  let status: ExecutionStatus;
  let output: unknown;
  let error: ErrorInfo | undefined;
  try {
    const plan = planWorkflow(workflow, options.nodeTypes);
    const starts = startNodes(plan.main.nodes, plan.graph.incoming, options.triggerNodeId);
    output = await new ScopeRun(runtime, plan.main, { starts, entryValue: input, parentSignal: controller.signal, outputs: new OutputsView() }).run();
    status = runtime.handledFailures > 0 ? 'partial' : 'success';
  } catch (failure) {
    const reason: unknown = controller.signal.reason;
    if (controller.signal.aborted) {
      status = reason instanceof TimeoutError ? 'timeout' : 'cancelled';
      error = toErrorInfo(reason);
    } else {
      status = 'failed';
      error = failure instanceof ScopeFailure ? failure.info : toErrorInfo(failure);
      if (failure instanceof PlanError && failure.nodeId) error.nodeId = failure.nodeId;
    }
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }

  const completedMs = Date.now();
  const result: ExecutionResult = redactor.redact({
    executionId,
    status,
    output,
    ...(error ? { error } : {}),
    startedAt: started,
    completedAt: new Date(completedMs).toISOString(),
    durationMs: performance.now() - t0,
    nodesExecuted: runtime.executedCount,
  });
  emit({ type: 'execution.finished', at: completedMs, ...result });
  return { result, output };
}

/** The trigger node asked for, or every node without incoming edges. */
function startNodes(
  mainNodes: readonly PlannedNode[],
  incoming: ReadonlyMap<string, readonly unknown[]>,
  triggerNodeId: string | undefined,
): PlannedNode[] {
  if (triggerNodeId !== undefined) {
    const node = mainNodes.find((n) => n.node.id === triggerNodeId);
    if (!node) throw new PlanError(`there is no node "${triggerNodeId}" to start from`);
    return [node];
  }
  return mainNodes.filter((n) => incoming.get(n.node.id)!.length === 0);
}

function makeServices(
  workflow: Workflow,
  options: RunOptions,
  executionId: string,
  emit: ExecutionListener,
  redactor: SecretRedactor,
): NodeServices {
  const filePath = options.filePath ? resolve(options.filePath) : undefined;
  const workspaceRoot = resolve(options.workspaceRoot ?? (filePath ? dirname(filePath) : process.cwd()));
  return {
    workspaceRoot,
    allowOutsideWorkspace: options.allowOutsideWorkspace ?? false,
    runCode:
      options.runCode ??
      (() => Promise.reject(new NodeError('code.javascript needs a code runner; none was given to the engine', { code: 'NO_CODE_RUNNER' }))),
    runSubworkflow: async (path, input, signal) => {
      const base = filePath ? dirname(filePath) : workspaceRoot;
      const target = resolve(base, path);
      const stack = options.callStack ?? (filePath ? [filePath] : []);
      if (stack.includes(target)) {
        const chain = [...stack, target].map((p) => relative(workspaceRoot, p) || p).join(' → ');
        throw new NodeError(`sub-workflow recursion: ${chain}`, { code: 'SUBWORKFLOW_RECURSION', field: 'path' });
      }
      const child = await (options.loadWorkflow ?? loadSubworkflow)(target);
      const entry = workflowTriggerOf(child);
      const { result, output } = await execute(child, {
        ...options,
        executionId: undefined,
        input,
        trigger: { type: 'workflow', ...(entry ? { nodeId: entry } : {}), data: { parentExecutionId: executionId, workflow: workflow.name } },
        triggerNodeId: entry,
        variables: undefined,
        timeoutMs: undefined,
        nodeOverrides: undefined,
        signal,
        listeners: [emit],
        filePath: target,
        workspaceRoot,
        callStack: [...stack, target],
        parentExecutionId: executionId,
      }, redactor);
      if (result.status !== 'success' && result.status !== 'partial') {
        throw new NodeError(`sub-workflow ${path} ended ${result.status}: ${result.error?.message ?? 'no error message'}`, {
          code: 'SUBWORKFLOW_FAILED',
          field: 'path',
        });
      }
      return output;
    },
  };
}

/**
 * Where a called workflow starts: its first enabled `trigger.workflow` node, so that its other
 * roots (a schedule, a webhook) stay out of the call; without one, every root, as in a manual run.
 */
function workflowTriggerOf(workflow: Workflow): string | undefined {
  return workflow.nodes.find((node) => node.type === 'trigger.workflow' && !node.disabled)?.id;
}

/** Minimal loader used when the caller gives none: parse and check the file format. */
async function loadSubworkflow(absolutePath: string): Promise<Workflow> {
  const { loadWorkflowText } = await import('../validation/loadWorkflow');
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    throw new NodeError(`sub-workflow ${absolutePath} cannot be read: ${(error as Error).message}`, { code: 'SUBWORKFLOW_NOT_FOUND', field: 'path' });
  }
  const loaded = loadWorkflowText(text, absolutePath);
  if (!loaded.workflow) {
    const first = loaded.diagnostics.find((d) => d.severity === 'error');
    throw new NodeError(
      `sub-workflow ${absolutePath} is invalid${first ? ` (line ${first.line}: ${first.message})` : ''}`,
      { code: 'SUBWORKFLOW_INVALID', field: 'path' },
    );
  }
  return loaded.workflow;
}
