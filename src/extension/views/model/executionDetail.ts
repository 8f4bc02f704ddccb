/**
 * The read-only document of one execution (`workflow-execution:` scheme), as Markdown: summary,
 * input, output, error, every node attempt, and the logs. Free of vscode.
 */
import { formatDuration } from '../../../shared/duration';
import { formatTime, type ExecutionDetail, type NodeResultRecord, type StoredError } from '../../../core/store';
import { clockTime } from './logLines';

/** Values longer than this are cut in the document, so a huge output cannot stall the editor. */
export const MAX_VALUE_CHARS = 20_000;

/** Pretty JSON of a stored value, cut at `MAX_VALUE_CHARS` with a visible marker. */
export function jsonBlock(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? '(none)' : (JSON.stringify(value, null, 2) ?? String(value));
  } catch {
    text = String(value);
  }
  if (text.length > MAX_VALUE_CHARS) text = `${text.slice(0, MAX_VALUE_CHARS)}\n… [cut: ${text.length - MAX_VALUE_CHARS} more characters]`;
  // A fence longer than any backtick run inside keeps the block closed whatever the data holds.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}json\n${text}\n${fence}`;
}

/** Escapes the characters that would turn text into Markdown structure inside a line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

function errorLines(error: StoredError): string[] {
  const lines = [`**Error:** ${escapeMarkdown(error.message)}`];
  const where = [error.code && `code \`${error.code}\``, error.nodeId && `node \`${error.nodeId}\``, error.field && `field \`${error.field}\``].filter(Boolean);
  if (where.length > 0) lines.push(`(${where.join(', ')})`);
  return lines;
}

function nodeSection(result: NodeResultRecord): string[] {
  const iteration = result.iteration !== undefined ? ` [${result.iteration}]` : '';
  const attempt = result.attempt > 1 ? `, attempt ${result.attempt}` : '';
  const lines = [`### ${escapeMarkdown(result.nodeName)}${iteration} — ${result.status}${attempt}`, ''];
  const facts = [`type \`${result.nodeType}\``, `id \`${result.nodeId}\``];
  if (result.durationMs !== undefined) facts.push(formatDuration(result.durationMs));
  if (result.skipReason) facts.push(`skipped: ${result.skipReason}`);
  if (result.handling && result.status === 'failed') facts.push(`on error: ${result.handling}`);
  if (result.willRetry) facts.push('retried');
  lines.push(facts.join(' · '), '');
  if (result.error) lines.push(...errorLines(result.error), '');
  if (result.attempt > 0) {
    lines.push('Input:', '', jsonBlock(result.input), '');
    if (result.output !== undefined) lines.push('Output:', '', jsonBlock(result.output), '');
  }
  return lines;
}

/** Renders an execution as Markdown. */
export function renderExecutionMarkdown(detail: ExecutionDetail): string {
  const title = detail.workflowName ?? detail.workflowPath ?? detail.workflowId;
  const lines: string[] = [`# ${escapeMarkdown(title)} — ${detail.status}`, ''];
  lines.push(
    `- Execution: \`${detail.id}\``,
    `- Started: ${formatTime(detail.startedAt)}`,
    `- Ended: ${formatTime(detail.completedAt)} (${formatDuration(detail.durationMs)})`,
    `- Trigger: ${detail.triggerType}${detail.triggerNodeId ? ` (node \`${detail.triggerNodeId}\`)` : ''}`,
    `- Nodes executed: ${detail.nodesExecuted}`,
  );
  if (detail.workflowPath) lines.push(`- File: \`${detail.workflowPath}\``);
  if (detail.versionNumber !== undefined) lines.push(`- Version: ${detail.versionNumber}`);
  if (detail.parentExecutionId) lines.push(`- Parent execution: \`${detail.parentExecutionId}\``);
  lines.push('');
  if (detail.error) lines.push(...errorLines(detail.error), '');
  else if (detail.errorMessage) lines.push(`**Error:** ${escapeMarkdown(detail.errorMessage)}`, '');
  // What started it: a webhook's method and path, a file event, a schedule tick…
  if (detail.triggerData !== undefined) lines.push(`## Trigger (${escapeMarkdown(detail.triggerType)})`, '', jsonBlock(detail.triggerData), '');
  lines.push('## Input', '', jsonBlock(detail.input), '', '## Output', '', jsonBlock(detail.output), '');
  lines.push(`## Node results (${detail.nodeResults.length})`, '');
  if (detail.nodeResults.length === 0) lines.push('(none)', '');
  for (const result of detail.nodeResults) lines.push(...nodeSection(result));
  const more = detail.logsTotal > detail.logs.length ? ` — first ${detail.logs.length} of ${detail.logsTotal}` : '';
  lines.push(`## Logs (${detail.logsTotal}${more})`, '');
  if (detail.logs.length === 0) lines.push('(none)');
  else {
    lines.push('```text');
    for (const log of detail.logs) {
      const node = log.nodeName ? ` ${log.nodeName}${log.iteration !== undefined ? `[${log.iteration}]` : ''}:` : '';
      // Every line starts with the time and continuation lines are indented four spaces, so no
      // message line can close the fence early.
      lines.push(`${clockTime(log.at)} ${log.level.toUpperCase().padEnd(5)}${node} ${log.message.replace(/\n/g, '\n    ')}`);
    }
    lines.push('```');
  }
  return lines.join('\n') + '\n';
}
