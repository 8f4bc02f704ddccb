/**
 * The serving stack of `workflow serve`, in one object so that the command and the webhook
 * benchmark run the same code: the history store, the run queue (`CliTriggerRunner`), the
 * trigger runtime and the webhook server, plus the loop that keeps them in line with the files
 * on disk and the statuses in the store.
 *
 *   files under dir ──scan──► validate ──► register (store) ──► runtime.sync ──► webhook routes
 *        ▲ fs.watch                                    ▲ status every second (store.refresh)
 *
 * `stop()` is the orderly shutdown: stop accepting, let running executions finish within the
 * grace period, cancel the rest, and close the store only after every run ended, so that each
 * one is recorded with its real final status (a run still open at close would be `interrupted`).
 */
import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import type { ExecutionListener } from '../../core/engine/events';
import { sharedCodeRunner } from '../../core/code/codeRunner';
import { redactBeforeRun } from '../../core/engine/redactBeforeRun';
import { gitHeadCommit, openStore, workspaceRelativePath, type PersistenceTuning, type RetentionSettings, type StoreLogger, type WorkflowStatus, type WorkflowStore, assertNotNewerDatabase } from '../../core/store';
import { loadWorkflowText } from '../../core/validation/loadWorkflow';
import type { Workflow } from '../../core/model/workflow';
import type { TriggerWorkflow } from '../../core/triggers/contract';
import { TriggerRuntime } from '../../core/triggers/runtime';
import { WebhookServer } from '../../core/triggers/webhook/server';
import type { ReplayJournal } from '../../core/triggers/webhook/signature';
import { formatDiagnostic } from '../diagnostics';
import { envSecrets } from '../secrets';
import { CliTriggerRunner } from './cliRunner';
import { DirectoryWatcher } from '../../core/watch/directoryWatcher';
import { isWorkflowFileName } from '../../shared/workflowFile';
import { findWorkflowFiles } from './workflowFiles';
import { logTriggerChanges } from './triggerLog';
import { listenProbes, ServeMetrics } from './serveMetrics';
import type { ServeLog } from './serveLog';
import { formatDuration } from '../../shared/duration';

/** Quiet time after the last workflow-file change before the directory is scanned again. */
const RESCAN_DEBOUNCE_MS = 150;

export interface ServeHostOptions {
  /** Absolute directory whose workflow files are served. */
  dir: string;
  /** Workspace root: the store's home and the root file nodes are confined to. */
  root: string;
  dbPath: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxConcurrent?: number;
  maxQueued?: number;
  env: Record<string, string | undefined>;
  log: ServeLog;
  storeLogger: StoreLogger;
  retention?: Partial<RetentionSettings>;
  /** Persistence knobs of the store (benchmarks, tests). */
  storeTuning?: Partial<PersistenceTuning>;
  /** How often other processes' status changes are looked for (default 1 s). */
  statusPollMs?: number;
  /** Relative paths in the log are taken from here. */
  cwd: string;
  /** `GET /metrics` (Prometheus); default true. `/healthz` and `/readyz` are always answered. */
  metrics?: boolean;
  /** Serve `/metrics`, `/healthz` and `/readyz` on this port of `host` too (0: a free one). */
  metricsPort?: number;
}

/** A file as last seen: what decides whether it must be read and registered again. */
interface FileState {
  mtimeMs: number;
  size: number;
  /** Set when the file is valid and registered. */
  target?: Omit<TriggerWorkflow, 'status'>;
  /** What the log said last about the file: `loaded` / `reloaded` until its status is shown. */
  news?: 'loaded' | 'reloaded';
  shownStatus?: WorkflowStatus;
}

export class ServeHost {
  private readonly files = new Map<string, FileState>();
  private readonly recorders = new Map<string, ExecutionListener>();
  /** Version each workflow id runs, for its recorder. */
  private readonly versions = new Map<string, string>();
  private readonly watcher: DirectoryWatcher;
  private rescanTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private scanAgain = false;
  private stopping = false;
  private lastStatuses = new Map<string, WorkflowStatus>();
  /** The listener of `metricsPort`, when there is one. */
  private probes: { url: string; close(): Promise<void> } | undefined;
  /** `/readyz`: the store is open and the first scan armed the triggers; false again once stopping. */
  ready = false;

