/**
 * Config resolution before a node runs: evaluate `{{ }}` templates, then parse with the type's
 * schema (defaults, coercion). A config without templates is parsed once and reused for every
 * run, so static nodes cost nothing here.
 */
import { compileConfig } from '../expressions/template';
import { NodeError } from '../errors';
import type { PlannedNode } from './plan';
import type { EngineNodeContext } from './context';

const parsedStatic = new WeakMap<object, unknown>();

/** Resolved, parsed config: a plain value when static, a promise when templates must run. */
export function resolveConfig(pn: PlannedNode, ctx: EngineNodeContext): unknown | Promise<unknown> {
  const raw = pn.node.config;
  const cached = parsedStatic.get(raw);
  if (cached !== undefined) return cached;
  const compiled = compileConfig(raw, pn.rawConfigKeys);
  if (!compiled.dynamic) {
    const parsed = parseConfig(pn, raw);
    parsedStatic.set(raw, parsed);
    return parsed;
  }
  return compiled.evaluate(ctx.expressionScope()).then((value) => parseConfig(pn, value));
}

function parseConfig(pn: PlannedNode, value: unknown): unknown {
  const result = pn.definition.configSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.map(String).join('.');
  throw new NodeError(`config${field ? '.' + field : ''}: ${issue.message}`, { code: 'CONFIG', field: field || undefined });
}
