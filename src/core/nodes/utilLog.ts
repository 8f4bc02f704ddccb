import { z } from 'zod';
import { defineNode } from './definition';

const config = z.object({
  message: z
    .json()
    .default('')
    .describe('What to log; may use {{ expressions }}. A value that is not text is logged as JSON.'),
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Log level of the line.'),
});

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Writes a line to the run log and passes its input on. */
export const utilLog = defineNode({
  type: 'util.log',
  title: 'Log',
  category: 'utility',
  icon: 'output',
  description: 'Writes a message to the execution log; the input passes through.',
  docs: [
    'Logs `message` at `level` (debug, info, warn, error) in the execution\'s log: the output channel, the CLI and the run history show it. A `{{ expression }}` that yields an object or a number is logged as JSON.',
    '',
    '**Output** on `out`: the input, unchanged.',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { message: '{{ $input }}', level: 'info' },
  example: { message: 'Fetched {{ $count(items) }} items for {{ $vars.CUSTOMER }}', level: 'info' },
  run: (context) => {
    context.log(context.config.level, asText(context.config.message));
    return { out: context.input };
  },
});
