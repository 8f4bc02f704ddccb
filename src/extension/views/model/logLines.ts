/**
 * Lines of the "Workflow Studio" output channel for a run, free of vscode: the live run log and
 * "Show Logs" of a stored execution print the same shape of block.
 */
import type { ExecutionEvent, LogLevel } from '../../../core/engine/events';
import { formatDuration } from '../../../shared/duration';
import type { ExecutionDetail, LogRecord } from '../../../core/store';

/** One line for the channel, with the level it is written at. */
export interface LogLine {
  level: LogLevel;
  text: string;
}

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** True when `level` is at or above the configured minimum. */
export function passesLevel(level: LogLevel, minimum: LogLevel): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK[minimum];
}

/** Reads the logLevel setting; anything unexpected means `info`. */
export function parseLogLevel(value: unknown): LogLevel {
  return value === 'debug' || value === 'info' || value === 'warn' || value === 'error' ? value : 'info';
}

/** "14:05:09.123", local time: the event's own time, not the time it reached the channel. */
export function clockTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** First 8 characters of an execution id, enough to tell interleaved runs apart. */
export function shortId(executionId: string): string {
  return executionId.slice(0, 8);
}

function nodeLine(executionId: string, at: number, level: LogLevel, nodeName: string | undefined, iteration: string | undefined, message: string): LogLine {
  const node = nodeName === undefined ? '' : ` ${nodeName}${iteration !== undefined ? `[${iteration}]` : ''}:`;
  // the channel prints the level itself; the time is the event's own (it differs for stored runs)
  return { level, text: `[${shortId(executionId)}] ${clockTime(at)}${node} ${message}` };
}

/** Level of a final status: failures are errors, partial or stopped runs warnings. */
export function statusLevel(status: string): LogLevel {
  if (status === 'failed' || status === 'timeout') return 'error';
  if (status === 'partial' || status === 'cancelled' || status === 'interrupted') return 'warn';
  return 'info';
}

/** The header of an execution's block. */
export function headerLine(workflowName: string, executionId: string, trigger: string, suffix = ''): LogLine {
  return { level: 'info', text: `──── ${workflowName} · execution ${executionId} · ${trigger}${suffix} ────` };
}

/** The closing line of an execution's block. */
export function footerLine(executionId: string, status: string, durationMs: number | undefined, nodesExecuted: number, error?: string): LogLine {
  const detail = error ? ` — ${error}` : '';
  return {
    level: statusLevel(status),
    text: `[${shortId(executionId)}] ${status.toUpperCase()} in ${formatDuration(durationMs)}, ${nodesExecuted} node(s) executed${detail}`,
  };
}

/**
 * The line of a live engine event, or undefined when it is below `minimum` (the logLevel
 * setting). Header and footer are never filtered: they frame the block.
 */
export function eventLine(event: ExecutionEvent, minimum: LogLevel): LogLine | undefined {
  let line: LogLine;
  switch (event.type) {
    case 'execution.started':
      return headerLine(event.workflowName, event.executionId, event.trigger.type, event.parentExecutionId ? ` (sub-workflow of ${event.parentExecutionId})` : '');
    case 'execution.finished':
      return footerLine(event.executionId, event.status, event.durationMs, event.nodesExecuted, event.error?.message);
    case 'node.started':
      line = nodeLine(event.executionId, event.at, 'debug', event.nodeName, event.iteration, event.attempt > 1 ? `started (attempt ${event.attempt})` : 'started');
      break;
    case 'node.finished':
      line = nodeLine(event.executionId, event.at, 'info', event.nodeName, event.iteration, `finished in ${formatDuration(event.durationMs)}`);
      break;
    case 'node.failed': {
      const next = event.willRetry ? `, retrying in ${formatDuration(event.retryInMs)}` : event.handling === 'fail' ? '' : ` (${event.handling})`;
      line = nodeLine(event.executionId, event.at, event.willRetry ? 'warn' : 'error', event.nodeName, event.iteration, `failed: ${event.error.message}${next}`);
      break;
    }
    case 'node.skipped':
      line = nodeLine(event.executionId, event.at, 'debug', event.nodeName, event.iteration, `skipped (${event.reason})`);
      break;
    case 'log':
      line = nodeLine(event.executionId, event.at, event.level, event.nodeName, event.iteration, event.message);
      break;
  }
  return passesLevel(line.level, minimum) ? line : undefined;
}

/** The line of a stored log record. */
export function recordLine(executionId: string, record: LogRecord): LogLine {
  return nodeLine(executionId, record.at, record.level, record.nodeName, record.iteration, record.message);
}

/** The whole block of a stored execution (Show Logs of a run from the history or the CLI). */
export function storedExecutionBlock(detail: ExecutionDetail, minimum: LogLevel): LogLine[] {
  const timed: { at: number; line: LogLine }[] = [];
  const add = (at: number, line: LogLine): void => {
    if (passesLevel(line.level, minimum)) timed.push({ at, line });
  };
  for (const result of detail.nodeResults) {
    const at = result.completedAt ?? result.startedAt ?? detail.startedAt;
    if (result.status === 'success') {
      add(at, nodeLine(detail.id, at, 'info', result.nodeName, result.iteration, `finished in ${formatDuration(result.durationMs)}`));
    } else if (result.status === 'failed') {
      add(at, nodeLine(detail.id, at, result.willRetry ? 'warn' : 'error', result.nodeName, result.iteration, `failed: ${result.error?.message ?? 'unknown error'}`));
    } else if (result.status === 'skipped') {
      add(at, nodeLine(detail.id, at, 'debug', result.nodeName, result.iteration, `skipped (${result.skipReason ?? 'unknown'})`));
    }
  }
  for (const record of detail.logs) add(record.at, recordLine(detail.id, record));
  // Interleave node results and log lines by time; the stable sort keeps equal times in order.
  timed.sort((a, b) => a.at - b.at);
  const lines: LogLine[] = [headerLine(detail.workflowName ?? detail.workflowId, detail.id, detail.triggerType, ' (from history)')];
  if (detail.logsTotal > detail.logs.length) {
    lines.push({ level: 'info', text: `[${shortId(detail.id)}] ${detail.logsTotal - detail.logs.length} log line(s) not loaded` });
  }
  lines.push(...timed.map((t) => t.line));
  lines.push(footerLine(detail.id, detail.status, detail.durationMs, detail.nodesExecuted, detail.errorMessage));
  return lines;
}
