/**
 * The part of the sandbox that lives inside the vm context. It is JavaScript source rather than
 * a TypeScript function because it must be compiled by the context itself: functions and
 * objects created there belong to the context's realm, so user code that walks
 * `.constructor.constructor` from them reaches the context's `Function`, never the worker's
 * (which would lead to `process` and `require`).
 *
 * Rules this source keeps, each closing a known way out of a vm context:
 * - Values from the host (the structured-cloned request) are deep-copied into the context's
 *   realm before user code sees them; nothing of the host realm is handed over.
 * - Host callbacks (`emitLog`, `onResult`, `onError`) stay in closures that user code cannot
 *   read; they are never placed on the global object.
 * - Built-ins used here are captured before any user code runs, so code that patches
 *   `Promise.prototype.then` or `Map.prototype.set` cannot intercept the host's callbacks.
 * - Strict mode: V8 hides `getFunction()` / `getThis()` of stack frames from a strict frame
 *   downwards, so a `Error.prepareStackTrace` hook in user code cannot reach the host's
 *   functions through the call stack.
 */

/** What the bootstrap returns; the worker's `sandbox.ts` calls it. */
export interface SandboxRealm {
  /** Compiles a function body; throws the context's SyntaxError when it does not parse. */
  compile(body: string): SandboxFunction;
  /**
   * Copies the bindings into the realm, calls `fn`, and reports its settled promise through
   * exactly one of the callbacks (which must never throw).
   */
  invoke(
    fn: SandboxFunction,
    input: unknown,
    vars: unknown,
    node: unknown,
    execution: unknown,
    onResult: (value: unknown) => void,
    onError: (error: unknown) => void,
  ): void;
}

/** A compiled user function (an async function of the context's realm). */
export type SandboxFunction = (...bindings: unknown[]) => Promise<unknown>;

/** The bootstrap evaluates to this factory. */
export type SandboxRealmFactory = (
  emitLog: (level: string, args: unknown) => void,
  sourceUrl: string,
) => SandboxRealm;

/** Names of the bindings, in call order. */
export const BINDING_NAMES = ['$input', '$vars', '$node', '$execution', 'console'] as const;

