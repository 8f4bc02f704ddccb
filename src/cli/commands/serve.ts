/**
 * `workflow serve [dir]`: a small always-on host that runs the triggers of every active workflow
 * under `dir` without VS Code — webhooks, schedules, file events, polls — and records each run
 * in the workspace's history. Logs one line per event; stops cleanly on SIGTERM / SIGINT.
 */
import { resolve } from 'node:path';
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { parseCliArgs, parsePositiveInt } from '../options';
import { asCliError, cliRetention, cliStoreLogger } from '../historyStore';
import { findWorkspaceRoot, resolveDatabasePath } from '../../core/store';
import { DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_QUEUED } from '../serve/cliRunner';
import { ServeHost } from '../serve/serveHost';
import { serveLog } from '../serve/serveLog';

export const DEFAULT_WEBHOOK_PORT = 5680;
const DEFAULT_GRACE_SECONDS = 10;
/** Hosts that only this machine can reach; any other address is announced with a warning. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

const USAGE = `Usage: workflow serve [dir] [options]

Runs the triggers (webhooks, schedules, file events, polls) of every workflow file under dir
(default: the current directory) whose status is active, and records each run in the history.
Files added, changed or removed are picked up while it runs, and so are status changes made
with \`workflow activate\` / \`workflow pause\` or VS Code. node_modules, .git and
.workflow-studio are not searched. Invalid files are reported and skipped.

Options:
  --host <address>       address of the webhook server (default 127.0.0.1; anything else
                         exposes your webhooks to the network and is warned about)
  --port <n>             port of the webhook server (default $WORKFLOW_WEBHOOK_PORT, else ${DEFAULT_WEBHOOK_PORT};
                         0 picks a free one); webhooks are served at /webhook/<path>
  --max-concurrent <n>   runs executing at once (default ${DEFAULT_MAX_CONCURRENT})
  --max-queued <n>       runs waiting for a slot; beyond it webhooks answer 429 (default ${DEFAULT_MAX_QUEUED})
  --grace <seconds>      on SIGTERM / SIGINT, time running executions get to finish before they
                         are cancelled (default ${DEFAULT_GRACE_SECONDS}); a second signal exits at once
  --quiet                do not log each run (triggers, warnings and errors are still logged)
  --log-format <f>       text (default) or json: one JSON object per line, {"time","level","msg"}
  --metrics-port <n>     serve /metrics, /healthz and /readyz on this port of --host too, and
                         /metrics only there (default: on the webhook port)
  --no-metrics           no /metrics endpoint (/healthz and /readyz are still answered)
  --db <path>            history database (default: <workspace>/.workflow-studio/history.sqlite)

Answers: a webhook's 202 (immediate) is sent once the accepted run is fsynced in the history,
a 200 (lastNode) once its final status is; a run cut short by a crash is marked interrupted
at the next start. GET /healthz answers 200 while the process runs, GET /readyz 200 once the
triggers are armed (503 while starting or stopping), GET /metrics Prometheus text.
Secrets ($secrets.NAME, webhook signature secrets) come from WORKFLOW_SECRET_NAME.
Logs one line per event on stdout (listening address, triggers armed, runs started and
finished); warnings and errors go to stderr.
Exit codes: 0 stopped by a signal, 1 could not start (port in use…), 2 bad arguments.
`;

const SERVE_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'max-concurrent': { type: 'string' },
  'max-queued': { type: 'string' },
  grace: { type: 'string' },
  quiet: { type: 'boolean' },
  'log-format': { type: 'string' },
  'metrics-port': { type: 'string' },
  'no-metrics': { type: 'boolean' },
  db: { type: 'string' },
} as const;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the triggers of the active workflows under a directory (webhooks, schedules…)',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(args, SERVE_OPTIONS);
    if (positionals.length > 1) throw new CliError('expects at most one directory (see `workflow serve --help`)');
    const dir = resolve(io.cwd, positionals[0] ?? '.');
    const host = values.host ?? '127.0.0.1';
    const port = parsePort(values.port ?? io.env.WORKFLOW_WEBHOOK_PORT, values.port === undefined ? 'WORKFLOW_WEBHOOK_PORT' : '--port');
    const graceSeconds = parseSeconds(values.grace);
    const root = findWorkspaceRoot(dir);
    const logFormat = values['log-format'] ?? 'text';
    if (logFormat !== 'text' && logFormat !== 'json') throw new CliError(`--log-format expects text or json, got "${logFormat}"`);
    const metricsPort = values['metrics-port'] === undefined ? undefined : parsePort(values['metrics-port'], '--metrics-port');
    const log = serveLog(io, { quiet: values.quiet === true, format: logFormat });
    if (!LOOPBACK_HOSTS.has(host)) {
      log.warn(`the webhook server listens on ${host}, not only on this machine: anyone who can reach it can call your webhooks. Require signatures (auth.secret) on every webhook.`);
    }

    let serving: ServeHost;
    try {
      serving = await ServeHost.start({
        dir,
        root,
        dbPath: resolveDatabasePath({ cwd: io.cwd, env: io.env, db: values.db, root }),
        host,
        port,
        maxConcurrent: parsePositiveInt('--max-concurrent', values['max-concurrent']),
        maxQueued: parsePositiveInt('--max-queued', values['max-queued']),
        env: io.env,
        log,
        storeLogger: cliStoreLogger(io),
        retention: cliRetention(io.env),
        cwd: io.cwd,
        metrics: values['no-metrics'] !== true,
        metricsPort,
      });
    } catch (error) {
      const cli = asCliError(error);
      if (cli instanceof CliError) throw cli;
      throw new CliError(`could not start: ${(error as Error).message}`, EXIT.failed);
    }
    await untilSignalled(serving, graceSeconds * 1000, log);
    log.info(`stopped after ${serving.runner.acceptedCount} run(s)`);
    // Everything is recorded and closed: a stray handle (a node's lingering socket) must not keep
    // a stopped server alive. Unref'd, so a normal exit does not wait for it.
    setTimeout(() => process.exit(EXIT.ok), 2_000).unref();
    return EXIT.ok;
  },
};

/**
 * Resolves after the first SIGTERM / SIGINT once the host stopped in order. A second signal
 * closes the store (what was recorded is flushed; runs still open become `interrupted`) and
 * exits at once with 128 + the signal number, as shells report a killed process.
 */
function untilSignalled(serving: ServeHost, graceMs: number, log: ReturnType<typeof serveLog>): Promise<void> {
  return new Promise((resolveStopped, rejectStopped) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn(`${signal} again: exiting now`);
        const code = 128 + (signal === 'SIGINT' ? 2 : 15);
        const exit = () => process.exit(code);
        serving.store.close().then(exit, exit);
        setTimeout(exit, 2_000).unref();
        return;
      }
      stopping = true;
      log.info(`${signal}: stopping (send it again to exit at once)`);
      serving.stop(graceMs).then(
        () => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          resolveStopped();
        },
        (error: unknown) => rejectStopped(error),
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

function parsePort(value: string | undefined, source: string): number {
  if (value === undefined || value === '') return DEFAULT_WEBHOOK_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`${source} expects a port number (0–65535), got "${value}"`);
  return port;
}

function parseSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_GRACE_SECONDS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw new CliError(`--grace expects a number of seconds (0 or more), got "${value}"`);
  return seconds;
}
