/**
 * The node types as the canvas needs them (palette, inspector forms, connection rules), derived
 * from the registered definitions and sent once with `init`. Free of `vscode`, so it is
 * unit-tested in plain Node; computed once per process since the registry never changes.
 */
import { z } from 'zod';
import { outputsOf, type NodeDefinition, type PortDefinition } from '../../core/nodes/definition';
import { builtinNodes } from '../../core/nodes/registry';
import type { NodeTypeView, PortView } from '../../protocol/view';

function ports(list: readonly PortDefinition[]): PortView[] {
  return list.map((p) => ({ name: p.name, label: p.label ?? p.name }));
}

/** The config's JSON Schema as the inspector reads it (input side: defaults make keys optional). */
function configJsonSchema(definition: NodeDefinition<unknown>): Record<string, unknown> {
  try {
    const { $schema: _ignored, ...schema } = z.toJSONSchema(definition.configSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    return schema;
  } catch {
    // A schema zod cannot express: the inspector falls back to editing the config as JSON.
    return { type: 'object' };
  }
}

function safeOutputs(definition: NodeDefinition<unknown>): PortView[] {
  try {
    return ports(outputsOf(definition, definition.defaults));
  } catch {
    return [];
  }
}

/** One node type for the canvas. */
export function nodeTypeView(definition: NodeDefinition<unknown>): NodeTypeView {
  return {
    type: definition.type,
    title: definition.title,
    category: definition.category,
    icon: definition.icon,
    description: definition.description,
    inputs: ports(definition.inputs),
    outputs: safeOutputs(definition),
    configSchema: configJsonSchema(definition),
    defaults: structuredClone(definition.defaults),
    isTrigger: definition.isTrigger === true,
    rawConfigKeys: [...(definition.rawConfigKeys ?? [])],
    expressionConfigKeys: [...(definition.expressionConfigKeys ?? [])],
  };
}

let cached: readonly NodeTypeView[] | undefined;

/** Every registered node type, in registry order (the palette groups them by category). */
export function nodeCatalog(): readonly NodeTypeView[] {
  cached ??= builtinNodes.map((d) => nodeTypeView(d));
  return cached;
}
