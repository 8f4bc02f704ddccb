import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { runWorkflow } from '../../../src/core/engine/engine';
import { createCodeRunner } from '../../../src/core/code/codeRunner';
import type { ExecutionEvent } from '../../../src/core/engine/events';
import type { Workflow, WorkflowEdge, WorkflowNode } from '../../../src/core/model/workflow';


const runner = createCodeRunner();
after(() => runner.dispose());

function node(id: string, type: string, config: Record<string, unknown>): WorkflowNode {
  return { id, type, name: id, position: { x: 0, y: 0 }, config };
}

function edge(source: string, target: string, sourceHandle?: string): WorkflowEdge {
  return { id: `${source}-${target}`, source, target, ...(sourceHandle ? { sourceHandle } : {}) };
}

function run(workflow: Workflow, input: unknown, listeners: ((event: ExecutionEvent) => void)[] = []) {
  return runWorkflow(workflow, { input, listeners, runCode: (request) => runner.run(request) });
}

test('code nodes in a workflow see the input, earlier outputs and variables, and log to the run', { timeout: 30_000 }, async () => {
  const events: ExecutionEvent[] = [];
  const workflow: Workflow = {
    formatVersion: 1,
    name: 'code',
    variables: { RATE: 2 },
    nodes: [
      node('price', 'code.javascript', { code: 'console.log(`pricing ${$input.sku}`);\nreturn { sku: $input.sku, total: $input.n * $vars.RATE };' }),
      node('label', 'code.javascript', { code: 'return `${$node.price.sku}: ${$input.total} ({{ not a template }})`;' }),
    ],
    edges: [edge('price', 'label')],
  };
  const result = await run(workflow, { sku: 'A1', n: 21 }, [(event) => events.push(event)]);
  assert.equal(result.status, 'success', JSON.stringify(result.error));
  assert.equal(result.output, 'A1: 42 ({{ not a template }})');
  const log = events.find((event) => event.type === 'log');
  assert.ok(log && log.type === 'log');
  assert.deepEqual([log.level, log.message, log.nodeId], ['info', 'pricing A1', 'price']);
});

test('inside a loop body, $node holds the outputs from before the loop too', { timeout: 30_000 }, async () => {
  const workflow: Workflow = {
    formatVersion: 1,
    name: 'loop',
    nodes: [
      node('setup', 'code.javascript', { code: 'return { factor: 10, items: [1, 2, 3] };' }),
      node('loop', 'flow.forEach', { items: '{{ items }}' }),
      node('scale', 'code.javascript', { code: 'return $input * $node.setup.factor;' }),
    ],
    edges: [edge('setup', 'loop'), edge('loop', 'scale', 'item')],
  };
  const result = await run(workflow, {});
  assert.equal(result.status, 'success', JSON.stringify(result.error));
  assert.deepEqual(result.output, [10, 20, 30]);
});

test('a failing code node fails the run with its code, field and line', { timeout: 30_000 }, async () => {
  const workflow: Workflow = { formatVersion: 1, name: 'fail', nodes: [node('bad', 'code.javascript', { code: 'const a = 1;\nthrow new Error("no price");' })], edges: [] };
  const result = await run(workflow, {});
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.code, 'CODE_ERROR');
  assert.equal(result.error?.field, 'code');
  assert.equal(result.error?.nodeId, 'bad');
  assert.match(result.error?.message ?? '', /no price \(line 2\)/);
});

test('an endless loop fails the node with TIMEOUT and the run ends', { timeout: 30_000 }, async () => {
  const workflow: Workflow = { formatVersion: 1, name: 'loop', nodes: [node('spin', 'code.javascript', { code: 'while (true) {}', timeoutMs: 200 })], edges: [] };
  const result = await run(workflow, {});
  assert.equal(result.status, 'failed');
  assert.equal(result.error?.code, 'TIMEOUT');
  assert.match(result.error?.message ?? '', /200 ms/);
});
