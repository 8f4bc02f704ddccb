/**
 * Config resolution before a node runs: evaluate `{{ }}` templates, then parse with the type's
 * schema (defaults, coercion). A config without templates is parsed once and reused for every
 * run, so static nodes cost nothing here.
 */
import { compileConfig } from '../expressions/template';
import { NodeError } from '../errors';
import type { PlannedNode } from './plan';
import type { EngineNodeContext } from './context';

/** Resolved, parsed config: a plain value when static, a promise when templates must run. */
export function resolveConfig(pn: PlannedNode, ctx: EngineNodeContext): unknown | Promise<unknown> {
  if (pn.staticConfig) return pn.staticConfig.value;
  const raw = pn.node.config;
  const compiled = compileConfig(raw, pn.rawConfigKeys);
  if (!compiled.dynamic) {
    const value = parseConfig(pn, raw);
    pn.staticConfig = { value };
    return value;
  }
  const scope = ctx.expressionScope();
  ctx.configScope = scope;
  return compiled.evaluate(scope).then((value) => {
    ctx.configScope = undefined;
    return parseConfig(pn, value);
  });
}

function parseConfig(pn: PlannedNode, value: unknown): unknown {
  const result = pn.definition.configSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.map(String).join('.');
  throw new NodeError(`config${field ? '.' + field : ''}: ${issue.message}`, { code: 'CONFIG', field: field || undefined });
}
