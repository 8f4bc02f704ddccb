import { z } from 'zod';
import { defineNode } from './definition';

const config = z.object({
  values: z.record(z.string(), z.unknown()).default({}).describe('Fields to set; each value may be a {{ expression }}.'),
});

/** Shallow-merges fixed or computed fields into the input object. */
export const dataSet = defineNode({
  type: 'data.set',
  title: 'Set Fields',
  category: 'data',
  icon: 'symbol-field',
  description: 'Adds or overwrites fields of the input object.',
  docs:
    'Outputs the input object with `values` merged in (a shallow merge: `{ ...input, ...values }`). ' +
    'A non-object input is replaced by `values`. Values may be `{{ expressions }}` that keep their type.',
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { values: {} },
  example: { values: { currency: 'USD', total: '{{ price * quantity }}' } },
  run: ({ input, config }) => {
    // The input is shared with other consumers: never mutate it, copy shallowly.
    const base = input !== null && typeof input === 'object' && !Array.isArray(input) ? input : undefined;
    return { out: base ? { ...base, ...config.values } : { ...config.values } };
  },
});
