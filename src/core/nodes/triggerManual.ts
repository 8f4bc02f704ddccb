import { z } from 'zod';
import { defineNode } from './definition';

/** Starts a run by hand (command, CLI); its output is the run's input. */
export const triggerManual = defineNode({
  type: 'trigger.manual',
  title: 'Manual Trigger',
  category: 'trigger',
  icon: 'play',
  description: 'Starts the workflow when you run it; outputs the run input.',
  docs: 'Starts a run from the CLI (`workflow run`) or the editor. Its output is the run input (`--input`), or `{}` when none was given.',
  inputs: [],
  outputs: [{ name: 'out' }],
  configSchema: z.object({}),
  defaults: {},
  example: {},
  isTrigger: true,
  run: ({ input }) => ({ out: input }),
});
