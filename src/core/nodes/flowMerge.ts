import { z } from 'zod';
import { defineNode, type NodeInput } from './definition';

const config = z.object({
  mode: z
    .enum(['object', 'array'])
    .default('object')
    .describe('object: one field per source node name; array: the values in edge order.'),
});

/** Keys by source name; a second source with the same name (or the same node twice) falls back to its id, then id.handle. */
function keyedBySource(inputs: readonly NodeInput[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const input of inputs) {
    const candidates = [input.sourceName, input.sourceId, `${input.sourceId}.${input.sourceHandle}`];
    const key = candidates.find((k) => !Object.hasOwn(merged, k)) ?? input.edgeId;
    merged[key] = input.data;
  }
  return merged;
}

/** Joins several branches into one value once all of them are done. */
export const flowMerge = defineNode({
  type: 'flow.merge',
  title: 'Merge',
  category: 'flow',
  icon: 'git-merge',
  description: 'Waits for every incoming branch and combines their outputs.',
  docs: [
    'Connect several edges to `in`. The node runs once every connected branch has finished or been skipped; a skipped branch simply contributes nothing.',
    '',
    '**Output** on `out`:',
    '- `mode: "object"` (default): `{ "<source node name>": data, … }`. When two sources share a name, the later one is keyed by its node id instead.',
    '- `mode: "array"`: `[data, …]` in edge order (the order of the edges in the file).',
  ].join('\n'),
  inputs: [{ name: 'in', description: 'Any number of edges.' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { mode: 'object' },
  example: { mode: 'object' },
  run: ({ inputs, config }) => ({
    out: config.mode === 'array' ? inputs.map((i) => i.data) : keyedBySource(inputs),
  }),
});
