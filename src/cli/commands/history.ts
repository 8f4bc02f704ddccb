/** `workflow history [file]`: the latest executions (id, status, duration, trigger, when). */
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { parsePositiveInt } from '../options';
import { parseCommandArgs, printJson, renderTable, withHistoryStore, workflowOfFile } from '../historyStore';
import { formatDuration } from '../../shared/duration';
import { formatTime, type StoredExecutionStatus, EXECUTION_STATUSES } from '../../core/store';

/** Ids are long; eight characters are enough for `workflow show` (it accepts unique prefixes). */
export function shortId(id: string): string {
  return id.length <= 12 ? id : id.slice(0, 8);
}

export function parseStatusOption(value: string | undefined): StoredExecutionStatus | undefined {
  if (value === undefined) return undefined;
  if (!(EXECUTION_STATUSES as readonly string[]).includes(value)) throw new CliError(`--status must be one of ${EXECUTION_STATUSES.join(', ')}; got "${value}"`);
  return value as StoredExecutionStatus;
}

const USAGE = `Usage: workflow history [file] [--limit N] [--status S] [--json] [--db <path>]

Lists the latest executions, newest first: id, status, duration, trigger and start time.
With a file, only that workflow's executions.

Options:
  --limit N      how many (default 20)
  --status S     only executions with this status (${EXECUTION_STATUSES.join(', ')})
  --json         print JSON instead of a table
  --db <path>    history database (default: <workspace>/.workflow-studio/history.sqlite, or WORKFLOW_DB)

Exit codes: 0 listed (possibly nothing), 2 unknown workflow, bad arguments or unusable database.
`;

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'list the latest executions (of one workflow, or all)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, { limit: { type: 'string' }, status: { type: 'string' } });
    if (positionals.length > 1) throw new CliError('expects at most one workflow file (see `workflow history --help`)');
    const limit = parsePositiveInt('--limit', values.limit) ?? 20;
    const status = parseStatusOption(values.status);
    const file = positionals[0];
    return withHistoryStore(io, { db: values.db, file }, async (store, root) => {
      const workflow = file === undefined ? undefined : await workflowOfFile(store, io, root, file);
      const executions = await store.listExecutions({ workflowId: workflow?.id, status, limit });
      if (values.json) {
        printJson(io, executions);
        return EXIT.ok;
      }
      if (executions.length === 0) {
        io.stdout(workflow ? `No executions of ${workflow.path} recorded yet.\n` : 'No executions recorded yet.\n');
        return EXIT.ok;
      }
      const header = ['ID', 'STATUS', 'DURATION', 'TRIGGER', 'STARTED', ...(workflow ? [] : ['WORKFLOW']), 'VERSION'];
      const rows = executions.map((e) => [
        shortId(e.id),
        e.status,
        formatDuration(e.durationMs),
        e.triggerType,
        formatTime(e.startedAt),
        ...(workflow ? [] : [e.workflowPath ?? e.workflowName ?? e.workflowId]),
        e.versionNumber === undefined ? '—' : `#${e.versionNumber}`,
      ]);
      io.stdout(renderTable(header, rows));
      return EXIT.ok;
    });
  },
};
