/**
 * The trigger runtime: arms the schedule, webhook, file and poll triggers of the workflows a
 * host hands it, fires runs through the host's `TriggerRunner`, and keeps the store's trigger
 * records current. The extension runs one per workspace folder, `workflow serve` one for its
 * directory. See README.md in this folder.
 */
import type { WorkflowStore, TriggerRecordKind } from '../store';
import { getNodeDefinition } from '../nodes/registry';
import type { WorkflowNode } from '../model/workflow';
import type { Clock, TriggerLogger, TriggerRunner, TriggerState, TriggerWorkflow, WebhookRoute, WebhookRouter } from './contract';
import { systemClock } from './clock';
import { WorkspaceWatcher } from './fileWatch';
import { armEntry, type ArmContext } from './armTrigger';
import { TriggerEntry, type EntryContext } from './triggerEntry';
import type { SecretLookup } from './triggerConfig';

/** What a host hands the runtime. */
export interface TriggerRuntimeOptions {
  runner: TriggerRunner;
  logger: TriggerLogger;
  /** Absolute path of the workspace root: file triggers watch under it. */
  workspaceRoot: string;
  /** Trigger records (next run, counts, poll baselines); without it nothing survives a restart. */
  store?: WorkflowStore;
  /** Looks up a secret by name (webhook signatures, `{{ $secrets.NAME }}` in trigger configs). */
  secrets(name: string): Promise<string | undefined>;
  /** The webhook server; without it webhook triggers arm but nothing answers them. */
  webhooks?: WebhookRouter;
  /** Time source (tests use fake time); default the system clock. */
  clock?: Clock;
  /** Source of `$env` in trigger configs (filtered by each workflow's `settings.env`); default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Node types the runtime arms, by the record kind they keep. */
const ARMED_KINDS: ReadonlyMap<string, TriggerRecordKind> = new Map([
  ['trigger.schedule', 'schedule'],
  ['trigger.webhook', 'webhook'],
  ['trigger.file', 'file'],
  ['trigger.poll', 'poll'],
]);

/** Least time between two change notifications: a webhook flood must not redraw views per request. */
const CHANGE_SPACING_MS = 100;

interface Wanted {
  target: TriggerWorkflow;
  node: WorkflowNode;
  kind: TriggerRecordKind;
  fingerprint: string;
}

/** Arms and disarms triggers as workflows come, change, and change status. */
export class TriggerRuntime {
  private readonly clock: Clock;
  private readonly entries = new Map<string, TriggerEntry>();
  private readonly routesByEntry = new Map<TriggerEntry, WebhookRoute>();
  private readonly listeners = new Set<() => void>();
  private readonly entryContext: EntryContext;
  private readonly armContext: ArmContext;
  private watcher: WorkspaceWatcher | undefined;
  /** The routes last handed to the server, to skip handing over the same set again. */
  private pushedRoutes: readonly WebhookRoute[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private disposed = false;
  private notifyTimer: NodeJS.Timeout | undefined;
  private lastNotified = 0;

  constructor(private readonly options: TriggerRuntimeOptions) {
    this.clock = options.clock ?? systemClock;
    this.entryContext = {
      runner: options.runner,
      logger: options.logger,
      clock: this.clock,
      workspaceRoot: options.workspaceRoot,
      store: options.store,
      changed: () => this.changed(),
    };
    const secrets: SecretLookup = (name) => options.secrets(name);
    this.armContext = {
      secrets,
      env: options.env ?? process.env,
      store: options.store,
      watcher: () => this.sharedWatcher(),
    };
  }

  /**
   * Brings the armed triggers in line with `workflows`: triggers of `active` workflows are
   * armed, the rest disarmed; a `paused` workflow keeps its webhook routes (answered with 503).
   * A trigger whose node, file and variables are unchanged keeps running (its timers are not
   * reset) and fires the new workflow from then on. Calls are applied one after the other;
   * the promise never rejects (problems are in the states).
   */
  sync(workflows: readonly TriggerWorkflow[]): Promise<void> {
    const next = this.syncing.then(() => this.apply(workflows));
    this.syncing = next.catch((error: unknown) => this.options.logger.error(`triggers: sync failed: ${(error as Error).message}`));
    return this.syncing;
  }

  /** Every trigger of an active workflow, armed or failed, in file and node order. */
  states(): TriggerState[] {
    const base = this.options.webhooks?.baseUrl();
    const states: TriggerState[] = [];
    for (const entry of this.entries.values()) {
      if (entry.target.status !== 'active') continue;
      const route = this.routesByEntry.get(entry);
      states.push(entry.state(route && base !== undefined ? `${base}/webhook/${route.path}` : undefined));
    }
    return states;
  }

  /** Calls `listener` after states change (coalesced); returns the function that unsubscribes. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stops every timer, watcher and poll and withdraws the webhook routes. Runs already started
   * are the host's to wait for. Next runs stay recorded, so the next process can catch up.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const entry of this.entries.values()) entry.stop(false);
    this.entries.clear();
    this.pushRoutes();
    this.watcher?.close();
    this.watcher = undefined;
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = undefined;
    this.listeners.clear();
  }

  private async apply(workflows: readonly TriggerWorkflow[]): Promise<void> {
    if (this.disposed) return;
    const wanted = wantedTriggers(workflows);
    let changed = false;
    for (const [key, entry] of this.entries) {
      const want = wanted.get(key);
      if (want && want.fingerprint === entry.fingerprint) {
        changed ||= entry.target.status !== want.target.status || entry.node.name !== want.node.name || entry.target.file !== want.target.file;
        entry.target = want.target;
        entry.node = want.node;
        wanted.delete(key);
        continue;
      }
      entry.stop(true);
      this.entries.delete(key);
      this.routesByEntry.delete(entry);
      changed = true;
    }
    const arming: Promise<void>[] = [];
    for (const [key, want] of wanted) {
      const entry = new TriggerEntry(this.entryContext, want.target, want.node, want.kind, want.fingerprint);
      this.entries.set(key, entry);
      arming.push(this.arm(entry));
      changed = true;
    }
    await Promise.all(arming);
    if (this.disposed) return;
    this.sortEntries();
    this.releaseUnusedWatcher();
    this.pushRoutes();
    if (changed) this.changed();
  }

  private async arm(entry: TriggerEntry): Promise<void> {
    try {
      const { armed, route } = await armEntry(entry, this.armContext);
      if (this.disposed || this.entries.get(keyOf(entry.key.workflowId, entry.key.nodeId)) !== entry) {
        armed.stop();
        return;
      }
      entry.armed = armed;
      if (route) this.routesByEntry.set(entry, route);
    } catch (error) {
      entry.armError = (error as Error).message;
    }
  }

  /** File then node order, so that states and route precedence do not depend on arming speed. */
  private sortEntries(): void {
    const sorted = [...this.entries].sort(([, a], [, b]) => compareEntries(a, b));
    this.entries.clear();
    for (const [key, entry] of sorted) this.entries.set(key, entry);
  }

  /** Hands the routes to the server when they changed; the first entry of a path and method wins. */
  private pushRoutes(): void {
    const routes: WebhookRoute[] = [];
    const taken = new Map<string, TriggerEntry>();
    for (const entry of this.entries.values()) {
      const route = this.routesByEntry.get(entry);
      entry.conflict = undefined;
      if (!route) continue;
      const method = String(route.config.method ?? 'POST');
      const slot = `${method} ${route.path}`;
      const owner = taken.get(slot);
      if (owner) {
        entry.conflict = `${method} /webhook/${route.path} is already answered by ${owner.label}`;
        continue;
      }
      taken.set(slot, entry);
      routes.push(route);
    }
    const same = routes.length === this.pushedRoutes.length && routes.every((route, i) => route === this.pushedRoutes[i]);
    if (same) return;
    this.pushedRoutes = routes;
    try {
      this.options.webhooks?.setRoutes(routes);
    } catch (error) {
      this.options.logger.error(`triggers: the webhook server refused the routes: ${(error as Error).message}`);
    }
  }

  private async sharedWatcher(): Promise<WorkspaceWatcher> {
    this.watcher ??= new WorkspaceWatcher(this.options.workspaceRoot, this.options.logger);
    await this.watcher.ready;
    return this.watcher;
  }

  private releaseUnusedWatcher(): void {
    if (this.watcher && this.watcher.subscribers === 0) {
      this.watcher.close();
      this.watcher = undefined;
    }
  }

  /** Tells listeners, at most once per `CHANGE_SPACING_MS`, and never on the caller's stack. */
  private changed(): void {
    if (this.disposed || this.notifyTimer) return;
    const wait = Math.max(0, this.lastNotified + CHANGE_SPACING_MS - Date.now());
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.lastNotified = Date.now();
      for (const listener of [...this.listeners]) {
        try {
          listener();
        } catch (error) {
          this.options.logger.error(`triggers: a change listener failed: ${(error as Error).message}`);
        }
      }
    }, wait);
    this.notifyTimer.unref();
  }
}

