import { z } from 'zod';
import picomatch from 'picomatch';
import { defineNode } from './definition';

/** Why a glob cannot name files inside the workspace, or undefined when it is fine. */
function globProblem(glob: string): string | undefined {
  if (glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob)) return 'must be relative to the workspace root (no leading / or drive letter)';
  if (glob.split('/').includes('..')) return 'must stay inside the workspace (no ".." segments)';
  if (glob.includes('\\')) return 'must use / between folders';
  try {
    picomatch.makeRe(glob);
  } catch (error) {
    return `is not a valid glob: ${(error as Error).message}`;
  }
  return undefined;
}

const config = z.object({
  glob: z
    .string()
    .min(1, 'must not be empty')
    .superRefine((glob, ctx) => {
      const problem = globProblem(glob);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('Files to watch, relative to the workspace root, e.g. "inbox/**/*.csv" (** crosses folders; dot files match).'),
  events: z
    .array(z.enum(['created', 'changed', 'deleted']))
    .min(1)
    .default(['created', 'changed', 'deleted'])
    .describe('Which kinds of change start a run.'),
  debounceMs: z
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(200)
    .describe('Quiet time per file before it fires, so that one save (or a copy in progress) starts one run.'),
});

/** Starts runs when files matching a glob are created, changed or deleted. */
export const triggerFile = defineNode({
  type: 'trigger.file',
  title: 'File Trigger',
  category: 'trigger',
  icon: 'file-symlink-file',
  description: 'Starts the workflow when files matching a glob are created, changed or deleted.',
  docs: [
    'Watches the workspace (its folder in VS Code, the served folder under `workflow serve`) while the workflow is `active`, and starts one run per file and burst of changes: changes of one file closer together than `debounceMs` become one fire.',
    '',
    'The kind comes from looking at the file, not from the raw event (an editor\'s atomic save is a rename): `created` (it was not there before), `changed`, `deleted`. A burst counts by its first and last change: created then changed is `created`, created then deleted fires nothing, deleted then created again is `changed`.',
    '',
    '`.git`, `node_modules` and `.workflow-studio` are never watched. Matching uses picomatch on the workspace-relative path with `/` separators.',
    '',
    '**Output** on `out`: `{ path, kind }`, with `path` relative to the workspace root. Run by hand, it outputs the run input.',
  ].join('\n'),
  inputs: [],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { glob: '**/*.csv' },
  example: { glob: 'inbox/**/*.{csv,json}', events: ['created', 'changed'], debounceMs: 500 },
  isTrigger: true,
  run: ({ input }) => ({ out: input }),
});
