/**
 * The contract of a node type. One file per built-in type exports one `NodeDefinition`;
 * the palette, inspector forms, JSON Schema, validation and docs are all derived from it,
 * so adding a node type touches one file (plus its line in `registry.ts`).
 */
import type { z } from 'zod';
import type { WorkflowNode } from '../model/workflow';
import type { LogLevel } from '../engine/events';

/** A named connection point of a node. */
export interface PortDefinition {
  /** Handle name used in edges (`sourceHandle` / `targetHandle`). */
  name: string;
  /** Label shown on the canvas; defaults to `name`. */
  label?: string;
  description?: string;
}

/** Palette grouping. */
export type NodeCategory = 'trigger' | 'data' | 'flow' | 'code' | 'network' | 'system' | 'file' | 'utility';

/** What arrived on one incoming edge. */
export interface NodeInput {
  edgeId: string;
  sourceId: string;
  sourceName: string;
  sourceHandle: string;
  targetHandle: string;
  data: unknown;
}

/** Request to run JavaScript source in the isolated code runner. */
export interface CodeRequest {
  code: string;
  input: unknown;
  vars: Record<string, unknown>;
  /** Outputs of earlier nodes, by name and id (structured-cloned into the sandbox). */
  node: Record<string, unknown>;
  execution: { id: string; started: string };
  timeoutMs: number;
  signal: AbortSignal;
  /** Receives the sandbox's `console.*` calls. */
  log: (level: LogLevel, message: string) => void;
}

/**
 * Services a node may use. The engine provides them; tests may provide their own.
 * Everything that touches the outside world goes through here, so nodes stay testable.
 */
export interface NodeServices {
  /** Absolute path of the workspace root; file and shell nodes resolve paths against it. */
  workspaceRoot: string;
  /** When false (default), file paths that escape `workspaceRoot` are refused. */
  allowOutsideWorkspace: boolean;
  /** Runs `code.javascript` source isolated from the caller, with a time limit. */
  runCode(request: CodeRequest): Promise<unknown>;
  /** Runs another workflow file (path relative to the calling file) and returns its output. */
  runSubworkflow(path: string, input: unknown, signal: AbortSignal): Promise<unknown>;
}

/** Everything `run` receives. */
export interface NodeContext<C> {
  /** The node as written in the file. */
  node: WorkflowNode;
  /** Config with `{{ }}` templates evaluated, parsed by the type's schema (defaults applied). */
  config: C;
  /**
   * The node's input: the single incoming value, the run input for a root node, or an object
   * keyed by source node name when several edges delivered data.
   */
  input: unknown;
  /** Every value that arrived, one per incoming edge that delivered (edge order). */
  inputs: readonly NodeInput[];
  vars: Record<string, unknown>;
  execution: { id: string; started: string };
  /** Outputs of nodes that finished so far, by name and id. */
  nodeOutputs: Record<string, unknown>;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** Aborted on cancel, execution timeout or node timeout. */
  signal: AbortSignal;
  log(level: LogLevel, message: string, data?: unknown): void;
  /**
   * Evaluates a bare JSONata expression (no braces) with this node's bindings: the input as
   * context and `$input`, `$vars`, `$node`, `$execution`, `$secrets`, `$env`.
   */
  evaluate(expression: string): Promise<unknown>;
  services: NodeServices;
  /**
   * Only for types with `bodyHandle`: runs the nodes downstream of that handle once with
   * `item` as their input and resolves to the body's result (the output of its last node, or
   * an object keyed by name when it ends in several).
   */
  runBody?(item: unknown, index: number): Promise<unknown>;
}

/**
 * What a node emits: a map from output handle to the data sent on it. Handles that are absent
 * did not fire, and the nodes behind them are skipped (e.g. `flow.if` returns `{ true: input }`).
 */
export type NodeEmit = Record<string, unknown>;

/** A node type. */
export interface NodeDefinition<C = Record<string, unknown>> {
  type: string;
  title: string;
  category: NodeCategory;
  /** A codicon name (https://microsoft.github.io/vscode-codicons). */
  icon: string;
  /** One line for the palette. */
  description: string;
  /** Longer Markdown documentation: behaviour, output shape, errors. */
  docs: string;
  inputs: readonly PortDefinition[];
  /** Output handles; may depend on the config (one handle per `flow.switch` case). */
  outputs: readonly PortDefinition[] | ((config: Record<string, unknown>) => readonly PortDefinition[]);
  /** Schema of `config` after template evaluation; its defaults are applied at run time. */
  configSchema: z.ZodType<C>;
  /** Config given to a node newly added from the palette. */
  defaults: Record<string, unknown>;
  /** A realistic config for the docs and the README. */
  example: Record<string, unknown>;
  /** Config keys that are never evaluated as `{{ }}` templates (e.g. JavaScript source). */
  rawConfigKeys?: readonly string[];
  /** Config keys holding a bare JSONata expression (no braces); the validator parses them. */
  expressionConfigKeys?: readonly string[];
  /** Output handle whose downstream nodes form a loop body run by `context.runBody`. */
  bodyHandle?: string;
  /** True for trigger types: they start runs and have no inputs. */
  isTrigger?: boolean;
  run(context: NodeContext<C>): NodeEmit | Promise<NodeEmit>;
}

/** Output handles of a node type for a given config. */
export function outputsOf(definition: NodeDefinition<unknown>, config: Record<string, unknown>): readonly PortDefinition[] {
  return typeof definition.outputs === 'function' ? definition.outputs(config) : definition.outputs;
}

/** Helper that keeps the config type when declaring a definition. */
export function defineNode<C>(definition: NodeDefinition<C>): NodeDefinition<C> {
  return definition;
}
