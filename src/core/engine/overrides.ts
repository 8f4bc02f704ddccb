/**
 * Node overrides: outputs (or failures) that stand in for running a node. The scheduler asks
 * for an override before each attempt of a node; when there is one, the node's config is not
 * evaluated and its `run` is not called, and everything else happens as usual: `node.started`
 * and `node.finished` (marked `overridden`) or `node.failed`, delivery along the edges by
 * handle, `$node[...]`, retries and `onError`. One mechanism for every "don't run this node":
 * mocks in workflow tests now; pinned outputs and "run from here" (recorded outputs of an
 * earlier execution) later. See README.md in this folder.
 */
import { NodeError } from '../errors';
import type { NodeEmit } from '../nodes/definition';

/** Where an override comes from; recorded on `node.finished` as `overridden`. */
export type NodeOverrideSource = 'mock' | 'pinned' | 'recorded';

/** What a node does instead of running. */
export type NodeOverride =
  /** Emit this data, by output handle (e.g. `{ out: … }`, `{ true: … }` for `flow.if`). */
  | { source: NodeOverrideSource; emit: NodeEmit }
  /** Fail each attempt with this error (retries and `onError` apply as to a real failure). */
  | { source: NodeOverrideSource; error: { message: string; code?: string } };

/** Node overrides by node id, given to `runWorkflow` as `RunOptions.nodeOverrides`. */
export type NodeOverrides = ReadonlyMap<string, NodeOverride>;

/** The emit of an override, or throws its error as the node would have. */
export function applyOverride(override: NodeOverride): NodeEmit {
  if ('error' in override) throw new NodeError(override.error.message, { code: override.error.code ?? 'OVERRIDE_ERROR' });
  return override.emit;
}
