/**
 * How the Workflows view shows a workflow's triggers, free of vscode: a short summary for the
 * workflow's description ("next in 4 min"), tooltip lines, and one child item per trigger node
 * (schedule: next and last run, run count; webhook: the URL to copy; file: the glob; poll: the
 * URL and next poll; an error with a warning icon).
 */
import { formatTime } from '../../../core/store';
import type { TriggerKind, TriggerState } from '../../../core/triggers/contract';
import type { IconSpec } from './status';
import { relativeTime } from './status';

/** A trigger state with its node's config, which says what the state does not (glob, cron, URL). */
export interface TriggerView extends TriggerState {
  config?: Readonly<Record<string, unknown>>;
}

/** One child item of a workflow in the Workflows view. */
export interface TriggerItemSpec {
  /** Unique under its workflow: the trigger node id. */
  id: string;
  label: string;
  description: string;
  tooltip: string;
  icon: IconSpec;
  /** `trigger.webhook` carries the Copy Webhook URL inline action; other kinds `trigger.<kind>`. */
  contextValue: string;
  /** The URL that Copy Webhook URL copies. */
  url?: string;
}

const KIND_ICONS: Readonly<Record<TriggerKind, string>> = {
  schedule: 'watch',
  webhook: 'globe',
  file: 'file-symlink-file',
  workflow: 'references',
  poll: 'radio-tower',
};

/** "in 4 s", "in 3 min", "in 2 h", "in 5 d"; "now" when due. */
export function timeUntil(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `in ${hours} h`;
  return `in ${Math.round(hours / 24)} d`;
}

/** The soonest next run among the states, if any is scheduled. */
export function nextRunOf(states: readonly TriggerState[]): number | undefined {
  let soonest: number | undefined;
  for (const state of states) {
    if (state.error === undefined && state.nextRunAt !== undefined && (soonest === undefined || state.nextRunAt < soonest)) soonest = state.nextRunAt;
  }
  return soonest;
}

/**
 * The workflow's summary in its description: the next scheduled run, else the webhook, else the
 * armed kinds; an error wins, since nothing fires from it. Undefined when no trigger is armed.
 */
export function triggerSummary(states: readonly TriggerState[], now: number): string | undefined {
  if (states.length === 0) return undefined;
  const errors = states.filter((s) => s.error !== undefined).length;
  if (errors > 0) return `⚠ ${errors === 1 ? 'trigger error' : `${errors} trigger errors`}`;
  const next = nextRunOf(states);
  if (next !== undefined) return `next ${timeUntil(next, now)}`;
  const webhook = states.find((s) => s.kind === 'webhook' && s.url !== undefined);
  if (webhook?.url !== undefined) return `webhook ${pathOf(webhook.url)}`;
  return [...new Set(states.map((s) => s.kind))].join(', ');
}

/** Tooltip lines of the workflow: the absolute time of the next run and every webhook URL. */
export function triggerTooltipLines(states: readonly TriggerState[], now: number): string[] {
  const lines: string[] = [];
  const next = nextRunOf(states);
  if (next !== undefined) lines.push(`Next run: ${formatTime(next)} (${timeUntil(next, now)})`);
  for (const state of states) {
    if (state.kind === 'webhook' && state.url !== undefined) lines.push(`Webhook: ${state.url}`);
    if (state.error !== undefined) lines.push(`⚠ ${state.nodeName}: ${state.error}`);
  }
  return lines;
}

/** One child item per trigger, in the order the runtime lists them. */
export function triggerItems(states: readonly TriggerView[], now: number): TriggerItemSpec[] {
  return states.map((state) => triggerItem(state, now));
}

function triggerItem(state: TriggerView, now: number): TriggerItemSpec {
  const base = { id: state.nodeId, label: state.nodeName, contextValue: `trigger.${state.kind}` };
  const facts = factLines(state, now);
  const tooltip = [`${state.nodeName} — ${state.kind} trigger (node ${state.nodeId})`, ...facts].join('\n');
  if (state.error !== undefined) {
    return { ...base, description: state.error, tooltip: `${tooltip}\n⚠ ${state.error}`, icon: { id: 'warning', color: 'list.warningForeground' } };
  }
  return { ...base, description: describe(state, now), tooltip, icon: { id: KIND_ICONS[state.kind] ?? 'zap' }, ...(state.url !== undefined ? { url: state.url } : {}) };
}

/** The one-line description of an armed trigger. */
function describe(state: TriggerView, now: number): string {
  const runs = `${state.runCount} run${state.runCount === 1 ? '' : 's'}`;
  switch (state.kind) {
    case 'schedule': {
      const parts = [state.nextRunAt !== undefined ? `next ${timeUntil(state.nextRunAt, now)}` : 'no next run'];
      if (state.lastRunAt !== undefined) parts.push(`last ${relativeTime(state.lastRunAt, now)}`);
      parts.push(runs);
      return parts.join(' · ');
    }
    case 'webhook':
      return state.url ?? `${String(state.config?.method ?? 'POST')} /webhook/${String(state.config?.path ?? '')} (server not listening)`;
    case 'file':
      return [stringOf(state.config?.glob) ?? 'file events', runs].join(' · ');
    case 'poll': {
      const parts = [stringOf(state.config?.url) ?? 'poll'];
      if (state.nextRunAt !== undefined) parts.push(`next ${timeUntil(state.nextRunAt, now)}`);
      parts.push(runs);
      return parts.join(' · ');
    }
    case 'workflow':
      return `called by other workflows · ${runs}`;
    default:
      return runs;
  }
}

/** Tooltip facts: config that matters and the counters, with absolute times. */
function factLines(state: TriggerView, now: number): string[] {
  const lines: string[] = [];
  const config = state.config ?? {};
  if (state.kind === 'schedule' && stringOf(config.cron)) lines.push(`Cron: ${String(config.cron)}${stringOf(config.timezone) ? ` (${String(config.timezone)})` : ''}`);
  if (state.kind === 'file' && stringOf(config.glob)) lines.push(`Files: ${String(config.glob)}`);
  if (state.kind === 'poll' && stringOf(config.url)) lines.push(`Polls: ${String(config.url)}`);
  if (state.url !== undefined) lines.push(`URL: ${state.url}`);
  if (state.nextRunAt !== undefined) lines.push(`Next: ${formatTime(state.nextRunAt)} (${timeUntil(state.nextRunAt, now)})`);
  if (state.lastRunAt !== undefined) lines.push(`Last: ${formatTime(state.lastRunAt)} (${relativeTime(state.lastRunAt, now)})`);
  lines.push(`Runs started: ${state.runCount}; fired: ${state.triggerCount}`);
  return lines;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `/webhook/orders` of a full URL (the description is short; the tooltip has the rest). */
function pathOf(url: string): string {
  const at = url.indexOf('/webhook/');
  return at >= 0 ? url.slice(at) : url;
}