  private constructor(
    private readonly options: ServeHostOptions,
    readonly store: WorkflowStore,
    readonly runner: CliTriggerRunner,
    readonly runtime: TriggerRuntime,
    readonly server: WebhookServer,
    /** Origin the webhook server listens at, e.g. `http://127.0.0.1:5680`. */
    readonly url: string,
  ) {
    // workflow files added, changed or removed (folders moved or deleted with them) start a re-scan
    this.watcher = new DirectoryWatcher(options.dir, (path) => isWorkflowFileName(path) && this.filesChanged(), { label: 'serve', logger: options.log });
  }

  /** Opens the store, starts listening, arms the triggers of every valid file under `dir`. */
  static async start(options: ServeHostOptions): Promise<ServeHost> {
    assertNotNewerDatabase(options.dbPath);
    const store = await openStore({ path: options.dbPath, logger: options.storeLogger, retention: options.retention, tuning: options.storeTuning });
    const { log } = options;
    const metrics = new ServeMetrics({
      ready: () => host?.ready === true,
      queued: () => runner.queuedCount,
      running: () => runner.runningCount,
    });
    const secrets = envSecrets(options.env);
    const codeRunner = sharedCodeRunner();
    let host: ServeHost | undefined;
    const runner = new CliTriggerRunner({
      workspaceRoot: options.root,
      secrets,
      runCode: (request) => codeRunner.run(request),
      recorderFor: (target) => host?.recorderFor(target.workflowId),
      maxConcurrent: options.maxConcurrent,
      maxQueued: options.maxQueued,
      env: options.env,
      accept: ({ executionId, fire }) =>
        store.acceptExecution({
          executionId,
          workflowId: fire.target.workflowId,
          versionId: host?.versionOf(fire.target.workflowId),
          workflowName: fire.target.workflow.name,
          // stored before the engine redacts anything: hide the secrets here too
          trigger: { ...fire.trigger, data: redactBeforeRun(fire.target.workflow, secrets, fire.trigger.data) },
          input: redactBeforeRun(fire.target.workflow, secrets, fire.input),
          at: Date.now(),
        }),
      durable: () => store.sync(),
      onRunStarted: ({ executionId, fire }) => {
        metrics.runStarted(host?.shown(fire.target.file) ?? fire.target.file);
        if (log.logsRuns) log.run(`run ${executionId} started: ${host?.shown(fire.target.file)} (${describeTrigger(fire.trigger)})`);
      },
      onRunFinished: ({ executionId, fire }, result) => {
        metrics.runFinished(host?.shown(fire.target.file) ?? fire.target.file, result.status, result.durationMs);
        const ok = result.status === 'success' || result.status === 'partial' || result.status === 'cancelled';
        if (ok && !log.logsRuns) return;
        const line = `run ${executionId} ${result.status} in ${formatDuration(result.durationMs)}: ${host?.shown(fire.target.file)}`;
        if (ok) log.run(line);
        else log.error(`${line}: ${result.error?.message ?? 'no error message'}`);
      },
    });
    const withMetrics = options.metrics !== false;
    let server: WebhookServer | undefined;
    let url: string;
    let probes: { url: string; close(): Promise<void> } | undefined;
    try {
      server = new WebhookServer({
        host: options.host,
        port: options.port,
        logger: log,
        replayJournal: await replayJournal(store),
        // with a port of their own, metrics leave the webhook listener (the probes stay on both)
        endpoints: metrics.endpoints(withMetrics && options.metricsPort === undefined),
        onAnswer: (code) => metrics.webhookAnswered(code),
      });
      url = await server.listen();
      if (options.metricsPort !== undefined) probes = await listenProbes(options.host, options.metricsPort, metrics.endpoints(withMetrics));
    } catch (error) {
      await server?.close();
      await store.close();
      throw error;
    }
    const runtime = new TriggerRuntime({
      runner,
      logger: log,
      workspaceRoot: options.root,
      store,
      secrets: async (name) => secrets.get(name),
      webhooks: server,
      env: options.env,
    });
    host = new ServeHost(options, store, runner, runtime, server, url);
    host.probes = probes;
    logTriggerChanges(runtime, log, (file) => host!.shown(file));
    log.info(`listening on ${url} (webhooks at ${url}/webhook/<path>)`);
    const probeUrl = probes?.url ?? url;
    log.info(`health at ${probeUrl}/healthz and ${probeUrl}/readyz${withMetrics ? `, metrics at ${probeUrl}/metrics` : ''}`);
    await host.rescan();
    host.ready = true;
    host.statusTimer = setInterval(() => void host!.pollStatuses(), options.statusPollMs ?? 1000);
    host.statusTimer.unref();
    return host;
  }

