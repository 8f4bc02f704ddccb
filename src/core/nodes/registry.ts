/**
 * Every built-in node type. The palette, the JSON Schema, the validator and the engine look
 * types up here; adding a type means one new file and one line below.
 */
import type { NodeDefinition } from './definition';
import { triggerManual } from './triggerManual';
import { dataSet } from './dataSet';
import { flowIf } from './flowIf';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own config type
type AnyDefinition = NodeDefinition<any>;

export const builtinNodes: readonly AnyDefinition[] = [
  triggerManual,
  dataSet,
  flowIf,
];

const byType = new Map<string, AnyDefinition>(builtinNodes.map((d) => [d.type, d]));

/** The definition of a node type, or undefined for an unknown type. */
export function getNodeDefinition(type: string): AnyDefinition | undefined {
  return byType.get(type);
}

/** Every known type name, sorted. */
export function nodeTypeNames(): string[] {
  return [...byType.keys()].sort();
}
