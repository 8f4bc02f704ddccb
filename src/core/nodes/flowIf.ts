import { z } from 'zod';
import { defineNode } from './definition';

const config = z.object({
  condition: z.unknown().describe('A {{ expression }} (or a literal) whose truthiness picks the branch.'),
});

/** Routes its input to `true` or `false` by a condition. */
export const flowIf = defineNode({
  type: 'flow.if',
  title: 'If',
  category: 'flow',
  icon: 'git-compare',
  description: 'Sends the input to "true" or "false" depending on a condition.',
  docs:
    'Evaluates `condition` (usually `{{ expression }}`) and emits the unchanged input on the `true` or the `false` handle; ' +
    'the nodes behind the other handle are skipped. JavaScript truthiness applies (`0`, `""`, `null`, `false` are false), ' +
    'except that an empty array is false too.',
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'true', label: 'true' }, { name: 'false', label: 'false' }],
  configSchema: config,
  defaults: { condition: '{{ true }}' },
  example: { condition: '{{ $input.price > $vars.THRESHOLD }}' },
  run: ({ input, config }) => {
    const c = config.condition;
    const truthy = Array.isArray(c) ? c.length > 0 : Boolean(c);
    return truthy ? { true: input } : { false: input };
  },
});
