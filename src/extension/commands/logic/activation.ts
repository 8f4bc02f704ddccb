/**
 * What Activate tells the user about a workflow before arming it, free of vscode: a workflow
 * whose only trigger is manual never runs by itself, and one with problems arms nothing until
 * it is fixed. Both are still activated (the status is the user's choice).
 */

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
