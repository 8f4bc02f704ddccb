/**
 * What Activate tells the user about a workflow before arming it, free of vscode: a workflow
 * whose only trigger is manual never runs by itself, and one with problems arms nothing until
 * it is fixed. Both are still activated (the status is the user's choice).
 */
import type { TriggerState } from '../../../core/triggers/contract';
import { timeUntil } from '../../views/model/triggerItems';

/** Trigger node types that fire by themselves (`trigger.manual` does not). */
export function automaticTriggerTypes(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const nodes = (parsed as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  const types = nodes
    .filter((n): n is { type: string; disabled?: unknown } => typeof n === 'object' && n !== null && typeof (n as { type?: unknown }).type === 'string')
    .filter((n) => n.disabled !== true && n.type.startsWith('trigger.') && n.type !== 'trigger.manual')
    .map((n) => n.type);
  return [...new Set(types)];
}

/** The information shown on activation, or undefined when there is nothing to say. */
export function activationNotice(name: string, text: string, hasErrors: boolean): string | undefined {
  if (hasErrors) return `${name} is active, but it has problems (see the Problems panel): its triggers are armed once they are fixed and the file is saved.`;
  if (automaticTriggerTypes(text).length === 0) {
    return `${name} is active, but it only has a manual trigger, so it never runs by itself. Add a schedule, webhook, file, poll or workflow trigger to make it run on its own.`;
  }
  return undefined;
}

/**
 * What Activate says when the workflow's triggers are armed: each one with its webhook URL,
 * its next run or why it could not be armed; so activating is never silent.
 */
export function activatedNotice(name: string, states: readonly TriggerState[], now: number): string {
  const parts = states.flatMap((s) => {
    if (s.error) return [`${s.nodeName} is not armed: ${s.error}`];
    if (s.url) return [`${s.nodeName} listens at ${s.url}`];
    if (s.nextRunAt !== undefined) return [`${s.nodeName} runs next ${timeUntil(s.nextRunAt, now)}`];
    return [`${s.nodeName} is armed`];
  });
  return parts.length > 0 ? `${name} is active: ${parts.join('; ')}.` : `${name} is active.`;
}
