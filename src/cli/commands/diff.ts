/**
 * `workflow diff <a> <b>`: what changed between two versions of a workflow, by meaning (nodes,
 * config fields, edges, settings, variables), not by lines. `--textconv <file>` prints one file
 * as canonical text for git's textconv (see docs/git.md).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { parseCliArgs } from '../options';
import { parseSideSpec, readSide } from '../workflowSides';
import { describeDiff, diffWorkflows, hasChanges } from '../../core/graph/diff';
import { formatDiff, workflowText } from '../../core/graph/diffText';
import { readWorkflowShape } from '../../core/validation/readWorkflowShape';

const USAGE = `Usage: workflow diff <a> <b> [--moves] [--json] [--db <path>]
       workflow diff --textconv <file>

Compares two versions of a workflow by meaning: nodes added / removed / changed (each changed
config field with old → new), edges added / removed, settings and variables changed. Nodes are
matched by id, edges by their endpoints; key order, node order and edge ids do not count.

Each side is one of:
  <file>                   a workflow file, e.g. flows/x.workflow.json
  <revision>:<path>        the file in git, e.g. HEAD~1:flows/x.workflow.json, main:flows/x.workflow.json
                           (path from the repository's top, or ./path from the current folder)
  @<number>                a version recorded in the run history, of the file the other side names
                           (see \`workflow versions <file>\`)

Options:
  --moves            also report nodes (and sticky notes) that only moved on the canvas
  --json             print the diff as JSON (same, labels, addedNodes, removedNodes, changedNodes
                     with fields [{ path, before, after }], addedEdges, removedEdges, workflowChanges)
  --db <path>        history database for @<number> (default: the workspace's, or WORKFLOW_DB)
  --textconv <file>  print <file> as canonical text, one fact per line, positions left out: a git
                     textconv filter so that \`git diff\` shows semantic changes (docs/git.md)

Exit codes: 0 the two are the same (moves aside unless --moves), 1 they differ,
2 a side cannot be read (no such file or revision, not in git, not a workflow) or bad arguments.
`;

const OPTIONS = {
  moves: { type: 'boolean' },
  json: { type: 'boolean' },
  db: { type: 'string' },
  textconv: { type: 'boolean' },
} as const;

/** git's textconv: canonical text of a workflow; a file that is no workflow is printed as it is. */
async function textconv(file: string, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new CliError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const read = readWorkflowShape(text);
  // git shows whatever we print: a half-edited or conflicted file is better shown raw than not at all
  io.stdout('workflow' in read ? workflowText(read.workflow) : text);
  return EXIT.ok;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, OPTIONS);
  if (values.textconv) {
    if (positionals.length !== 1) throw new CliError('--textconv expects exactly one file (see `workflow diff --help`)');
    return textconv(positionals[0], io);
  }
  if (positionals.length !== 2) throw new CliError('expects two sides to compare (see `workflow diff --help`)');
  const [a, b] = positionals.map((arg) => parseSideSpec(arg, io.cwd));
  if (a.kind === 'version' && b.kind === 'version') throw new CliError(`${a.arg} and ${b.arg}: at least one side must name the file (e.g. workflow diff @2 flows/x.workflow.json)`);
  const before = await readSide(a, b, io, { db: values.db });
  const after = await readSide(b, a, io, { db: values.db });
  const diff = diffWorkflows(before.workflow, after.workflow);
  const moves = values.moves === true;
  const differ = hasChanges(diff, { moves });
  if (values.json) {
    const changedNodes = moves ? diff.changedNodes : diff.changedNodes.filter((c) => c.fields.length > 0).map(({ position: _position, ...rest }) => rest);
    const stickyNotes = moves ? diff.stickyNotes : { ...diff.stickyNotes, moved: [] };
    const summary = differ ? describeDiff(diff, after.workflow) : 'no changes';
    io.stdout(JSON.stringify({ same: !differ, before: before.label, after: after.label, summary, ...diff, changedNodes, stickyNotes }, null, 2) + '\n');
  } else {
    io.stdout(formatDiff(diff, after.workflow, { moves, labels: { before: before.label, after: after.label } }));
  }
  return differ ? EXIT.failed : EXIT.ok;
}

/** `workflow diff`. */
export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'compare two versions of a workflow (files, git revisions, stored versions) node by node',
  usage: USAGE,
  run,
};
