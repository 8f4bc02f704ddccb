/**
 * Arming one trigger entry by kind: its config resolved (templates, schema defaults), its
 * record read from the store, then the kind's own machinery started.
 */
import type { Workflow } from '../model/workflow';
import type { WorkflowStore } from '../store';
import { triggerFile } from '../nodes/triggerFile';
import { triggerPoll } from '../nodes/triggerPoll';
import { triggerSchedule } from '../nodes/triggerSchedule';
import { triggerWebhook } from '../nodes/triggerWebhook';
import type { WebhookRoute } from './contract';
import type { WorkspaceWatcher } from './fileWatch';
import { armFileTrigger } from './fileWatchTrigger';
import { armPoll, pollBaseline } from './pollTrigger';
import { SecretRedactor } from '../engine/redaction';
import type { PollConfig } from './poll';
import { armSchedule } from './scheduleTrigger';
import { resolveTriggerConfig, type SecretLookup } from './triggerConfig';
import type { TriggerEntry } from './triggerEntry';
import type { ArmedTrigger } from './triggerSlot';

/** What arming needs besides the entry. */
export interface ArmContext {
  secrets: SecretLookup;
  env: Record<string, string | undefined>;
  store?: WorkflowStore;
  /** The workspace's shared watcher, ready (started on first use). */
  watcher(): Promise<WorkspaceWatcher>;
}

/** An armed entry, and for a webhook the route the server should answer. */
export interface Armed {
  armed: ArmedTrigger;
  route?: WebhookRoute;
}

/** `error` with the redactor's secrets replaced in its message (the same error when none is in it). */
function redactedError(error: unknown, redactor: SecretRedactor): unknown {
  if (!(error instanceof Error)) return error;
  const message = redactor.redactText(error.message);
  if (message !== error.message) error.message = message;
  return error;
}

/** Arms `entry`; throws an `Error` whose message says why it cannot be armed. */
export async function armEntry(entry: TriggerEntry, ctx: ArmContext): Promise<Armed> {
  const workflow: Workflow = entry.target.workflow;
  switch (entry.kind) {
    case 'schedule': {
      const config = await resolveTriggerConfig(triggerSchedule, entry.node, workflow, ctx.secrets, ctx.env);
      const record = await ctx.store?.getTriggerRecord(entry.key);
      entry.seed(record);
      return { armed: armSchedule(entry, config, record?.nextRunAt) };
    }
    case 'poll': {
      // a poll's messages (shown on the trigger, kept in its record) may name its URL: the
      // secrets its config reads are redacted from them as from a run's (docs/secrets.md)
      const redactor = new SecretRedactor();
      const secrets: SecretLookup = async (name) => {
        const value = await ctx.secrets(name);
        if (value !== undefined) redactor.add(value);
        return value;
      };
      const resolve = () => resolveTriggerConfig(triggerPoll, entry.node, workflow, secrets, ctx.env) as Promise<PollConfig>;
      try {
        await resolve(); // a config that cannot be used is an arming error, shown at once
      } catch (error) {
        throw redactedError(error, redactor);
      }
      const record = await ctx.store?.getTriggerRecord(entry.key);
      entry.seed(record);
      return { armed: armPoll(entry, resolve, pollBaseline(record?.state), (text) => redactor.redactText(text)) };
    }
    case 'file': {
      const config = await resolveTriggerConfig(triggerFile, entry.node, workflow, ctx.secrets, ctx.env);
      entry.seed(await ctx.store?.getTriggerRecord(entry.key));
      return { armed: armFileTrigger(entry, config, await ctx.watcher()) };
    }
    case 'webhook': {
      const config = await resolveTriggerConfig(triggerWebhook, entry.node, workflow, ctx.secrets, ctx.env);
      entry.seed(await ctx.store?.getTriggerRecord(entry.key));
      const route: WebhookRoute = {
        workflowId: entry.key.workflowId,
        nodeId: entry.node.id,
        nodeName: entry.node.name,
        path: normalizeRoutePath(config.path),
        config: config as unknown as Record<string, unknown>,
        status: () => entry.target.status,
        secret: (name) => ctx.secrets(name),
        fire: (input, trigger) => entry.start(input, { ...(trigger.data !== undefined ? { data: trigger.data } : {}) }),
      };
      return { armed: { stop: () => undefined }, route };
    }
  }
}

/** `/orders/created/` → `orders/created`: the route path as the contract has it. */
export function normalizeRoutePath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .join('/');
}
