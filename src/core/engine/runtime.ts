/**
 * State shared by every scope of one execution: identity, bindings, services, the event sink.
 */
import type { ExecutionEvent, ExecutionListener } from './events';
import type { NodeServices } from '../nodes/definition';
import type { SecretResolver } from '../expressions/evaluate';
import { ExpressionError } from '../expressions/evaluate';

/** Where `$secrets.NAME` values come from (VS Code SecretStorage, environment, a file…). */
export interface SecretProvider {
  get(name: string): Promise<string | undefined> | string | undefined;
}

export interface ExecutionRuntime {
  executionId: string;
  started: string;
  execution: { id: string; started: string };
  vars: Record<string, unknown>;
  env: Record<string, string | undefined>;
  concurrency: number;
  services: NodeServices;
  secrets: SecretResolver;
  /** Replaces secret values that were resolved in this execution by `***`. */
  redact<T>(value: T): T;
  emit(event: ExecutionEvent): void;
  /** 1 for each node (by plan `globalIndex`) that ran at least once. */
  executedFlags: Uint8Array;
  executedCount: number;
  /** Set when a node failed with `onError: continue | errorOutput` (the run ends `partial`). */
  handledFailures: number;
  random(): number;
  /** Waits `ms`, rejecting with the signal's reason on abort. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Where a throwing listener is reported by default: a process warning (printed on stderr). */
export function warnListenerThrew(error: unknown): void {
  process.emitWarning(`workflow engine: an event listener threw: ${String(error)}`);
}

/** Calls every listener; a listener that throws is reported once through `report` and never breaks the run. */
export function fanOut(listeners: readonly ExecutionListener[], report: (error: unknown) => void = warnListenerThrew): (event: ExecutionEvent) => void {
  const broken = new Set<ExecutionListener>();
  if (listeners.length === 1) {
    const only = listeners[0];
    return (event) => {
      try {
        only(event);
      } catch (error) {
        if (!broken.has(only)) {
          broken.add(only);
          report(error);
        }
      }
    };
  }
  return (event) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        if (!broken.has(listener)) {
          broken.add(listener);
          report(error);
        }
      }
    }
  };
}

/** Secret resolution plus redaction of every value handed out. */
export function secretAccess(provider: SecretProvider | undefined): { resolve: SecretResolver; redact<T>(value: T): T } {
  const used = new Set<string>();
  const resolve: SecretResolver = async (names) => {
    const out: Record<string, string> = {};
    for (const name of names) {
      const value = provider ? await provider.get(name) : undefined;
      if (value === undefined) throw new ExpressionError(`secret "${name}" is not set`, `$secrets.${name}`, undefined);
      if (value.length >= 4) used.add(value); // shorter values would redact ordinary text
      out[name] = value;
    }
    return out;
  };
  const redactString = (text: string) => {
    let out = text;
    for (const secret of used) if (out.includes(secret)) out = out.split(secret).join('***');
    return out;
  };
  function redact<T>(value: T): T {
    if (used.size === 0 || value === undefined) return value;
    if (typeof value === 'string') return redactString(value) as T;
    const json = JSON.stringify(value);
    if (json === undefined) return value;
    const cleaned = redactString(json);
    return cleaned === json ? value : (JSON.parse(cleaned) as T);
  }
  return { resolve, redact };
}

/** `$env`: only the allow-listed variables. */
export function allowedEnv(names: readonly string[] | undefined, source: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names ?? []) out[name] = source[name];
  return out;
}

