/**
 * The node types as the canvas needs them (palette, inspector forms, connection rules), derived
 * from the registered definitions and sent once with `init`. Free of `vscode`, so it is
 * unit-tested in plain Node; computed once per process since the registry never changes.
 */
import { outputsOf, type NodeDefinition, type PortDefinition } from '../../core/nodes/definition';
import { builtinNodes } from '../../core/nodes/registry';
import { configJsonSchema } from '../../core/nodes/configJsonSchema';
import type { NodeTypeView, PortView } from '../../protocol/view';

function ports(list: readonly PortDefinition[]): PortView[] {
  return list.map((p) => ({ name: p.name, label: p.label ?? p.name }));
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
    // the inspector's forms (input side: defaults make keys optional); JSON editing when zod cannot express it
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
