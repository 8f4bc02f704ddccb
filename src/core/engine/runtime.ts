/**
 * State shared by every scope of one execution: identity, bindings, services, the event sink.
 */
import type { ExecutionEvent, ExecutionListener } from './events';
import type { NodeServices } from '../nodes/definition';
import type { SecretResolver } from '../expressions/evaluate';
import { ExpressionError, secretNamesOf } from '../expressions/evaluate';
import type { Workflow } from '../model/workflow';
import type { SecretRedactor } from './redaction';
import type { NodeOverrides } from './overrides';

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
  /** The secret values of this execution (shared with its sub-workflows); `emit` redacts with it. */
  redactor: SecretRedactor;
  /** Hands an event to the listeners, with secret values already replaced by `***`. */
  emit(event: ExecutionEvent): void;
  /** 1 for each node (by plan `globalIndex`) that ran at least once. */
  executedFlags: Uint8Array;
  executedCount: number;
  /** Set when a node failed with `onError: continue | errorOutput` (the run ends `partial`). */
  handledFailures: number;
  random(): number;
  /** Waits `ms`, rejecting with the signal's reason on abort. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Nodes that do not run but emit (or fail) as given (`RunOptions.nodeOverrides`). */
  overrides: NodeOverrides | undefined;
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

/**
 * Secret resolution for one execution: each name is asked of the provider once, and every value
 * handed out is registered with the redactor before any expression can use it.
 */
export function secretAccess(
  provider: SecretProvider | undefined,
  redactor: SecretRedactor,
): { resolve: SecretResolver; prefetch(names: readonly string[]): Promise<void> } {
  const known = new Map<string, string>();
  const fetch = async (name: string): Promise<string | undefined> => {
    const hit = known.get(name);
    if (hit !== undefined) return hit;
    const value = provider ? await provider.get(name) : undefined;
    if (value !== undefined) {
      redactor.add(value);
      known.set(name, value);
    }
    return value;
  };
  const resolve: SecretResolver = async (names) => {
    const out: Record<string, string> = {};
    for (const name of names) {
      const value = await fetch(name);
      if (value === undefined) throw new ExpressionError(`secret "${name}" is not set`, `$secrets.${name}`, undefined);
      out[name] = value;
    }
    return out;
  };
  /** Fetches the named secrets ahead of the first event, so that even data read before an
   * expression uses them is redacted; a missing secret (or a failing provider) is left to the
   * expression that needs it to report. */
  const prefetch = async (names: readonly string[]) => {
    for (const name of names) await fetch(name).catch(() => undefined);
  };
  return { resolve, prefetch };
}

const namesCache = new WeakMap<Workflow, readonly string[]>();

/** Every secret name the workflow's node configs mention (in templates, expressions, even code). */
export function secretNamesOfWorkflow(workflow: Workflow): readonly string[] {
  let names = namesCache.get(workflow);
  if (!names) {
    const found = new Set<string>();
    const visit = (value: unknown) => {
      if (typeof value === 'string') {
        if (value.includes('$secrets')) for (const name of secretNamesOf(value)) found.add(name);
      } else if (Array.isArray(value)) value.forEach(visit);
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
    };
    for (const node of workflow.nodes) visit(node.config);
    names = [...found];
    namesCache.set(workflow, names);
  }
  return names;
}

/** `$env`: only the allow-listed variables. */
export function allowedEnv(names: readonly string[] | undefined, source: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names ?? []) out[name] = source[name];
  return out;
}

