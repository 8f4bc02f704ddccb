/**
 * The trigger settings (`workflowStudio.triggers.*`, `workflowStudio.webhooks.*`) as values,
 * read through a getter so that this file stays free of vscode and is unit-tested.
 */

/** Webhook server port when the setting is absent. */
export const DEFAULT_WEBHOOK_PORT = 5680;
/** Webhook server interface when the setting is absent: this machine only. */
export const DEFAULT_WEBHOOK_HOST = '127.0.0.1';

/** What the trigger host reads. */
export interface TriggerSettings {
  enabled: boolean;
  host: string;
  /** 0 lets the system pick a free port (tests, several windows). */
  port: number;
}

/** Reads the settings, falling back to the defaults for values of the wrong type or range. */
export function readTriggerSettings(get: (key: string) => unknown): TriggerSettings {
  const enabled = get('triggers.enabled');
  const host = get('webhooks.host');
  const port = get('webhooks.port');
  return {
    enabled: typeof enabled === 'boolean' ? enabled : true,
    host: typeof host === 'string' && host.trim() !== '' ? host.trim() : DEFAULT_WEBHOOK_HOST,
    port: typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : DEFAULT_WEBHOOK_PORT,
  };
}

/** True for addresses only this machine can reach; any other bind is open to the network. */
export function isLoopbackHost(host: string): boolean {
  const value = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return value === 'localhost' || value === '::1' || /^127(\.\d{1,3}){3}$/.test(value);
}

/** True when a change of these settings needs the server or the runtimes restarted. */
export function needsRestart(before: TriggerSettings, after: TriggerSettings): boolean {
  return before.enabled !== after.enabled || before.host !== after.host || before.port !== after.port;
}