  /** Re-reads the directory: new, changed and removed files; one scan at a time, coalesced. */
  rescan(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.scanning) {
      this.scanAgain = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      try {
        do {
          this.scanAgain = false;
          await this.scanOnce();
        } while (this.scanAgain && !this.stopping);
      } catch (error) {
        this.options.log.error(`could not scan ${this.options.dir}: ${(error as Error).message}`);
      } finally {
        this.scanning = undefined;
      }
    })();
    return this.scanning;
  }

  /**
   * Orderly shutdown; resolves once the store is closed. Running executions get `graceMs` to
   * finish, then they (and any still waiting) are cancelled and recorded as cancelled.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.ready = false;
    const { log } = this.options;
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.watcher.close();
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.runner.stopAccepting();
    // Closing first: from now on a new request is answered 503 with Retry-After, never a 404 as
    // the routes go away. It waits for requests in progress (a `lastNode` webhook waits for its
    // run): bounded by the grace period.
    const closed = this.server.close().catch((error: Error) => log.warn(`closing the webhook server: ${error.message}`));
    await this.runtime.dispose();
    const pending = this.runner.runningCount + this.runner.queuedCount;
    if (pending > 0) log.info(`waiting up to ${graceMs / 1000} s for ${pending} run(s) to finish`);
    if (!(await this.runner.waitForIdle(graceMs))) {
      log.warn(`grace period over: cancelling ${this.runner.runningCount + this.runner.queuedCount} run(s)`);
      this.runner.cancelAll();
      // the engine abandons nodes that ignore their signal, so this is short; bounded regardless
      if (!(await this.runner.waitForIdle(5_000))) log.warn('some runs did not stop; they are recorded as interrupted');
    }
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    await this.scanning;
    await this.store.close();
    await this.probes?.close();
  }

  /** A path as the log shows it: relative to where the command was started. */
  shown(file: string): string {
    return relative(this.options.cwd, file) || file;
  }

  /** The version a workflow's runs record against (the last one registered). */
  versionOf(workflowId: string): string | undefined {
    return this.versions.get(workflowId);
  }

  private recorderFor(workflowId: string): ExecutionListener | undefined {
    const versionId = this.versions.get(workflowId);
    if (!versionId) return undefined;
    let recorder = this.recorders.get(versionId);
    if (!recorder) {
      recorder = this.store.recorder({ workflowId, versionId });
      this.recorders.set(versionId, recorder);
    }
    return recorder;
  }

  /** Editors save in several steps (truncate, write, rename): one re-scan per burst. */
  private filesChanged(): void {
    if (this.stopping) return;
    if (this.rescanTimer) clearTimeout(this.rescanTimer);
    this.rescanTimer = setTimeout(() => {
      this.rescanTimer = undefined;
      void this.rescan();
    }, RESCAN_DEBOUNCE_MS);
  }

  private async scanOnce(): Promise<void> {
    const { files } = await findWorkflowFiles(this.options.dir);
    const present = new Set(files);
    for (const file of [...this.files.keys()]) {
      if (present.has(file)) continue;
      if (this.files.get(file)?.target) this.options.log.info(`removed ${this.shown(file)}`);
      this.files.delete(file);
    }
    for (const file of files) await this.load(file);
    await this.sync();
  }

  /** Reads, validates and registers one file unless it is unchanged since the last scan. */
  private async load(file: string): Promise<void> {
    const { log } = this.options;
    let info;
    try {
      info = await stat(file);
    } catch {
      this.files.delete(file); // removed meanwhile; the next scan confirms it
      return;
    }
    const known = this.files.get(file);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return;
    const state: FileState = { mtimeMs: info.mtimeMs, size: info.size };
    this.files.set(file, state);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      log.error(`cannot read ${this.shown(file)}: ${(error as Error).message}`);
      return;
    }
    const loaded = loadWorkflowText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
    if (!loaded.workflow) {
      for (const d of loaded.diagnostics) log.warn(formatDiagnostic(d, file, this.options.cwd));
      log.warn(`${this.shown(file)} is not a valid workflow: its triggers are not armed until it is fixed`);
      return;
    }
    state.target = await this.register(file, loaded.workflow);
    state.news = known ? 'reloaded' : 'loaded';
  }

  private async register(file: string, workflow: Workflow): Promise<Omit<TriggerWorkflow, 'status'>> {
    const { root } = this.options;
    const registered = await this.store.registerWorkflow({ path: workspaceRelativePath(root, file), content: workflow, gitCommit: gitHeadCommit(root) });
    this.versions.set(registered.workflowId, registered.versionId);
    return { file, workflowId: registered.workflowId, workflow };
  }

  /** Hands every valid file, with its status from the store, to the runtime. */
  private async sync(): Promise<void> {
    const statuses = await this.statuses();
    const targets: TriggerWorkflow[] = [];
    for (const state of this.files.values()) {
      if (!state.target) continue;
      // a file recorded by no one yet is a draft, as the store records it
      const status = statuses.get(state.target.workflowId) ?? 'draft';
      this.announce(state, status);
      targets.push({ ...state.target, status });
    }
    this.lastStatuses = statuses;
    await this.runtime.sync(targets);
  }

  /** One line per file loaded, reloaded or changing status; says how to turn triggers on. */
  private announce(state: FileState, status: WorkflowStatus): void {
    if (!state.news && state.shownStatus === status) return;
    const file = this.shown(state.target!.file);
    const what = state.news ? `${state.news} ${file}` : `${file} is now`;
    const hint = status === 'active' ? '' : status === 'paused' ? ': webhooks answer 503, nothing else fires' : `: triggers off (\`workflow activate ${file}\` turns them on)`;
    this.options.log.info(`${what} ${status}${hint}`);
    state.news = undefined;
    state.shownStatus = status;
  }

  private async statuses(): Promise<Map<string, WorkflowStatus>> {
    const records = await this.store.listWorkflows();
    return new Map(records.map((r) => [r.id, r.status]));
  }

  /** Picks up other processes' writes (`workflow pause`, VS Code's Activate) and re-syncs on a status change. */
  private async pollStatuses(): Promise<void> {
    if (this.stopping || this.scanning) return;
    try {
      if (!(await this.store.refresh())) return;
      const statuses = await this.statuses();
      const changed = [...this.files.values()].some((state) => {
        const id = state.target?.workflowId;
        return id !== undefined && statuses.get(id) !== this.lastStatuses.get(id);
      });
      if (changed) await this.rescan();
    } catch (error) {
      if (!this.stopping) this.options.log.warn(`could not read the history for status changes: ${(error as Error).message}`);
    }
  }
}

/** Accepted webhook signatures live in the store, so that a restart still refuses their replays. */
async function replayJournal(store: WorkflowStore): Promise<ReplayJournal> {
  const known = await store.webhookSignatures();
  return {
    known: (route) => {
      const signatures = known.get(route);
      known.delete(route);
      return signatures ?? [];
    },
    remember: (route, signature, expiresAtMs) => store.rememberWebhookSignature(route, signature, expiresAtMs),
  };
}

function describeTrigger(trigger: { type: string; data?: unknown }): string {
  const data = trigger.data as { method?: unknown; path?: unknown } | undefined;
  if (trigger.type === 'webhook' && typeof data?.method === 'string' && typeof data.path === 'string') return `webhook ${data.method} /webhook/${data.path}`;
  return trigger.type;
}
