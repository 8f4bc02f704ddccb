/**
 * What one code node cannot do to another (issue 11, items 4–6), on a real pool of one worker
 * so that every request lands on the same thread: read or patch another execution's realm,
 * leave work behind that runs during someone else's node, or hold memory outside the V8 heap
 * past the limit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCodeRunner, type CodeRunner, type CodeRunnerOptions } from '../../../src/core/code/codeRunner';
import { NodeError, TimeoutError } from '../../../src/core/errors';
import type { CodeRequest } from '../../../src/core/nodes/definition';

function request(code: string, executionId: string, overrides: Partial<CodeRequest> = {}): CodeRequest {
  return {
    code,
    input: null,
    vars: {},
    node: {},
    execution: { id: executionId, started: '2024-05-01T10:00:00.000Z' },
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    log: () => undefined,
    ...overrides,
  };
}

async function withPool(options: CodeRunnerOptions, use: (pool: CodeRunner) => Promise<void>): Promise<void> {
  const pool = createCodeRunner({ size: 1, ...options });
  try {
    await use(pool);
  } finally {
    await pool.dispose();
  }
}

test('an execution cannot see another execution\'s globals or patched built-ins on the same worker', { timeout: 60_000 }, async () => {
  await withPool({}, async (pool) => {
    await pool.run(request('globalThis.bodies = ["secret request body"]; String.prototype.trim = function () { return "patched"; }; return 1;', 'stash'));
    // the same execution keeps its realm from node to node
    assert.deepEqual(await pool.run(request('return [globalThis.bodies, " x ".trim()];', 'stash')), [['secret request body'], 'patched']);
    assert.deepEqual(await pool.run(request('return [typeof globalThis.bodies, " x ".trim()];', 'peek')), ['undefined', 'x']);
    assert.equal(pool.stats().workers, 1);
  });
});

test('work a node leaves behind runs inside its own time limit, never during the next node', { timeout: 60_000 }, async () => {
  await withPool({}, async (pool) => {
    await pool.run(request('return 0', 'warm-up'));
    // returns at once, but a chain of promise jobs ends in a busy loop of 5 s
    const leaver = 'void (async () => { for (let i = 0; i < 1000; i++) await null; const end = Date.now() + 5000; while (Date.now() < end) {} })(); return 1;';
    await assert.rejects(pool.run(request(leaver, 'leaver', { timeoutMs: 1000 })), TimeoutError);
    assert.equal(await pool.run(request('return "unrelated"', 'unrelated', { timeoutMs: 1000 })), 'unrelated');
  });
});

const MIB = 1024 * 1024;

test('code that fills memory outside the heap past the limit is stopped with CODE_MEMORY naming the limit', { timeout: 60_000 }, async () => {
  await withPool({ memoryLimitMb: 128 }, async (pool) => {
    const hoard = `const keep = []; for (let i = 0; i < 4; i++) { const bytes = new Uint8Array(${256 * MIB}); bytes.fill(1); keep.push(bytes); } while (true) {}`;
    await assert.rejects(pool.run(request(hoard, 'hoard', { timeoutMs: 30_000 })), (error: unknown) => {
      assert.ok(error instanceof NodeError, `expected CODE_MEMORY, got ${String(error)}`);
      assert.equal(error.code, 'CODE_MEMORY');
      assert.match(error.message, /128 MB outside it \(ArrayBuffers, typed arrays\) \(memoryLimitMb\)/);
      return true;
    });
    assert.equal(await pool.run(request('return "next"', 'next')), 'next');
  });
});

test('a worker that still holds more than the limit outside its heap after a run is replaced before its next run', { timeout: 60_000 }, async () => {
  await withPool({ memoryLimitMb: 128 }, async (pool) => {
    // 200 MiB reserved (not touched, so the process does not grow) and kept in a global
    const keep = `globalThis.keep = [new Uint8Array(${100 * MIB}), new Uint8Array(${100 * MIB})]; return globalThis.keep.length;`;
    assert.equal(await pool.run(request(keep, 'keeper')), 2);
    // the same execution would see its global if the worker had been kept
    assert.equal(await pool.run(request('return typeof globalThis.keep;', 'keeper')), 'undefined');
  });
});
