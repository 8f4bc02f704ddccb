/**
 * Fitting foreign handle names to the ports of our node types. Only nodes of a registered type
 * are touched: for any other type we cannot know the ports, so its handles are kept verbatim.
 */
import { outputsOf, type PortDefinition } from '../nodes/definition';
import { getNodeDefinition } from '../nodes/registry';
import { DEFAULT_SOURCE_HANDLE, DEFAULT_TARGET_HANDLE, type WorkflowNode } from '../model/workflow';
import { ERROR_HANDLE } from '../validation/graphChecks';

/** Words other tools use for the branches of a condition. */
const BRANCH_SYNONYMS: ReadonlyMap<string, string> = new Map(Object.entries({ yes: 'true', then: 'true', no: 'false', else: 'false' }));

/** The ports of `node` on one side, or undefined when its type is not one of ours. */
export function portsOf(node: WorkflowNode, side: 'source' | 'target'): readonly PortDefinition[] | undefined {
  const definition = getNodeDefinition(node.type);
  if (!definition) return undefined;
  if (side === 'target') return definition.inputs;
  const outputs = outputsOf(definition, node.config);
  // A node that routes its failures has one more output.
  return node.onError === 'errorOutput' ? [...outputs, { name: ERROR_HANDLE }] : outputs;
}

/** The one port whose name (or a synonym) appears as a word of `handle`, e.g. `cond-1-yes` → `true`. */
function portNamedInside(handle: string, ports: readonly PortDefinition[]): PortDefinition | undefined {
  const words = handle.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const names = new Set(words.flatMap((word) => [word, BRANCH_SYNONYMS.get(word) ?? word]));
  const matches = ports.filter((port) => names.has(port.name.toLowerCase()));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Outcome of fitting one handle. */
export interface FittedHandle {
  handle: string | undefined;
  /** Set when the handle could not be fitted and the edge keeps a name the node does not have. */
  problem?: string;
}

/**
 * Fits `handle` (undefined = the default handle) to `ports`: exact name, the same name in
 * another case, a port named inside it, or the only port there is. Otherwise the handle is kept
 * and a problem described, so the user can pick the right one.
 */
export function fitHandle(handle: string | undefined, ports: readonly PortDefinition[], side: 'source' | 'target'): FittedHandle {
  const fallback = side === 'source' ? DEFAULT_SOURCE_HANDLE : DEFAULT_TARGET_HANDLE;
  const names = ports.map((port) => port.name);
  if (handle === undefined) {
    if (ports.length === 0 || names.includes(fallback)) return { handle };
    if (ports.length === 1) return { handle: names[0] };
    return { handle, problem: `has no ${side} handle; the node has ${names.join(', ')}` };
  }
  if (names.includes(handle)) return { handle };
  const port =
    ports.find((p) => p.name.toLowerCase() === handle.toLowerCase()) ?? portNamedInside(handle, ports) ?? (ports.length === 1 ? ports[0] : undefined);
  if (port) return { handle: port.name };
  const available = names.length > 0 ? `the node has ${names.join(', ')}` : 'the node has none';
  return { handle, problem: `${side} handle "${handle}" is not a port of the node; ${available}` };
}
