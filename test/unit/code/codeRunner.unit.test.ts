import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCodeRunner, type CodeRunner } from '../../../src/core/code/codeRunner';
import { CancelledError, NodeError, TimeoutError } from '../../../src/core/errors';
import type { CodeRequest } from '../../../src/core/nodes/definition';
import type { LogLevel } from '../../../src/core/engine/events';

function request(code: string, overrides: Partial<CodeRequest> = {}): CodeRequest {
  return {
    code,
    input: null,
    vars: {},
    node: {},
    execution: { id: 'exec-1', started: '2024-05-01T10:00:00.000Z' },
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    log: () => undefined,
    ...overrides,
  };
}

function isNodeError(code: string, message?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof NodeError, `expected a NodeError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.field, 'code');
    if (message) assert.match(error.message, message);
    return true;
  };
}

let runner: CodeRunner;
before(() => {
  runner = createCodeRunner({ size: 2 });
});
after(() => runner.dispose());

test('returns the value of the body, with every binding', { timeout: 30_000 }, async () => {
  const result = await runner.run(
    request('return { doubled: $input.n * 2, currency: $vars.CURRENCY, previous: $node.Fetch.status, execution: $execution.id, started: $execution.started };', {
      input: { n: 21 },
      vars: { CURRENCY: 'EUR' },
      node: { Fetch: { status: 200 } },
    }),
  );
  assert.deepEqual(result, { doubled: 42, currency: 'EUR', previous: 200, execution: 'exec-1', started: '2024-05-01T10:00:00.000Z' });
});

test('$node includes outputs a loop body inherits from outside it', { timeout: 30_000 }, async () => {
  const inner = Object.assign(Object.create({ Outer: 'from before the loop', Shadowed: 'outer' }) as Record<string, unknown>, { Inner: 'this iteration', Shadowed: 'inner' });
  assert.deepEqual(await runner.run(request('return [$node.Outer, $node.Inner, $node.Shadowed]', { node: inner })), ['from before the loop', 'this iteration', 'inner']);
});

test('$node is not copied into code that never mentions it', { timeout: 30_000 }, async () => {
  // a function cannot be cloned: sending it would fail with CODE_INPUT
  const node = { Heavy: { callback: () => 1 } };
  assert.equal(await runner.run(request('return typeof $input', { node, input: 1 })), 'number');
  await assert.rejects(runner.run(request('return Object.keys($node)', { node })), (error: unknown) => error instanceof NodeError && error.code === 'CODE_INPUT');
});

test('the input is a copy: changing it inside changes nothing outside', { timeout: 30_000 }, async () => {
  const input = { items: [1, 2] };
  assert.deepEqual(await runner.run(request('$input.items.push(3); return $input.items;', { input })), [1, 2, 3]);
  assert.deepEqual(input, { items: [1, 2] });
});

test('the body may await', { timeout: 30_000 }, async () => {
  const result = await runner.run(request('const half = await Promise.resolve($input / 2); await null; return [half, await (async () => "later")()];', { input: 10 }));
  assert.deepEqual(result, [5, 'later']);
});

test('console lines arrive through log with their level, before the result', { timeout: 30_000 }, async () => {
  const lines: [LogLevel, string][] = [];
  const result = await runner.run(
    request('console.log("total", $input); console.debug("d"); console.info({ a: 1 }); console.warn("careful"); console.error("bad"); return "done";', {
      input: 3,
      log: (level, message) => lines.push([level, message]),
    }),
  );
  assert.equal(result, 'done');
  assert.deepEqual(lines, [
    ['info', 'total 3'],
    ['debug', 'd'],
    ['info', '{ a: 1 }'],
    ['warn', 'careful'],
    ['error', 'bad'],
  ]);
});

test('console output of one run is capped at 1000 lines plus a notice', { timeout: 30_000 }, async () => {
  const lines: [LogLevel, string][] = [];
  assert.equal(await runner.run(request('for (let i = 0; i < 1500; i++) console.log(i); return "done";', { log: (level, message) => lines.push([level, message]) })), 'done');
  assert.equal(lines.length, 1001);
  assert.deepEqual(lines[999], ['info', '999']);
  assert.equal(lines[1000][0], 'warn');
  assert.match(lines[1000][1], /more than 1000 lines/);
  const next: string[] = [];
  await runner.run(request('console.log("fresh count")', { log: (_, message) => next.push(message) }));
  assert.deepEqual(next, ['fresh count']);
});

test('an endless synchronous loop is stopped at the time limit and the runner goes on', { timeout: 30_000 }, async () => {
  await runner.run(request('return 1')); // a warm worker, so the measured time is the loop's
  const started = Date.now();
  await assert.rejects(runner.run(request('while (true) {}', { timeoutMs: 300 })), (error: unknown) => {
    assert.ok(error instanceof TimeoutError);
    assert.match(error.message, /300 ms/);
    return true;
  });
  assert.ok(Date.now() - started >= 290, 'not before the limit');
  assert.equal(await runner.run(request('return $input + 1', { input: 1 })), 2);
});

test('code whose promise never settles is stopped at the time limit', { timeout: 30_000 }, async () => {
  await assert.rejects(runner.run(request('await new Promise(() => {}); return 1;', { timeoutMs: 200 })), TimeoutError);
  assert.equal(await runner.run(request('return "alive"')), 'alive');
});

test('an endless chain of awaits (no macrotask ever runs in the worker) is stopped too', { timeout: 30_000 }, async () => {
  await assert.rejects(runner.run(request('for (;;) await null;', { timeoutMs: 200 })), TimeoutError);
  assert.equal(await runner.run(request('return "alive"')), 'alive');
});

test('aborting the signal stops running code with CancelledError', { timeout: 30_000 }, async () => {
  const controller = new AbortController();
  const running = runner.run(request('while (true) {}', { signal: controller.signal }));
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(running, CancelledError);
  assert.equal(await runner.run(request('return "alive"')), 'alive');
});

test('an already aborted signal rejects without running anything', { timeout: 30_000 }, async () => {
  const lines: string[] = [];
  const signal = AbortSignal.abort();
  await assert.rejects(runner.run(request('console.log("ran")', { signal, log: (_, message) => lines.push(message) })), CancelledError);
  assert.deepEqual(lines, []);
});

test('a thrown error becomes CODE_ERROR with the message and the line of the body', { timeout: 30_000 }, async () => {
  await assert.rejects(runner.run(request('const a = 1;\nthrow new Error("price missing");')), (error: unknown) => {
    isNodeError('CODE_ERROR', /^price missing \(line 2\)$/)(error);
    assert.deepEqual((error as NodeError).data, { line: 2, column: 7 });
    return true;
  });
  await assert.rejects(runner.run(request('await null;\nreturn $input.missing.deeper;', { input: {} })), isNodeError('CODE_ERROR', /^TypeError: Cannot read properties of undefined .* \(line 2\)$/));
});

test('a syntax error is CODE_SYNTAX', { timeout: 30_000 }, async () => {
  await assert.rejects(runner.run(request('return {')), isNodeError('CODE_SYNTAX', /^Syntax error in the code at line 1: /));
});

test('many failing requests back to back leave the worker healthy', { timeout: 30_000 }, async () => {
  for (let i = 0; i < 2000; i++) await assert.rejects(runner.run(request('return {')), isNodeError('CODE_SYNTAX'));
  assert.equal(await runner.run(request('return "alive"')), 'alive');
});

test('a rejected promise nobody awaited does not take the worker down', { timeout: 30_000 }, async () => {
  const pool = createCodeRunner({ size: 1 });
  try {
    assert.equal(await pool.run(request('globalThis.sameWorker = true; Promise.reject(new Error("forgotten")); return 1;')), 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // a replacement worker would have a fresh context without the marker
    assert.equal(await pool.run(request('return globalThis.sameWorker')), true);
  } finally {
    await pool.dispose();
  }
});

test('a result that cannot be cloned is CODE_RESULT with a clear message', { timeout: 30_000 }, async () => {
  await assert.rejects(runner.run(request('return { format: () => 1 };')), isNodeError('CODE_RESULT', /cannot be passed on.*functions and symbols/));
  await assert.rejects(runner.run(request('return Symbol("s");')), isNodeError('CODE_RESULT', /could not be cloned/));
  assert.equal(await runner.run(request('return "still fine"')), 'still fine');
});

test('input that cannot be cloned is CODE_INPUT and the worker stays usable', { timeout: 30_000 }, async () => {
  await assert.rejects(runner.run(request('return 1', { input: { callback: () => 1 } })), (error: unknown) => {
    assert.ok(error instanceof NodeError);
    assert.equal(error.code, 'CODE_INPUT');
    return true;
  });
  assert.equal(await runner.run(request('return 2')), 2);
});

test('the code sees no require, process, module or timers', { timeout: 30_000 }, async () => {
  const result = await runner.run(
    request('return [typeof require, typeof process, typeof module, typeof setTimeout, typeof globalThis.process, this.constructor.constructor("return typeof process")()]'),
  );
  assert.deepEqual(result, ['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
});

test('two requests run in parallel on a pool of two', { timeout: 30_000 }, async () => {
  const pool = createCodeRunner({ size: 2 });
  try {
    // both workers started and ready, so start-up time cannot separate the two runs
    await Promise.all([pool.run(request('return 1')), pool.run(request('return 2'))]);
    const busy = 'const start = Date.now(); while (Date.now() - start < 300) {} return [start, Date.now()];';
    const [a, b] = (await Promise.all([pool.run(request(busy)), pool.run(request(busy))])) as [number, number][];
    assert.ok(a[0] < b[1] && b[0] < a[1], `the runs overlap: ${JSON.stringify([a, b])}`);
    assert.equal(pool.stats().workers, 2);
  } finally {
    await pool.dispose();
  }
});

test('a pool of one queues the second request until the first is done', { timeout: 30_000 }, async () => {
  const pool = createCodeRunner({ size: 1 });
  try {
    const busy = 'const start = Date.now(); while (Date.now() - start < 100) {} return [start, Date.now()];';
    const first = pool.run(request(busy));
    const second = pool.run(request(busy));
    assert.deepEqual(pool.stats(), { workers: 1, busy: 1, queued: 1 });
    const [a, b] = (await Promise.all([first, second])) as [number, number][];
    assert.ok(b[0] >= a[1], `one after the other: ${JSON.stringify([a, b])}`);
  } finally {
    await pool.dispose();
  }
});

test('aborting a queued request removes it without disturbing the running one', { timeout: 30_000 }, async () => {
  const pool = createCodeRunner({ size: 1 });
  try {
    const controller = new AbortController();
    const first = pool.run(request('const start = Date.now(); while (Date.now() - start < 100) {} return "first";'));
    const second = pool.run(request('return "second"', { signal: controller.signal }));
    controller.abort();
    await assert.rejects(second, CancelledError);
    assert.equal(await first, 'first');
    assert.deepEqual(pool.stats(), { workers: 1, busy: 0, queued: 0 });
  } finally {
    await pool.dispose();
  }
});

test('a worker that runs out of memory fails its request with CODE_CRASH and is replaced', { timeout: 30_000 }, async () => {
  const pool = createCodeRunner({ size: 1, memoryLimitMb: 16 });
  try {
    await assert.rejects(pool.run(request('const hoard = []; for (;;) hoard.push(new Array(100_000).fill(hoard.length));')), isNodeError('CODE_CRASH', /memory.*the JavaScript heap limit is 16 MB: memoryLimitMb/));
    assert.equal(await pool.run(request('return "replaced"')), 'replaced');
  } finally {
    await pool.dispose();
  }
});

test('dispose rejects pending requests, terminates the workers and refuses new work', { timeout: 30_000 }, async () => {
  const pool = createCodeRunner({ size: 1 });
  await pool.run(request('return 1'));
  const running = pool.run(request('while (true) {}'));
  const queued = pool.run(request('return 2'));
  assert.deepEqual(pool.stats(), { workers: 1, busy: 1, queued: 1 });
  const outcomes = Promise.all([assert.rejects(running, CancelledError), assert.rejects(queued, CancelledError)]);
  await pool.dispose();
  await outcomes;
  assert.deepEqual(pool.stats(), { workers: 0, busy: 0, queued: 0 });
  await assert.rejects(pool.run(request('return 3')), CancelledError);
});
