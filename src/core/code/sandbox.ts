/**
 * The vm context that user code runs in, seen from the worker's side: compiles bodies once,
 * runs them with the bindings, and turns whatever happens into a `SandboxOutcome`.
 *
 * There is no time limit here: vm's `timeout` option starts a watchdog thread on every call
 * (measured ~200 µs, four times the budget of a whole code node), so the main thread's timer,
 * which terminates the worker, is the only limit (see codeRunner.ts).
 */
import vm from 'node:vm';
import { formatWithOptions, inspect, type InspectOptions } from 'node:util';
import type { LogLevel } from '../engine/events';
import type { CodeFailure, RunCodeMessage } from './protocol';
import { SANDBOX_REALM_SOURCE, type SandboxFunction, type SandboxRealm, type SandboxRealmFactory } from './sandboxRealm';

/** File name that user code carries in stack traces; how its line numbers are found. */
export const CODE_FILE_NAME = 'workflow-code.js';

// V8 writes a dynamic function as `async function anonymous(<params>\n) {\n<body>`: the body
// starts on line 3 of its source
const BODY_FIRST_LINE = 3;
// Sources that failed to parse, remembered so that a broken node failing on every item does
// not reparse each time.
const FAILURE_CACHE_SIZE = 4096;
const LOG_FORMAT: InspectOptions = { customInspect: false, depth: 4, breakLength: Infinity, maxStringLength: 10_000 };

/** How a run ended. */
export type SandboxOutcome = { ok: true; value: unknown } | { ok: false; failure: CodeFailure };

/** The vm contexts of a worker, one per execution, each with the functions compiled in it. */
export interface Sandbox {
  /**
   * Runs the request's code in the realm of its execution; `done` is called exactly once,
   * possibly synchronously, and only after every promise job the code queued has run.
   */
  run(request: RunCodeMessage, done: (outcome: SandboxOutcome) => void): void;
}

/** Options of `createSandbox`. */
export interface SandboxOptions {
  /**
   * Realms kept for recent executions; the oldest is dropped (with whatever its globals
   * hold) when another execution needs one. Default 8.
   */
  realmsKept?: number;
}

// One context (realm) per execution: a workflow cannot see another's globals or patched
// built-ins. Each context has its own microtask queue ("afterEvaluate"), drained by running
// DRAIN in it after each call: whatever promise jobs the code left behind run then, inside
// its own time limit, and never during another node's run. Jobs queued from outside an
// evaluation (nothing in the realm can do that once sandboxRealm.ts removed the APIs that
// could) would wait in the queue of their context and die with it.
const DRAIN = new vm.Script('undefined', { filename: 'workflow-sandbox-drain.js' });
const DEFAULT_REALMS_KEPT = 8;

interface Realm {
  context: vm.Context;
  api: SandboxRealm;
  /** User functions compiled in this realm, by their source. */
  functions: Map<string, SandboxFunction>;
}

/**
 * Creates the sandbox. `emitLog` receives the console lines of the code, already formatted; it
 * is called while a run is in progress.
 */
export function createSandbox(emitLog: (level: LogLevel, message: string) => void, options: SandboxOptions = {}): Sandbox {
  const realmsKept = Math.max(1, options.realmsKept ?? DEFAULT_REALMS_KEPT);
  const log = (level: string, args: unknown): void => {
    // called by user code: must not throw back into it (an error from this realm would be a way out)
    try {
      emitLog(toLogLevel(level), formatLogArguments(args));
    } catch {
      // a console line is not worth failing the run for
    }
  };
  const realms = new Map<string, Realm>();
  // A context costs about a millisecond to create: one is made ahead while the worker idles.
  let spare: Realm | undefined;
  let spareScheduled = false;
  const failures = new Map<string, CodeFailure>();

  function newRealm(): Realm {
    // The object given to createContext backs the context's global, and property lookups that
    // miss fall through to its prototype: with `{}` that is the worker's Object.prototype, and
    // `this.constructor.constructor('return process')()` would escape. A null prototype sends
    // them to the context's own built-ins.
    const context = vm.createContext(Object.create(null), { name: 'code.javascript', microtaskMode: 'afterEvaluate' });
    const factory = vm.runInContext(SANDBOX_REALM_SOURCE, context, { filename: 'workflow-sandbox.js' }) as SandboxRealmFactory;
    return { context, api: factory(log, CODE_FILE_NAME), functions: new Map() };
  }

  function prepareSpare(): void {
    if (spare || spareScheduled) return;
    spareScheduled = true;
    setImmediate(() => {
      spareScheduled = false;
      spare ??= newRealm();
    }).unref();
  }

  function realmFor(executionId: string): Realm {
    let realm = realms.get(executionId);
    if (realm) return realm;
    realm = spare ?? newRealm();
    spare = undefined;
    if (realms.size >= realmsKept) realms.delete(realms.keys().next().value as string);
    realms.set(executionId, realm);
    return realm;
  }

  // User code is compiled by the realm's own Function constructor, never by `new vm.Script`
  // in this worker: on Node 20, a worker terminated (time limit, cancel, dispose) while
  // `new vm.Script` compiles crashes the whole process with SIGSEGV (ContextifyScript::New
  // decorates an exception that V8 never set when compilation stops for termination). The
  // Function constructor is plain JavaScript to V8, so a termination there just unwinds.
  // Each realm compiles each source once; a source that does not parse is remembered for all.
  function functionFor(code: string, realm: Realm): SandboxFunction | CodeFailure {
    const failure = failures.get(code);
    if (failure) return failure;
    let fn = realm.functions.get(code);
    if (fn) return fn;
    try {
      fn = realm.api.compile(code);
    } catch (error) {
      // a long-lived worker sees every edit of every code node: drop the oldest
      if (failures.size >= FAILURE_CACHE_SIZE) failures.delete(failures.keys().next().value as string);
      const described: CodeFailure = { code: 'CODE_SYNTAX', ...syntaxErrorDetails(code, error) };
      failures.set(code, described);
      return described;
    }
    realm.functions.set(code, fn);
    return fn;
  }

  return {
    run(request, done) {
      const realm = realmFor(request.execution.id);
      const fn = functionFor(request.code, realm);
      if (typeof fn !== 'function') return done({ ok: false, failure: fn });
      let outcome: SandboxOutcome | undefined;
      let draining = true;
      let reported = false;
      const report = (): void => {
        if (reported || !outcome) return;
        reported = true;
        done(outcome);
      };
      // guarded because a throw from `invoke` itself and a rejection could both report
      const settle = (result: SandboxOutcome): void => {
        outcome ??= result;
        if (!draining) report();
      };
      try {
        realm.api.invoke(
          fn,
          request.input,
          request.vars,
          request.node,
          request.execution,
          (value) => guard(() => settle({ ok: true, value })),
          (error) => guard(() => settle({ ok: false, failure: describeThrown(error) })),
        );
      } catch (error) {
        settle({ ok: false, failure: describeThrown(error) });
      }
      // whatever the call did, the jobs it queued run now, not in a later run
      guard(() => DRAIN.runInContext(realm.context));
      draining = false;
      report();
      prepareSpare();
    },
  };
}

