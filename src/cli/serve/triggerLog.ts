/**
 * Log lines for triggers armed, re-armed with another address, failing, and disarmed, derived
 * from the runtime's states. Only changes are logged: a schedule's next-run time moving on after
 * each fire is not news, so it is shown when the trigger is armed and not at every tick.
 */
import type { TriggerState } from '../../core/triggers/contract';
import type { ServeLog } from './serveLog';

interface StateSource {
  states(): readonly TriggerState[];
  onDidChange(listener: () => void): unknown;
}

const keyOf = (s: TriggerState) => `${s.workflowId}\u0000${s.nodeId}`;

/** What makes a state worth a new line: where it listens, and whether it failed. */
const signatureOf = (s: TriggerState) => `${s.kind}\u0000${s.url ?? ''}\u0000${s.error ?? ''}`;

export function logTriggerChanges(runtime: StateSource, log: ServeLog, shown: (file: string) => string): void {
  let previous = new Map<string, TriggerState>();
  const update = () => {
    const next = new Map(runtime.states().map((s) => [keyOf(s), s]));
    for (const [key, state] of next) {
      const before = previous.get(key);
      if (before && signatureOf(before) === signatureOf(state)) continue;
      const what = `${state.kind} trigger "${state.nodeName}" of ${shown(state.file)}`;
      if (state.error) log.error(`${what} is not armed: ${state.error}`);
      else log.info(`armed ${what}${describe(state)}`);
    }
    for (const [key, state] of previous) {
      if (!next.has(key)) log.info(`disarmed ${state.kind} trigger "${state.nodeName}" of ${shown(state.file)}`);
    }
    previous = next;
  };
  runtime.onDidChange(update);
  update();
}

function describe(state: TriggerState): string {
  if (state.url) return `: ${state.url}`;
  if (state.nextRunAt !== undefined) return `: next run ${new Date(state.nextRunAt).toISOString()}`;
  return '';
}
