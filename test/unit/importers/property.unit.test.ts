import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { importWorkflow, importWorkflowValues, ImportError } from '../../../src/core/importers/index';
import { toId } from '../../../src/core/importers/ids';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import type { Workflow } from '../../../src/core/model/workflow';
import { assertWellFormed } from './support';

/** Ids as tools write them, including awkward ones: padded, numeric, colliding after trimming. */
const rawId = fc.oneof(
  fc.constantFrom('a', 'b', 'n-1', ' a', 'node 2', 'x'),
  fc.string({ minLength: 1, maxLength: 6 }).filter((s) => /\S/.test(s)),
  fc.integer({ min: 0, max: 20 }),
);
const coordinate = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const position = fc.oneof(fc.record({ x: coordinate, y: coordinate }), fc.constant(undefined), fc.constant('nowhere'));
const dataKey = fc.constantFrom('label', 'title', 'condition', 'field', 'operator', 'value', 'url', 'method', 'ms', 'duration', 'unit', 'code', 'message', 'nodeType', 'type', 'kind', 'disabled');
const data = fc.oneof(
  fc.dictionary(dataKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant(null),
);
const reactFlowType = fc.option(fc.constantFrom('default', 'input', 'group', 'custom', 'httpRequest', 'condition', 'if', 'delay', 'log', 'manualTrigger', 'flow.if', 'polymarket-stream', 'Some Type'), { nil: undefined });
const handle = fc.option(fc.constantFrom('true', 'false', 'yes', 'out', 'output-0', 'a'), { nil: null });

const reactFlowGraph = fc
  .array(fc.record({ id: fc.option(rawId, { nil: undefined }), type: reactFlowType, position, data, parent: fc.option(fc.nat(9), { nil: undefined }) }), { maxLength: 10 })
  .chain((nodes) => {
    const ids = nodes.flatMap((n) => (n.id === undefined ? [] : [n.id]));
    const end = ids.length > 0 ? fc.oneof(fc.constantFrom(...ids), rawId) : rawId;
    const edge = fc.record({ id: fc.option(rawId, { nil: undefined }), source: end, target: end, sourceHandle: handle, targetHandle: handle });
    return fc.record({ nodes: fc.constant(nodes), edges: fc.array(edge, { maxLength: 12 }) });
  })
  .map(({ nodes, edges }) => ({
    nodes: nodes.map(({ parent, ...node }) => {
      const parentId = parent === undefined ? undefined : nodes[parent]?.id;
      return typeof parentId === 'string' ? { ...node, parentId } : node;
    }),
    edges,
    viewport: { x: 0, y: 0, zoom: 1 },
  }));

const slot = fc.record({ name: fc.option(fc.constantFrom('model', 'clip', 'IMAGE', 'value', ''), { nil: undefined }) });
const liteGraph = fc
  .array(
    fc.record({
      id: fc.integer({ min: 1, max: 15 }),
      type: fc.constantFrom('KSampler', 'CLIPTextEncode', 'VAEDecode', 'basic/const', 'Reroute'),
      pos: fc.oneof(fc.tuple(coordinate, coordinate), fc.record({ 0: coordinate, 1: coordinate }), fc.constant(undefined)),
      title: fc.option(fc.constantFrom('Prompt', 'Prompt', 'Loader'), { nil: undefined }),
      mode: fc.constantFrom(0, 0, 2, 4),
      inputs: fc.array(slot, { maxLength: 3 }),
      outputs: fc.array(slot, { maxLength: 3 }),
      widgets_values: fc.option(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), { nil: undefined }),
    }),
    { maxLength: 10 },
  )
  .chain((nodes) => {
    const ids = nodes.map((n) => n.id);
    const end = ids.length > 0 ? fc.oneof(fc.constantFrom(...ids), fc.integer({ min: 1, max: 30 })) : fc.integer({ min: 1, max: 30 });
    const link = fc.tuple(fc.integer({ min: 1, max: 20 }), end, fc.nat(4), end, fc.nat(4), fc.constantFrom('MODEL', 'IMAGE', '*'));
    return fc.record({ nodes: fc.constant(nodes), links: fc.array(link, { maxLength: 12 }), groups: fc.constant([]) });
  });