// The Function constructor reports no position for a syntax error, vm does: compile the body
// again in a wrapper (never run) only to learn the line. With vm.compileFunction, not
// `new vm.Script`: Node 20 checks for a termination there before reading the error (see
// functionFor in createSandbox).
function syntaxErrorDetails(code: string, error: unknown): { message: string; line?: number } {
  try {
    vm.compileFunction(`return (async function () {\n${code}\n})`, [], { filename: CODE_FILE_NAME, lineOffset: -1 });
  } catch (wrapped) {
    const match = new RegExp(`^${escapeRegExp(CODE_FILE_NAME)}:(\\d+)`).exec(safeStack(wrapped));
    if (!match) return { message: `Syntax error in the code: ${safeMessage(error)}` };
    // an error on the wrapper's closing line belongs to the body's last line
    const line = Math.max(1, Math.min(Number(match[1]), code.split('\n').length));
    return { message: `Syntax error in the code at line ${line}: ${safeMessage(error)}`, line };
  }
  // only a body that closes the function early and reopens one parses inside the wrapper
  return { message: 'Syntax error in the code: a closing brace ends the function body before the end of the code' };
}

/** Turns a value thrown by user code into a failure with its message and, if known, its line. */
export function describeThrown(thrown: unknown): CodeFailure {
  try {
    if (typeof thrown === 'string') return { code: 'CODE_ERROR', message: thrown };
    if (thrown === null || typeof thrown !== 'object') return { code: 'CODE_ERROR', message: `The code threw ${inspect(thrown)}` };
    const { message, name } = thrown as { message?: unknown; name?: unknown };
    if (typeof message !== 'string') return { code: 'CODE_ERROR', message: `The code threw ${inspect(thrown, { customInspect: false, depth: 2 })}` };
    const location = userCodeLocation(safeStack(thrown));
    const prefix = typeof name === 'string' && name !== 'Error' && name !== '' ? `${name}: ` : '';
    const suffix = location ? ` (line ${location.line})` : '';
    return { code: 'CODE_ERROR', message: `${prefix}${message}${suffix}`, ...location };
  } catch {
    return { code: 'CODE_ERROR', message: 'The code threw a value that cannot be described' };
  }
}

// The topmost frame of the user's body: where the error was created, or the user line that
// called the built-in that threw.
function userCodeLocation(stack: string): { line: number; column: number } | undefined {
  const match = new RegExp(`${escapeRegExp(CODE_FILE_NAME)}:(\\d+):(\\d+)`).exec(stack);
  if (!match) return undefined;
  const line = Number(match[1]) - BODY_FIRST_LINE + 1;
  return line >= 1 ? { line, column: Number(match[2]) } : undefined;
}

function formatLogArguments(args: unknown): string {
  if (!Array.isArray(args)) return '';
  // an index loop, not a spread: the array belongs to the sandbox, whose iterator code may patch
  const values: unknown[] = [];
  for (let i = 0; i < args.length; i++) values.push(args[i]);
  return formatWithOptions(LOG_FORMAT, ...values);
}

function toLogLevel(level: string): LogLevel {
  return level === 'debug' || level === 'warn' || level === 'error' ? level : 'info';
}

function safeMessage(error: unknown): string {
  try {
    const message = (error as { message?: unknown } | null)?.message;
    return typeof message === 'string' ? message : String(error);
  } catch {
    return 'unknown error';
  }
}

function safeStack(error: unknown): string {
  try {
    const stack = (error as { stack?: unknown } | null)?.stack;
    return typeof stack === 'string' ? stack : '';
  } catch {
    return '';
  }
}

// Host callbacks run inside the sandbox's promise machinery: a throw there would hand a host
// error to code the user may control.
function guard(action: () => void): void {
  try {
    action();
  } catch {
    // `done` handles its own failures; nothing useful can be done here
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
