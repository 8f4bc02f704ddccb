import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { createSandbox, type SandboxOutcome } from '../../../src/core/code/sandbox';
import type { RunCodeMessage } from '../../../src/core/code/protocol';
import type { LogLevel } from '../../../src/core/engine/events';

// The sandbox runs in this thread here: fast, and the vm mechanics are the same as in a worker.
const logs: [LogLevel, string][] = [];
const sandbox = createSandbox((level, message) => logs.push([level, message]));
let nextId = 1;

function run(code: string, bindings: Partial<RunCodeMessage> = {}): Promise<SandboxOutcome> {
  const message: RunCodeMessage = { id: nextId++, code, input: null, vars: {}, node: {}, execution: { id: 'x1', started: '2024-05-01T00:00:00.000Z' }, ...bindings };
  return new Promise((resolve) => sandbox.run(message, resolve));
}

async function value(code: string, bindings: Partial<RunCodeMessage> = {}): Promise<unknown> {
  const outcome = await run(code, bindings);
  if (!outcome.ok) assert.fail(`expected a value, got ${outcome.failure.code}: ${outcome.failure.message}`);
  // as the worker's postMessage does: the value leaves the sandbox's realm
  return structuredClone(outcome.value);
}

test('bindings arrive as copies made with the sandbox\'s own constructors', async () => {
  const shared = { n: 1 };
  const input = { when: new Date(5), tags: new Set(['a']), index: new Map([['k', shared]]), again: shared, bytes: new Uint8Array([1, 2]), re: /x+/gi };
  const result = await value(
    'return [$input.when instanceof Date, $input.when.getTime(), $input.tags instanceof Set, $input.tags.has("a"),' +
      ' $input.index.get("k") === $input.again, $input.bytes instanceof Uint8Array, $input.bytes[1], $input.re.flags,' +
      ' Object.getPrototypeOf($input) === Object.prototype, Array.isArray($vars.list) && $vars.list instanceof Array]',
    { input, vars: { list: [1] } },
  );
  assert.deepEqual(result, [true, 5, true, true, true, true, 2, 'gi', true, true]);
});

test('a "__proto__" key stays a plain key and does not replace the prototype', async () => {
  const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as unknown;
  assert.deepEqual(await value('return [Object.keys($input), $input.polluted, ({}).polluted]', { input }), [['__proto__', 'a'], undefined, undefined]);
});

test('no host object is reachable: constructors of every binding lead to the sandbox\'s Function', async () => {
  const probes = [
    '$input.constructor.constructor',
    '$vars.constructor.constructor',
    '$node.constructor.constructor',
    '$execution.constructor.constructor',
    '$input.list.constructor.constructor',
    'console.log.constructor',
    'console.constructor.constructor',
    'this.constructor.constructor',
    'globalThis.constructor.constructor',
    '(async () => 1)().constructor.constructor',
  ];
  const code = `return [${probes.map((probe) => `(${probe})('return typeof process + "/" + typeof require')()`).join(', ')}]`;
  const result = await value(code, { input: { list: [1] } });
  assert.deepEqual(result, probes.map(() => 'undefined/undefined'));
});

test('stack frames expose no host function to Error.prepareStackTrace', async () => {
  const result = await value(
    'Error.prepareStackTrace = (error, frames) => frames;' +
      'const frames = new Error("probe").stack; Error.prepareStackTrace = undefined;' +
      'const reachable = [];' +
      'for (const frame of frames) { const fn = frame.getFunction(); const self = frame.getThis();' +
      '  for (const candidate of [fn, self]) { if (candidate == null) continue;' +
      '    try { reachable.push(candidate.constructor.constructor("return typeof process")()); } catch (e) { reachable.push("threw"); } } }' +
      'return reachable.filter((kind) => kind !== "undefined");',
  );
  assert.deepEqual(result, []);
});

test('code that patches Promise.prototype.then in one run never receives host callbacks in the next', async () => {
  await value('const then = Promise.prototype.then; globalThis.seen = []; Promise.prototype.then = function (...args) { globalThis.seen.push(...args); return then.apply(this, args); }; return 1;');
  const leaked = await value(
    'await null; return globalThis.seen.filter((f) => typeof f === "function").map((f) => { try { return f.constructor("return typeof process")(); } catch { return "threw"; } }).filter((kind) => kind !== "undefined");',
  );
  assert.deepEqual(leaked, []);
  await value('delete Promise.prototype.then; Promise.prototype.then = Object.getPrototypeOf(Promise.resolve()).then; return 1;');
});