/** Where each edge pointed in the input, for ids that name exactly one node (the others are ambiguous). */
function expectedEnds(nodeIds: readonly unknown[], ends: readonly [unknown, unknown][]): ([string, string] | undefined)[] {
  const counts = new Map<string, number>();
  for (const id of nodeIds) {
    const key = toId(id);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return ends.map(([source, target]) => {
    const s = toId(source);
    const t = toId(target);
    return s !== undefined && t !== undefined && counts.get(s) === 1 && counts.get(t) === 1 ? [s, t] : undefined;
  });
}

function assertKeepsGraph(workflow: Workflow, nodeCount: number, ends: ([string, string] | undefined)[]): void {
  assertWellFormed(workflow);
  assert.equal(workflow.nodes.length, nodeCount);
  assert.equal(workflow.edges.length, ends.length);
  ends.forEach((expected, index) => {
    if (expected) assert.deepEqual([workflow.edges[index]!.source, workflow.edges[index]!.target], expected);
  });
}

test('property: a React Flow import keeps every node and edge, and the result is a valid, stable file', () => {
  fc.assert(
    fc.property(reactFlowGraph, (graph) => {
      const text = JSON.stringify(graph);
      const { workflow, format } = importWorkflow(text);
      assert.equal(format, 'reactflow');
      const ends = expectedEnds(graph.nodes.map((n) => n.id), graph.edges.map((e) => [e.source, e.target]));
      assertKeepsGraph(workflow, graph.nodes.length, ends);
      assert.equal(serializeWorkflow(importWorkflow(text).workflow), serializeWorkflow(workflow));
    }),
    { numRuns: 300 },
  );
});

test('property: a LiteGraph import keeps every node and link, and the result is a valid, stable file', () => {
  fc.assert(
    fc.property(liteGraph, (graph) => {
      const text = JSON.stringify(graph);
      const { workflow, format } = importWorkflow(text);
      assert.equal(format, 'litegraph');
      const ends = expectedEnds(graph.nodes.map((n) => n.id), graph.links.map((l) => [l[1], l[3]]));
      assertKeepsGraph(workflow, graph.nodes.length, ends);
      assert.equal(serializeWorkflow(importWorkflow(text).workflow), serializeWorkflow(workflow));
    }),
    { numRuns: 300 },
  );
});

/** Shapes close to the formats, filled with arbitrary JSON, so that readers get past detection. */
const anyJson = fc.jsonValue({ maxDepth: 3 });
const n8nLike = fc.record({
  name: fc.option(anyJson, { nil: undefined }),
  nodes: fc.array(
    fc.oneof(
      anyJson,
      fc.record({
        name: fc.oneof(fc.constantFrom('A', 'B', 'If'), fc.string()),
        type: fc.constantFrom('n8n-nodes-base.if', 'n8n-nodes-base.set', 'n8n-nodes-base.switch', 'n8n-nodes-base.httpRequest', 'n8n-nodes-base.code', 'n8n-nodes-base.webhook', 'n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.merge', 'n8n-nodes-base.splitInBatches', 'n8n-nodes-base.stickyNote', 'x'),
        typeVersion: fc.oneof(fc.constantFrom(1, 2, 3, 3.4, 4.2), anyJson),
        position: fc.oneof(fc.tuple(fc.integer(), fc.integer()), anyJson),
        parameters: fc.oneof(fc.dictionary(fc.constantFrom('conditions', 'rules', 'assignments', 'url', 'jsCode', 'mode', 'path', 'rule', 'values', 'options'), anyJson), anyJson),
        credentials: fc.option(anyJson, { nil: undefined }),
      }),
    ),
    { maxLength: 6 },
  ),
  connections: fc.oneof(fc.dictionary(fc.constantFrom('A', 'B', 'If'), fc.record({ main: fc.array(fc.array(fc.oneof(anyJson, fc.record({ node: fc.constantFrom('A', 'B', 'If', 'Z'), index: fc.nat(3) })))) })), anyJson),
});
const nodeRedLike = fc.array(
  fc.oneof(
    fc.record({ id: fc.constantFrom('t1', 't2'), type: fc.constant('tab'), label: anyJson }),
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      type: fc.constantFrom('inject', 'function', 'switch', 'change', 'template', 'delay', 'debug', 'comment', 'link in', 'link out', 'link call', 'http in', 'http response', 'group', 'junction', 'mqtt out'),
      z: fc.constantFrom('t1', 't2', 'zz'),
      x: fc.integer(),
      y: fc.integer(),
      wires: fc.oneof(fc.array(fc.array(fc.string({ maxLength: 4 }))), anyJson),
      links: fc.option(anyJson, { nil: undefined }),
      rules: fc.option(anyJson, { nil: undefined }),
      props: fc.option(anyJson, { nil: undefined }),
      func: fc.option(anyJson, { nil: undefined }),
    }),
  ),
  { minLength: 1, maxLength: 8 },
);

/** Importing either gives a valid workflow or refuses with an ImportError that says why; nothing else. */
function importsOrRefuses(value: unknown): void {
  try {
    for (const result of importWorkflowValues(value)) assertWellFormed(result.workflow);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    assert.ok(error.message.length > 0);
  }
}

test('property: importing never throws on arbitrary JSON; it imports or refuses with a message', () => {
  fc.assert(fc.property(anyJson, importsOrRefuses), { numRuns: 500 });
  fc.assert(fc.property(n8nLike, importsOrRefuses), { numRuns: 400 });
  fc.assert(fc.property(nodeRedLike, importsOrRefuses), { numRuns: 400 });
  fc.assert(fc.property(fc.string(), (text) => {
    try {
      importWorkflow(text);
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
    }
  }), { numRuns: 300 });
});
