/**
 * `workflow merge <base> <ours> <theirs> [<path>]`: the three-way merge of a workflow file, made
 * to be git's merge driver (`%O %A %B %P`): writes the result to <ours>, exit 0 when clean and
 * 1 when conflicts are left in the file (as `$conflict` entries the validator reports).
 * `workflow merge --install` sets the driver and the textconv up in the current repository.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { parseCliArgs } from '../options';
import { git, GitError, repositoryRoot } from '../git';
import { describeConflict, mergeWorkflows } from '../../core/merge/mergeWorkflows';
import { formatValue } from '../../core/graph/diffText';
import { serializeWorkflow } from '../../core/model/serialize';
import { readWorkflowShape } from '../../core/validation/readWorkflowShape';
import type { Workflow } from '../../core/model/workflow';
import { messageOf } from '../../core/errors';

const USAGE = `Usage: workflow merge <base> <ours> <theirs> [<path>] [--output <file>]
       workflow merge --install [--command <program>]

Three-way merge of a workflow file, by node id and config field: two branches that change
different nodes, or different fields of one node, merge cleanly; edges merge as sets; a node
moved on both sides keeps our position (said on stderr). Only a field changed differently on
both sides (or a node removed on one side and changed on the other) is a conflict: the result
keeps our value and records both in a "$conflict" entry on the node (or the workflow), which
\`workflow validate\` and the editor report naming node and field.

As git's merge driver (see docs/git.md):
  .gitattributes   *.workflow.json merge=workflow diff=workflow
  git config merge.workflow.name "Workflow Studio merge"
  git config merge.workflow.driver "workflow merge %O %A %B %P"
  git config diff.workflow.textconv "workflow diff --textconv"

Options:
  --output <file>      write the result there instead of over <ours>
  --install            write the lines above into this repository (.gitattributes, .git/config)
  --command <program>  with --install: how git should call workflow (default "workflow")

Exit codes: 0 merged cleanly, 1 merged with conflicts (written into the file),
2 a side is unreadable or no workflow, or bad arguments (nothing written).
`;

const OPTIONS = {
  output: { type: 'string' },
  install: { type: 'boolean' },
  command: { type: 'string' },
} as const;

/** The line .gitattributes needs. */
export const GITATTRIBUTES_LINE = '*.workflow.json merge=workflow diff=workflow';

async function readSide(label: string, file: string, io: CliIo, allowEmpty: boolean): Promise<Workflow | undefined> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new CliError(`${label} (${file}): ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : messageOf(error)}`);
  }
  // git gives an empty base when the two sides share no ancestor (both added the file)
  if (allowEmpty && text.trim() === '') return undefined;
  const read = readWorkflowShape(text);
  if ('error' in read) throw new CliError(`${label} (${file}): not a valid workflow (line ${read.error.line}:${read.error.column}: ${read.error.message})`);
  return read.workflow;
}

async function install(io: CliIo, program: string): Promise<number> {
  let root: string;
  try {
    root = await repositoryRoot(io.cwd);
    await git(io.cwd, ['config', 'merge.workflow.name', 'Workflow Studio merge']);
    await git(io.cwd, ['config', 'merge.workflow.driver', `${program} merge %O %A %B %P`]);
    await git(io.cwd, ['config', 'diff.workflow.textconv', `${program} diff --textconv`]);
  } catch (error) {
    throw new CliError(error instanceof GitError ? `git: ${error.message}` : messageOf(error));
  }
  const attributes = join(root, '.gitattributes');
  const existing = await readFile(attributes, 'utf8').catch(() => '');
  if (!existing.split(/\r?\n/).some((line) => line.trim() === GITATTRIBUTES_LINE)) {
    await writeFile(attributes, `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}${GITATTRIBUTES_LINE}\n`);
    io.stdout(`added "${GITATTRIBUTES_LINE}" to ${attributes} (commit it so that everyone merges this way)\n`);
  }
  io.stdout(`git config: merge.workflow.driver = "${program} merge %O %A %B %P", diff.workflow.textconv = "${program} diff --textconv"\n`);
  return EXIT.ok;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  if (values.install) {
    if (positionals.length > 0) throw new CliError('--install takes no files');
    return install(io, values.command ?? 'workflow');
  }
  if (values.command !== undefined) throw new CliError('--command goes with --install');
  if (positionals.length < 3 || positionals.length > 4) throw new CliError('expects <base> <ours> <theirs> [<path>] (see `workflow merge --help`)');
  const [baseFile, oursFile, theirsFile, shownPath] = positionals;
  const base = await readSide('base', baseFile, io, true);
  const ours = (await readSide('ours', oursFile, io, false))!;
  const theirs = (await readSide('theirs', theirsFile, io, false))!;
  const result = mergeWorkflows(base, ours, theirs);
  const target = resolve(io.cwd, values.output ?? oursFile);
  await writeFile(target, serializeWorkflow(result.workflow));
  const name = shownPath ?? oursFile;
  for (const note of result.notes) io.stderr(`workflow merge: ${name}: ${note}\n`);
  if (result.conflicts.length === 0) return EXIT.ok;
  io.stderr(`workflow merge: ${name}: ${result.conflicts.length === 1 ? '1 conflict' : `${result.conflicts.length} conflicts`} left in the file as "$conflict" (keep one value, delete the entry):\n`);
  for (const conflict of result.conflicts) io.stderr(`  ${describeConflict(conflict, (v) => formatValue(v, 60))}\n`);
  return EXIT.failed;
}

/** `workflow merge`. */
export const mergeCommand: CliCommand = {
  name: 'merge',
  summary: 'three-way merge of a workflow by node and field; works as a git merge driver',
  usage: USAGE,
  run,
};
