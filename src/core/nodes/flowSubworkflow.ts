import { z } from 'zod';
import { defineNode } from './definition';

const config = z.object({
  path: z
    .string()
    .min(1, 'must not be empty')
    .describe('The .workflow.json file to run, relative to this workflow\'s file.'),
  input: z.unknown().optional().describe('The sub-workflow\'s run input; this node\'s input when left out.'),
});

/** Runs another workflow file as one step. */
export const flowSubworkflow = defineNode({
  type: 'flow.subworkflow',
  title: 'Sub-workflow',
  category: 'flow',
  icon: 'type-hierarchy-sub',
  description: 'Runs another workflow file and outputs its result.',
  docs: [
    'Runs the workflow in `path` (relative to the file that contains this node) with `input` as its run input, or with this node\'s input when `input` is not set. The sub-run is recorded as its own execution, linked to this one, and is cancelled with it.',
    '',
    '**Output** on `out`: the sub-workflow\'s output (its last node\'s output, or an object keyed by name of its end nodes).',
    '',
    '**Errors:** the sub-workflow\'s failure, or an error naming `path` when the file cannot be found or does not validate.',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { path: './child.workflow.json' },
  example: { path: './notify-slack.workflow.json', input: { channel: '#alerts', text: '{{ summary }}' } },
  run: async ({ input, config, signal, services }) => ({
    out: await services.runSubworkflow(config.path, config.input === undefined ? input : config.input, signal),
  }),
});
