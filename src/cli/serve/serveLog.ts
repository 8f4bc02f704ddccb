/**
 * The log of `workflow serve`: one line per event, prefixed with the UTC time, so that it reads
 * well in a terminal and in journald or a container log alike. Routine events go to stdout;
 * warnings and errors to stderr.
 */
import type { TriggerLogger } from '../../core/triggers/contract';

export interface ServeLog extends TriggerLogger {
  /** False with `--quiet` (busy servers): runs are not logged, and their lines not even built. */
  readonly logsRuns: boolean;
  /** A run started or finished. */
  run(message: string): void;
}

export function serveLog(out: { stdout(text: string): void; stderr(text: string): void }, options: { quiet?: boolean } = {}): ServeLog {
  const line = (message: string) => `${new Date().toISOString()} ${message}\n`;
  return {
    info: (message) => out.stdout(line(message)),
    warn: (message) => out.stderr(line(`warning: ${message}`)),
    error: (message) => out.stderr(line(`error: ${message}`)),
    logsRuns: !options.quiet,
    run: options.quiet ? () => undefined : (message) => out.stdout(line(message)),
  };
}
