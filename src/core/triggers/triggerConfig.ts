/**
 * A trigger node's config as the runtime uses it: `{{ }}` templates evaluated (so a poll can
 * send `Bearer {{ $secrets.API_TOKEN }}`), then parsed by the type's schema (defaults applied).
 * There is no run yet, so the bindings are those that exist without one: `$vars`, `$env` (the
 * workflow's allow-list) and `$secrets`; `$input` is `{}` and `$node` is empty.
 */
import { compileConfig, ExpressionError, type ExpressionScope } from '../expressions';
import { allowedEnv } from '../engine/runtime';
import type { Workflow, WorkflowNode } from '../model/workflow';
import type { NodeDefinition } from '../nodes/definition';

/** Looks up one secret by name (the runtime's `secrets` option). */
export type SecretLookup = (name: string) => Promise<string | undefined>;

/** Raised when a trigger's config cannot be used; the message names the field. */
export class TriggerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriggerConfigError';
  }
}

/** The parsed config of `node`, templates evaluated. Throws `TriggerConfigError`. */
export async function resolveTriggerConfig<C>(
  definition: NodeDefinition<C>,
  node: WorkflowNode,
  workflow: Workflow,
  secrets: SecretLookup,
  env: Record<string, string | undefined> = process.env,
): Promise<C> {
  let value: unknown;
  try {
    const compiled = compileConfig(node.config, new Set(definition.rawConfigKeys ?? []));
    value = compiled.dynamic ? await compiled.evaluate(scopeFor(workflow, secrets, env)) : compiled.value;
  } catch (error) {
    const field = error instanceof ExpressionError && error.field ? `config.${error.field}: ` : '';
    throw new TriggerConfigError(`${field}${(error as Error).message}`);
  }
  const parsed = definition.configSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path.map(String).join('.');
  throw new TriggerConfigError(`config${path ? `.${path}` : ''}: ${issue.message}`);
}

function scopeFor(workflow: Workflow, secrets: SecretLookup, env: Record<string, string | undefined>): ExpressionScope {
  return {
    input: {},
    vars: workflow.variables ?? {},
    node: {},
    execution: { id: '', started: '' },
    env: allowedEnv(workflow.settings?.env, env),
    secrets: async (names) => {
      const out: Record<string, string> = {};
      for (const name of names) {
        const value = await secrets(name);
        if (value === undefined) throw new ExpressionError(`secret "${name}" is not set`, `$secrets.${name}`, undefined);
        out[name] = value;
      }
      return out;
    },
  };
}
