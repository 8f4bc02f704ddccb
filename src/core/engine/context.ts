/**
 * The `NodeContext` handed to `run`. A class rather than an object literal with closures so
 * that the hot path allocates one object per node and no functions.
 */
import type { NodeContext, NodeInput, NodeServices } from '../nodes/definition';
import type { WorkflowNode } from '../model/workflow';
import type { LogLevel } from './events';
import type { ExecutionRuntime } from './runtime';
import { evaluateExpression, type ExpressionScope } from '../expressions/evaluate';
import type { PlannedNode } from './plan';
import type { OutputsView } from './outputs';

export class EngineNodeContext implements NodeContext<unknown> {
  config: unknown = undefined;
  attempt = 1;
  signal: AbortSignal;
  runBody?: (item: unknown, index: number) => Promise<unknown>;
  /** Clears the per-attempt timeout timer, when the node has one. */
  cleanup?: () => void;
  /** The scope of the config's templates while they are being evaluated (its `field` names the one running). */
  configScope?: ExpressionScope;

  readonly node: WorkflowNode;

  constructor(
    readonly runtime: ExecutionRuntime,
    private readonly owner: { inputsOf(pn: PlannedNode): readonly NodeInput[] },
    private readonly planned: PlannedNode,
    readonly input: unknown,
    private readonly outputs: OutputsView,
    readonly iteration: string | undefined,
    signal: AbortSignal,
  ) {
    this.node = planned.node;
    this.signal = signal;
  }

  get inputs(): readonly NodeInput[] {
    return this.owner.inputsOf(this.planned);
  }

  get nodeOutputs(): Record<string, unknown> {
    return this.outputs.current();
  }

  get vars(): Record<string, unknown> {
    return this.runtime.vars;
  }

  get execution(): { id: string; started: string } {
    return this.runtime.execution;
  }

  get services(): NodeServices {
    return this.runtime.services;
  }

  private boundLog?: NodeContext<unknown>['log'];
  private boundSecretDerived?: (value: unknown, expression: string) => void;
  private boundEvaluate?: NodeContext<unknown>['evaluate'];

  /** Nodes destructure their context (`{ log, evaluate }`), so these are bound on first use. */
  get log(): NodeContext<unknown>['log'] {
    return (this.boundLog ??= this.emitLog.bind(this));
  }

  get evaluate(): NodeContext<unknown>['evaluate'] {
    return (this.boundEvaluate ??= (expression: string) => evaluateExpression(expression, this.expressionScope()));
  }

  private emitLog(level: LogLevel, message: string, data?: unknown): void {
    const rt = this.runtime;
    rt.emit({
      type: 'log',
      executionId: rt.executionId,
      at: Date.now(),
      level,
      message,
      ...(data !== undefined ? { data } : {}),
      nodeId: this.node.id,
      nodeName: this.node.name,
      iteration: this.iteration,
    });
  }

  /** An expression of this node read `$secrets`: what it computed is secret, what it copied is not. */
  private secretDerived(value: unknown, expression: string): void {
    const rt = this.runtime;
    rt.redactor.addDerived(value, expression, [this.input, rt.vars, rt.env, this.outputs.current()]);
  }

  /** The bindings expressions see for this node. */
  expressionScope(): ExpressionScope {
    const rt = this.runtime;
    return {
      input: this.input,
      vars: rt.vars,
      node: this.outputs.current(),
      execution: rt.execution,
      env: rt.env,
      secrets: rt.secrets,
      signal: this.signal,
      onSecretDerived: (this.boundSecretDerived ??= this.secretDerived.bind(this)),
    };
  }
}
