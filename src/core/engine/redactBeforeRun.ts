/**
 * Redaction of what a host records about a run before the engine starts it: `workflow serve`
 * stores an accepted webhook's input and trigger data (so that an acknowledged run survives a
 * crash) before the engine's own redaction (`redaction.ts`) has seen any secret.
 */
import type { Workflow } from '../model/workflow';
import { REDACTED, SecretRedactor } from './redaction';
import { secretNamesOfWorkflow, type SecretProvider } from './runtime';

/**
 * `value` with every secret the workflow names replaced by `***`, in the spellings the engine
 * redacts. Needs a provider that answers synchronously (the environment, as under `serve`); when
 * one answers with a promise, the whole value is replaced: what cannot be checked is not stored.
 */
export function redactBeforeRun<T>(workflow: Workflow, provider: SecretProvider | undefined, value: T): T {
  const names = secretNamesOfWorkflow(workflow);
  if (names.length === 0 || !provider || value === undefined) return value;
  const redactor = new SecretRedactor();
  for (const name of names) {
    const secret = provider.get(name);
    if (secret instanceof Promise) {
      secret.catch(() => undefined);
      return REDACTED as T;
    }
    if (secret !== undefined) redactor.add(secret);
  }
  return redactor.redact(value);
}
