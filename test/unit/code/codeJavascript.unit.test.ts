import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeJavascript } from '../../../src/core/nodes/codeJavascript';
import { createCodeRunner } from '../../../src/core/code/codeRunner';
import type { CodeRequest } from '../../../src/core/nodes/definition';
import { runNode } from '../nodes/helpers';

const runner = createCodeRunner({ size: 1 });
after(() => runner.dispose());

test('run hands code, bindings, limit, signal and log to services.runCode and emits the result on out', async () => {
  let seen: CodeRequest | undefined;
  const runCode = async (request: CodeRequest): Promise<unknown> => {
    seen = request;
    request.log('warn', 'from the sandbox');
    return { ok: true };
  };
  const { emit, context } = await runNode(
    codeJavascript,
    { code: 'return $input;', timeoutMs: 1500 },
    { input: { a: 1 }, vars: { V: 2 }, nodeOutputs: { Before: 3 }, execution: { id: 'e9', started: 't0' }, services: { runCode } },
  );
  assert.deepEqual(emit, { out: { ok: true } });
  assert.ok(seen);
  assert.equal(seen.code, 'return $input;');
  assert.deepEqual([seen.input, seen.vars, seen.node, seen.execution, seen.timeoutMs], [{ a: 1 }, { V: 2 }, { Before: 3 }, { id: 'e9', started: 't0' }, 1500]);
  assert.equal(seen.signal, context.signal);
  assert.deepEqual(context.logs, [{ level: 'warn', message: 'from the sandbox' }]);
});

test('code is raw JavaScript: {{ }} inside it is not a template', async () => {
  assert.ok(codeJavascript.rawConfigKeys?.includes('code'));
  const { emit } = await runNode(codeJavascript, { code: 'return `{{ $input }}` + $input;' }, { input: 7, services: { runCode: (request) => runner.run(request) } });
  assert.deepEqual(emit, { out: '{{ $input }}7' });
});

test('timeoutMs defaults to 10 s; empty code and a non-positive limit are refused', () => {
  assert.deepEqual(codeJavascript.configSchema.parse({ code: 'return 1' }), { code: 'return 1', timeoutMs: 10_000 });
  assert.equal(codeJavascript.configSchema.safeParse({ code: '' }).success, false);
  assert.equal(codeJavascript.configSchema.safeParse({}).success, false);
  assert.equal(codeJavascript.configSchema.safeParse({ code: 'return 1', timeoutMs: 0 }).success, false);
});

test('defaults and example are valid configs that run', async () => {
  for (const config of [codeJavascript.defaults, codeJavascript.example]) {
    const { emit } = await runNode(codeJavascript, config, {
      input: { sku: 'A1', price: 2, quantity: 3 },
      vars: { CURRENCY: 'EUR' },
      services: { runCode: (request) => runner.run(request) },
    });
    assert.ok('out' in emit);
  }
});
