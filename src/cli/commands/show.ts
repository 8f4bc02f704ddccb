/**
 * `workflow show <execution-id>`: one execution in full: what ran, each node attempt, the
 * error, the output and the log lines. Accepts a unique id prefix, as `history` prints them.
 */
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { formatDuration } from '../../shared/duration';
import { formatTime, isTruncated, type ExecutionDetail, type NodeResultRecord } from '../../core/store';
import { parseCommandArgs, printJson, renderTable, withHistoryStore } from '../historyStore';

const USAGE = `Usage: workflow show <execution-id> [--json] [--db <path>]

Shows one execution: workflow and version, status, trigger, timing, every node attempt
(with loop iteration and retries), the error, the output and the logs. The id may be a
unique prefix of at least 4 characters, as \`workflow history\` prints it.

Options:
  --json         print the execution as JSON
  --db <path>    history database (default: <workspace>/.workflow-studio/history.sqlite, or WORKFLOW_DB)

Exit codes: 0 shown, 2 unknown or ambiguous id, bad arguments or unusable database.
`;

/** Lines of the output value shown before cutting (the JSON form has it all). */
const OUTPUT_LINES = 40;

function nodeNote(node: NodeResultRecord): string {
  if (node.status === 'skipped') return node.skipReason ? `skipped (${node.skipReason})` : 'skipped';
  if (node.error) return `${node.error.message}${node.error.code ? ` [${node.error.code}]` : ''}${node.willRetry ? ' — retried' : ''}`;
  return '';
}

function outputText(value: unknown): string {
  if (isTruncated(value)) return `(truncated: ${value.bytes} bytes; starts with) ${value.preview}`;
  const lines = JSON.stringify(value, null, 2).split('\n');
  if (lines.length <= OUTPUT_LINES) return lines.join('\n');
  return [...lines.slice(0, OUTPUT_LINES), `… ${lines.length - OUTPUT_LINES} more lines (use --json)`].join('\n');
}

function clock(ms: number): string {
  const d = new Date(ms);
  return `${formatTime(ms).slice(11)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

function render(execution: ExecutionDetail): string {
  const out: string[] = [];
  const version = execution.versionNumber === undefined ? '' : ` · version ${execution.versionNumber}`;
  out.push(`Execution  ${execution.id}`);
  out.push(`Workflow   ${execution.workflowName ?? execution.workflowId}${execution.workflowPath ? ` (${execution.workflowPath})` : ''}${version}`);
  out.push(`Status     ${execution.status}`);
  out.push(`Trigger    ${execution.triggerType}${execution.triggerNodeId ? ` (node ${execution.triggerNodeId})` : ''}`);
  out.push(`Started    ${formatTime(execution.startedAt)}`);
  out.push(`Duration   ${formatDuration(execution.durationMs)} · ${execution.nodesExecuted} nodes executed`);
  if (execution.parentExecutionId) out.push(`Parent     ${execution.parentExecutionId}`);
  if (execution.error) {
    const where = execution.error.nodeId ? ` (node ${execution.error.nodeId})` : '';
    out.push(`Error      ${execution.error.message}${execution.error.code ? ` [${execution.error.code}]` : ''}${where}`);
  }
  out.push('');
  if (execution.nodeResults.length > 0) {
    out.push('Nodes');
    const rows = execution.nodeResults.map((n) => [
      n.nodeName,
      n.nodeType,
      n.iteration ?? '',
      n.attempt === 0 ? '' : String(n.attempt),
      n.status,
      formatDuration(n.durationMs),
      nodeNote(n),
    ]);
    out.push(renderTable(['NODE', 'TYPE', 'ITERATION', 'ATTEMPT', 'STATUS', 'DURATION', 'NOTE'], rows).replace(/^/gm, '  ').trimEnd());
    out.push('');
  }
  if (execution.output !== undefined) {
    out.push('Output');
    out.push(outputText(execution.output).replace(/^/gm, '  '));
    out.push('');
  }
  out.push(`Logs (${execution.logsTotal})`);
  for (const log of execution.logs) {
    const node = log.nodeName ? ` [${log.nodeName}${log.iteration ? ` #${log.iteration}` : ''}]` : '';
    out.push(`  ${clock(log.at)}  ${log.level.padEnd(5)}${node} ${log.message}`);
  }
  if (execution.logsTotal > execution.logs.length) out.push(`  … ${execution.logsTotal - execution.logs.length} more (use --json)`);
  return out.join('\n') + '\n';
}

export const showCommand: CliCommand = {
  name: 'show',
  summary: 'show one execution: node results, output and logs',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {});
    if (positionals.length !== 1) throw new CliError('expects one execution id (see `workflow history`)');
    return withHistoryStore(io, { db: values.db }, async (store) => {
      const execution = await store.getExecution(positionals[0], { logLimit: values.json ? 1_000_000 : 2_000 });
      if (values.json) printJson(io, execution);
      else io.stdout(render(execution));
      return EXIT.ok;
    });
  },
};