test('each distinct code string is compiled once', async () => {
  const code = 'const self = arguments.callee; const first = globalThis.lastCompiled !== self; globalThis.lastCompiled = self; return first;';
  assert.equal(await value(code), true);
  assert.equal(await value(code), false);
  assert.equal(await value(`${code} // edited`), true);
});

// A worker terminated (time limit, cancel, dispose) while `new vm.Script` compiles crashes the
// whole process with SIGSEGV on Node 20, so what a run does must never construct one.
test('running code, new or not, valid or not, constructs no vm.Script', async () => {
  const OriginalScript = vm.Script;
  let constructed = 0;
  vm.Script = class CountingScript extends OriginalScript {
    constructor(...args: ConstructorParameters<typeof vm.Script>) {
      super(...args);
      constructed++;
    }
  };
  try {
    assert.equal(await value(`return ${Math.random()} < 1`), true);
    assert.equal(await value('return 2', { execution: { id: 'another execution, another realm', started: '2024-05-01T00:00:00.000Z' } }), 2);
    assert.equal((await run(`throw new Error("${Math.random()}")`)).ok, false);
    const broken = await run(`const x = ${Math.random()};\nreturn {`);
    assert.ok(!broken.ok && broken.failure.code === 'CODE_SYNTAX' && broken.failure.line === 2, JSON.stringify(broken));
  } finally {
    vm.Script = OriginalScript;
  }
  assert.equal(constructed, 0);
});

test('a thrown error keeps its message and names the line inside the body', async () => {
  const outcome = await run('const a = 1;\n\nthrow new Error("boom");');
  assert.deepEqual(outcome, { ok: false, failure: { code: 'CODE_ERROR', message: 'boom (line 3)', line: 3, column: 7 } });
  const typeError = await run('const a = null;\nreturn a.b;');
  assert.equal(typeError.ok, false);
  if (!typeError.ok) {
    assert.match(typeError.failure.message, /^TypeError: Cannot read properties of null \(reading 'b'\) \(line 2\)$/);
    assert.equal(typeError.failure.line, 2);
  }
});

test('a thrown non-error value is described', async () => {
  assert.deepEqual(await run('throw "plain text"'), { ok: false, failure: { code: 'CODE_ERROR', message: 'plain text' } });
  const outcome = await run('throw { status: 3 }');
  assert.equal(outcome.ok, false);
  if (!outcome.ok) assert.match(outcome.failure.message, /status: 3/);
});

test('a syntax error is CODE_SYNTAX with its line', async () => {
  assert.deepEqual(await run('const a = 1;\nconst = 2;'), {
    ok: false,
    failure: { code: 'CODE_SYNTAX', message: "Syntax error in the code at line 2: Unexpected token '='", line: 2 },
  });
});

test('a body cannot close its function early to run code outside it', async () => {
  const outcome = await run('}); globalThis.escaped = true; (async function () {');
  assert.equal(outcome.ok, false);
  if (!outcome.ok) assert.deepEqual(outcome.failure, { code: 'CODE_SYNTAX', message: 'Syntax error in the code: a closing brace ends the function body before the end of the code' });
  assert.equal(await value('return globalThis.escaped'), undefined);
});

test('console methods log formatted lines with their level', async () => {
  logs.length = 0;
  await value('console.debug("d"); console.log("n=%d", 4); console.info({ a: [1] }); console.warn("w"); console.error(new Error("e").message); globalThis.console.log("via global");');
  assert.deepEqual(logs, [
    ['debug', 'd'],
    ['info', 'n=4'],
    ['info', '{ a: [ 1 ] }'],
    ['warn', 'w'],
    ['error', 'e'],
    ['info', 'via global'],
  ]);
});

test('only standard built-ins are global', async () => {
  const result = await value('return [typeof require, typeof process, typeof module, typeof exports, typeof setTimeout, typeof fetch, typeof Buffer, typeof JSON, typeof Math]');
  assert.deepEqual(result, ['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'object', 'object']);
});

test('promise jobs the code leaves behind run before its outcome is reported', async () => {
  logs.length = 0;
  const outcome = await run('void (async () => { for (let i = 0; i < 100; i++) await null; console.log("late"); })(); return 1;');
  assert.deepEqual(outcome, { ok: true, value: 1 });
  assert.deepEqual(logs, [['info', 'late']]);
});

test('no API that settles outside the run is left: finalization callbacks, async waits, async wasm compilation', async () => {
  const result = await value('return [typeof FinalizationRegistry, typeof Atomics.waitAsync, typeof WebAssembly.instantiate, typeof WebAssembly.compile, typeof WebAssembly.Module]');
  assert.deepEqual(result, ['undefined', 'undefined', 'undefined', 'undefined', 'function']);
});
