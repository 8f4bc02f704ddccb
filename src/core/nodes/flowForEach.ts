import { z } from 'zod';
import { defineNode } from './definition';
import { NodeError } from '../errors';
import { abortError } from './support/abort';

const config = z.object({
  items: z.unknown().describe('The array to loop over, usually a {{ expression }} such as {{ orders }}.'),
  concurrency: z.number().int().min(1).max(1000).default(1).describe('How many items run through the body at once (1 = one after another).'),
});

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value) ?? '';
  return `${typeof value} ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`.trim();
}

/**
 * Runs `body` over every item with at most `limit` in flight. After a failure or an abort no
 * new item starts; the ones in flight are awaited so that no body keeps running (and
 * reporting) after this node has settled.
 */
async function mapWithLimit(
  items: readonly unknown[],
  limit: number,
  signal: AbortSignal,
  body: (item: unknown, index: number) => Promise<unknown>,
): Promise<unknown[]> {
  const results: unknown[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && !failure && !signal.aborted) {
      const index = next++;
      try {
        results[index] = await body(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  // A cancel explains whatever the bodies threw while it was under way.
  if (signal.aborted) throw abortError(signal);
  if (failure) throw failure.error;
  return results;
}

/** Runs the nodes behind `item` once per array element, then emits the results on `done`. */
export const flowForEach = defineNode({
  type: 'flow.forEach',
  title: 'For Each',
  category: 'flow',
  icon: 'sync',
  description: 'Runs the nodes connected to "item" once per array element; "done" gets all results.',
  docs: [
    'Resolves `items` to an array and runs the loop body (the nodes downstream of the `item` handle) once per element, with the element as the body\'s input. Up to `concurrency` elements are in the body at once.',
    '',
    '**Output** on `done`: the array of body results in item order (a body\'s result is the output of its last node, or an object keyed by name when it ends in several).',
    '',
    '**Errors:** `NOT_AN_ARRAY` (field `items`) when `items` is not an array. When an iteration fails no new one starts, the running ones finish, and the node fails with the first error. A cancel stops the loop the same way.',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: [
    { name: 'item', description: 'Loop body: runs once per element.' },
    { name: 'done', description: 'All results, in item order.' },
  ],
  bodyHandle: 'item',
  configSchema: config,
  defaults: { items: '{{ $input }}', concurrency: 1 },
  example: { items: '{{ orders[status = "paid"] }}', concurrency: 4 },
  run: async (context) => {
    const items = context.config.items;
    if (!Array.isArray(items)) {
      throw new NodeError(`items must be an array, got ${typeName(items)}`, { code: 'NOT_AN_ARRAY', field: 'items' });
    }
    const { runBody } = context;
    if (!runBody) throw new Error('flow.forEach was run without runBody: the engine must supply it for bodyHandle types');
    // Called through the context, so an engine that implements runBody as a method keeps its `this`.
    const body = (item: unknown, index: number) => runBody.call(context, item, index);
    return { done: await mapWithLimit(items, context.config.concurrency, context.signal, body) };
  },
});
