/**
 * The log of `workflow serve`: one line per event, prefixed with the UTC time, so that it reads
 * well in a terminal and in journald or a container log alike, or one JSON object per line for
 * log shippers. Routine events go to stdout; warnings and errors to stderr.
 */
import type { TriggerLogger } from '../../core/triggers/contract';

export interface ServeLog extends TriggerLogger {
  /** False with `--quiet` (busy servers): runs are not logged, and their lines not even built. */
  readonly logsRuns: boolean;
  /** A run started or finished. */
  run(message: string): void;
}

/** `text`: one readable line per event; `json`: one JSON object per line (`--log-format json`). */
export type ServeLogFormat = 'text' | 'json';

export function serveLog(out: { stdout(text: string): void; stderr(text: string): void }, options: { quiet?: boolean; format?: ServeLogFormat } = {}): ServeLog {
  const line = options.format === 'json' ? jsonLine : textLine;
  return {
    info: (message) => out.stdout(line('info', message)),
    warn: (message) => out.stderr(line('warn', message)),
    error: (message) => out.stderr(line('error', message)),
    logsRuns: !options.quiet,
    run: options.quiet ? () => undefined : (message) => out.stdout(line('info', message)),
  };
}

type Level = 'info' | 'warn' | 'error';

const TEXT_PREFIX: Record<Level, string> = { info: '', warn: 'warning: ', error: 'error: ' };

function textLine(level: Level, message: string): string {
  return `${new Date().toISOString()} ${TEXT_PREFIX[level]}${message}\n`;
}

/** For log shippers (Loki, Elasticsearch, CloudWatch): `{"time","level","msg"}`, one object per line. */
function jsonLine(level: Level, message: string): string {
  return `${JSON.stringify({ time: new Date().toISOString(), level, msg: message })}\n`;
}