/** Source of a `SandboxRealmFactory`, evaluated once per worker inside the vm context. */
export const SANDBOX_REALM_SOURCE = String.raw`
(function bootstrap(emitLog, sourceUrl) {
  'use strict';
  const uncurry = Function.prototype.bind.bind(Function.prototype.call);
  const tagOf = uncurry(Object.prototype.toString);
  const sliceOf = uncurry(String.prototype.slice);
  const hasOwn = Object.hasOwn;
  const keysOf = Object.keys;
  const defineProperty = Object.defineProperty;
  const freeze = Object.freeze;
  const promiseThen = uncurry(Promise.prototype.then);
  const mapGet = uncurry(Map.prototype.get);
  const mapSet = uncurry(Map.prototype.set);
  const setAdd = uncurry(Set.prototype.add);
  const dateTime = uncurry(Date.prototype.getTime);
  const bytesSet = uncurry(Object.getPrototypeOf(Uint8Array.prototype).set);
  const RealmMap = Map, RealmSet = Set, RealmDate = Date, RealmRegExp = RegExp, RealmObject = Object;
  const RealmArray = Array, RealmArrayBuffer = ArrayBuffer, RealmDataView = DataView, RealmUint8Array = Uint8Array;
  const RealmSharedArrayBuffer = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : ArrayBuffer;
  const AsyncFunction = (async function () {}).constructor;
  const typedArrays = { __proto__: null, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
    Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array };
  const errorTypes = { __proto__: null, Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };

  function copyBytes(buffer, Target) {
    const copy = new Target(buffer.byteLength);
    bytesSet(new RealmUint8Array(copy), new RealmUint8Array(buffer));
    return copy;
  }

  function copyEntries(source, target, seen) {
    const keys = keysOf(source);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const value = copy(source[key], seen);
      // a plain assignment to "__proto__" would replace the prototype instead of adding a key
      if (key === '__proto__') defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
      else target[key] = value;
    }
    return target;
  }

  // Recreates a structured-cloned host value with this realm's constructors, keeping shared
  // and circular references shared.
  function copy(value, seen) {
    if (typeof value !== 'object' || value === null) return value;
    const known = mapGet(seen, value);
    if (known !== undefined) return known;
    const tag = sliceOf(tagOf(value), 8, -1);
    let result;
    switch (tag) {
      case 'Array':
        result = new RealmArray(value.length);
        mapSet(seen, value, result);
        return copyEntries(value, result, seen);
      case 'Map':
        result = new RealmMap();
        mapSet(seen, value, result);
        for (const [key, entry] of value) mapSet(result, copy(key, seen), copy(entry, seen));
        return result;
      case 'Set':
        result = new RealmSet();
        mapSet(seen, value, result);
        for (const entry of value) setAdd(result, copy(entry, seen));
        return result;
      case 'Date': result = new RealmDate(dateTime(value)); break;
      case 'RegExp': result = new RealmRegExp(value.source, value.flags); break;
      case 'ArrayBuffer': result = copyBytes(value, RealmArrayBuffer); break;
      // sharing cannot cross into another realm; the code gets a snapshot of the bytes
      case 'SharedArrayBuffer': result = copyBytes(value, RealmSharedArrayBuffer); break;
      case 'DataView': result = new RealmDataView(copy(value.buffer, seen), value.byteOffset, value.byteLength); break;
      case 'Number': case 'String': case 'Boolean': case 'BigInt': result = RealmObject(value.valueOf()); break;
      case 'Error': {
        const Type = hasOwn(errorTypes, value.name) ? errorTypes[value.name] : errorTypes.Error;
        result = new Type(value.message);
        if (typeof value.stack === 'string') defineProperty(result, 'stack', { value: value.stack, writable: true, configurable: true });
        break;
      }
      default:
        if (hasOwn(typedArrays, tag)) { result = new typedArrays[tag](value); break; }
        result = {};
        mapSet(seen, value, result);
        return copyEntries(value, result, seen);
    }
    mapSet(seen, value, result);
    return result;
  }

  const log = (level) => (...args) => { emitLog(level, args); };
  const sandboxConsole = freeze({
    debug: log('debug'), trace: log('debug'), log: log('info'), info: log('info'), warn: log('warn'), error: log('error'),
  });
  // V8 gives every context an inspector-only console; code that reaches it via globalThis
  // should log like the console binding does
  defineProperty(globalThis, 'console', { value: sandboxConsole, writable: true, enumerable: false, configurable: true });

  // The only ways code could schedule work that runs after its run, outside the microtasks the
  // sandbox drains before it reports (see sandbox.ts): finalization callbacks, waits and
  // compilations that settle from another thread.
  delete globalThis.FinalizationRegistry;
  if (typeof Atomics === 'object') delete Atomics.waitAsync;
  if (typeof WebAssembly === 'object') {
    for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming']) delete WebAssembly[name];
  }

  function compile(body) {
    // the Function constructor parses params and body apart, so a body cannot close the
    // function early and run code outside it
    return new AsyncFunction(${BINDING_NAMES.map((name) => `'${name}'`).join(', ')}, body + '\n//# sourceURL=' + sourceUrl);
  }

  function invoke(fn, input, vars, node, execution, onResult, onError) {
    let promise;
    try {
      const seen = new RealmMap();
      promise = fn(copy(input, seen), copy(vars, seen), copy(node, seen), copy(execution, seen), sandboxConsole);
    } catch (error) {
      onError(error);
      return;
    }
    try {
      promiseThen(promise, onResult, onError);
    } catch (error) {
      // only before a reaction is registered (a throwing Promise[Symbol.species] getter)
      onError(error);
    }
  }

  return freeze({ compile, invoke });
})
`;
