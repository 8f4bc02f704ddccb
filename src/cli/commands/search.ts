/** `workflow search <text>`: full-text search over workflow names, descriptions, tags and node names. */
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { formatTime, WORKFLOW_STATUSES, type WorkflowStatus } from '../../core/store';
import { parsePositiveInt } from '../options';
import { parseCommandArgs, printJson, renderTable, withHistoryStore } from '../historyStore';

const USAGE = `Usage: workflow search <text> [--tag T]... [--all-tags] [--status S] [--folder F] [--favorite] [--limit N] [--json] [--db <path>]

Finds recorded workflows whose name, description, tags or node names contain words starting
with those of <text> (all of them). Use "" as text to filter by the options alone.

Options:
  --tag T        only workflows tagged T (repeatable; any of them, or all with --all-tags)
  --all-tags     require every --tag
  --status S     only workflows with this status (${WORKFLOW_STATUSES.join(', ')})
  --folder F     only workflows in this folder
  --favorite     only favorites
  --limit N      how many (default 50)
  --json         print JSON instead of a table
  --db <path>    history database (default: <workspace>/.workflow-studio/history.sqlite, or WORKFLOW_DB)

Exit codes: 0 searched (possibly nothing found), 2 bad arguments or unusable database.
`;

export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'search recorded workflows by text, tags and status',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      tag: { type: 'string', multiple: true },
      'all-tags': { type: 'boolean' },
      status: { type: 'string' },
      folder: { type: 'string' },
      favorite: { type: 'boolean' },
      limit: { type: 'string' },
    });
    if (positionals.length !== 1) throw new CliError('expects the text to search for (use "" to filter by options only)');
    const status = values.status;
    if (status !== undefined && !(WORKFLOW_STATUSES as readonly string[]).includes(status)) {
      throw new CliError(`--status must be one of ${WORKFLOW_STATUSES.join(', ')}; got "${status}"`);
    }
    const limit = parsePositiveInt('--limit', values.limit) ?? 50;
    const text = positionals[0].trim();
    return withHistoryStore(io, { db: values.db }, async (store) => {
      const found = await store.searchWorkflows({
        text: text === '' ? undefined : text,
        tags: values.tag,
        tagMatch: values['all-tags'] ? 'all' : 'any',
        status: status as WorkflowStatus | undefined,
        folder: values.folder,
        favorite: values.favorite ? true : undefined,
        limit,
      });
      if (values.json) {
        printJson(io, found);
        return EXIT.ok;
      }
      if (found.length === 0) {
        io.stdout('No workflow matches.\n');
        return EXIT.ok;
      }
      const rows = found.map((w) => [w.name, w.path, w.status, w.tags.join(', ') || '—', String(w.executionCount), formatTime(w.lastExecutedAt)]);
      io.stdout(renderTable(['NAME', 'PATH', 'STATUS', 'TAGS', 'RUNS', 'LAST RUN'], rows));
      return EXIT.ok;
    });
  },
};