function keyOf(workflowId: string, nodeId: string): string {
  return `${workflowId}\u0000${nodeId}`;
}

/** The triggers that should be armed, by key, with what their arming depends on. */
function wantedTriggers(workflows: readonly TriggerWorkflow[]): Map<string, Wanted> {
  const wanted = new Map<string, Wanted>();
  for (const target of workflows) {
    if (target.status !== 'active' && target.status !== 'paused') continue;
    for (const node of target.workflow.nodes) {
      const kind = ARMED_KINDS.get(node.type);
      if (kind === undefined || node.disabled || !getNodeDefinition(node.type)?.isTrigger) continue;
      if (target.status === 'paused' && kind !== 'webhook') continue;
      // templates in a trigger's config may read $vars and $env, so those re-arm it too
      const fingerprint = JSON.stringify([kind, target.file, node.config, target.workflow.variables ?? null, target.workflow.settings?.env ?? null]);
      wanted.set(keyOf(target.workflowId, node.id), { target, node, kind, fingerprint });
    }
  }
  return wanted;
}

function compareEntries(a: TriggerEntry, b: TriggerEntry): number {
  if (a.target.file !== b.target.file) return a.target.file < b.target.file ? -1 : 1;
  const nodes = a.target.workflow.nodes;
  return nodes.indexOf(a.node) - nodes.indexOf(b.node);
}
