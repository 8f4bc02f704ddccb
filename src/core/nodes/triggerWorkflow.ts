import { z } from 'zod';
import { defineNode } from './definition';

const config = z.object({
  description: z
    .string()
    .optional()
    .describe('What callers should pass as input, for the people who write them (not checked).'),
});

/** Where a run starts when another workflow calls this one. */
export const triggerWorkflow = defineNode({
  type: 'trigger.workflow',
  title: 'Workflow Trigger',
  category: 'trigger',
  icon: 'references',
  description: 'Starts the workflow when another workflow calls it with flow.subworkflow.',
  docs: [
    'Marks where a run starts when another workflow calls this file with `flow.subworkflow`: the call starts from this node only (other roots, such as a schedule, stay out of it). With several of them, the first in the file is used; a called workflow without one starts from every root, as a manual run does.',
    '',
    'It never fires by itself, whatever the workflow\'s status.',
    '',
    '**Output** on `out`: the caller\'s input. Run by hand, it outputs the run input.',
  ].join('\n'),
  inputs: [],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: {},
  example: { description: '{ orderId: string } — the order to notify about' },
  isTrigger: true,
  run: ({ input }) => ({ out: input }),
});
