/** `workflow versions <file>`: the recorded versions of a workflow with their change summaries. */
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { formatTime } from '../../core/store';
import { parseCommandArgs, printJson, renderTable, withHistoryStore, workflowOfFile } from '../historyStore';

const USAGE = `Usage: workflow versions <file> [--json] [--db <path>]

Lists the versions recorded for a workflow file, newest first: number, time, content hash,
git commit (when known) and what changed ("added 2 nodes, changed url of "Fetch prices"").
A version is recorded whenever the file's content changes and it is run or saved.

Options:
  --json         print JSON instead of a table
  --db <path>    history database (default: <workspace>/.workflow-studio/history.sqlite, or WORKFLOW_DB)

Exit codes: 0 listed, 2 unknown workflow, bad arguments or unusable database.
`;

export const versionsCommand: CliCommand = {
  name: 'versions',
  summary: 'list the recorded versions of a workflow file',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {});
    if (positionals.length !== 1) throw new CliError('expects one workflow file (see `workflow versions --help`)');
    const file = positionals[0];
    return withHistoryStore(io, { db: values.db, file }, async (store, root) => {
      const workflow = await workflowOfFile(store, io, root, file);
      const versions = await store.versionHistory(workflow.id);
      if (values.json) {
        printJson(io, { workflow, versions });
        return EXIT.ok;
      }
      const rows = versions.map((v) => [
        `#${v.number}`,
        formatTime(v.createdAt),
        v.contentHash.slice(0, 8),
        v.gitCommit ? v.gitCommit.slice(0, 7) : '—',
        `${v.changeSummary}${v.archived ? ' (archived)' : ''}${v.id === workflow.currentVersionId ? ' (current)' : ''}`,
      ]);
      io.stdout(`${workflow.name} (${workflow.path})\n`);
      io.stdout(renderTable(['VERSION', 'CREATED', 'HASH', 'COMMIT', 'CHANGES'], rows));
      return EXIT.ok;
    });
  },
};
