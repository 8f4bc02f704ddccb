/** `workflow stats [file]`: execution totals per workflow, or one workflow's totals and node type activity. */
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { formatDuration } from '../../shared/duration';
import { formatTime, type ExecutionStats } from '../../core/store';
import { parseCommandArgs, printJson, renderTable, withHistoryStore, workflowOfFile } from '../historyStore';

const USAGE = `Usage: workflow stats [file] [--json] [--db <path>]

Without a file: runs, successes, failures, average duration and last run of every workflow.
With a file: that workflow's totals by status and the activity of each node type
(attempts, successes, failures, average / min / max duration).

Options:
  --json         print JSON instead of tables
  --db <path>    history database (default: <workspace>/.workflow-studio/history.sqlite, or WORKFLOW_DB)

Exit codes: 0 shown, 2 unknown workflow, bad arguments or unusable database.
`;

function percent(part: number, total: number): string {
  return total === 0 ? '—' : `${Math.round((part / total) * 100)}%`;
}

function totalsLines(stats: ExecutionStats): string {
  const byStatus = Object.entries(stats.byStatus).map(([status, count]) => `${status} ${count}`).join(', ');
  return [
    `Runs          ${stats.total}${byStatus ? ` (${byStatus})` : ''}`,
    `Success rate  ${percent(stats.succeeded, stats.total)}`,
    `Average       ${formatDuration(stats.averageDurationMs)}`,
    `Last run      ${formatTime(stats.lastRunAt)}${stats.lastStatus ? ` (${stats.lastStatus})` : ''}`,
  ].join('\n') + '\n';
}

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'show execution statistics (per workflow, or per node type of one workflow)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {});
    if (positionals.length > 1) throw new CliError('expects at most one workflow file (see `workflow stats --help`)');
    const file = positionals[0];
    return withHistoryStore(io, { db: values.db, file }, async (store, root) => {
      if (file !== undefined) {
        const workflow = await workflowOfFile(store, io, root, file);
        const totals = await store.executionStats(workflow.id);
        const nodeTypes = await store.nodeTypeStats(workflow.id);
        if (values.json) {
          printJson(io, { workflow, totals, nodeTypes });
          return EXIT.ok;
        }
        io.stdout(`${workflow.name} (${workflow.path})\n${totalsLines(totals)}`);
        if (nodeTypes.length > 0) {
          const rows = nodeTypes.map((s) => [
            s.nodeType,
            String(s.executions),
            String(s.successes),
            String(s.failures),
            formatDuration(s.averageDurationMs),
            formatDuration(s.minDurationMs),
            formatDuration(s.maxDurationMs),
          ]);
          io.stdout('\n' + renderTable(['NODE TYPE', 'ATTEMPTS', 'OK', 'FAILED', 'AVERAGE', 'MIN', 'MAX'], rows));
        }
        return EXIT.ok;
      }
      const perWorkflow = await store.executionStatsByWorkflow();
      const totals = await store.executionStats();
      if (values.json) {
        printJson(io, { totals, workflows: perWorkflow });
        return EXIT.ok;
      }
      if (perWorkflow.length === 0) {
        io.stdout('No executions recorded yet.\n');
        return EXIT.ok;
      }
      const rows = perWorkflow.map((s) => [
        s.workflow.path,
        String(s.total),
        String(s.succeeded),
        String(s.failed),
        percent(s.succeeded, s.total),
        formatDuration(s.averageDurationMs),
        `${formatTime(s.lastRunAt)}${s.lastStatus ? ` (${s.lastStatus})` : ''}`,
      ]);
      io.stdout(renderTable(['WORKFLOW', 'RUNS', 'OK', 'FAILED', 'SUCCESS', 'AVERAGE', 'LAST RUN'], rows));
      io.stdout(`\nAll workflows: ${totals.total} runs, ${percent(totals.succeeded, totals.total)} successful, average ${formatDuration(totals.averageDurationMs)}\n`);
      return EXIT.ok;
    });
  },
};
