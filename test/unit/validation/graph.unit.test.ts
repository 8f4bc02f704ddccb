import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../../src/core/validation/validate';
import { codes, edge, node, only, positionOf, registeredType, workflowText } from './fixtures';

const start = () => node('start', 'trigger.manual', {}, { name: 'Start' });
const set = (id: string, name?: string) => node(id, 'data.set', { values: {} }, name ? { name } : {});

test('duplicate node ids: an error at each repeated id', () => {
  const text = workflowText([start(), set('a', 'First'), set('a', 'Second')], [edge('e1', 'start', 'a')]);
  const duplicate = only(validate(text, 'x'), 'DUPLICATE_NODE_ID');
  assert.equal(duplicate.message, 'node "Second" (a): id "a" is already used by node "First" (a)');
  assert.equal(duplicate.path, '/nodes/2/id');
  assert.equal(duplicate.line, positionOf(text, '"id": "a"', '"First"').line);
});

test('duplicate edge ids', () => {
  const text = workflowText([start(), set('a'), set('b')], [edge('e1', 'start', 'a'), edge('e1', 'a', 'b')]);
  const duplicate = only(validate(text, 'x'), 'DUPLICATE_EDGE_ID');
  assert.equal(duplicate.path, '/edges/1/id');
  assert.equal(duplicate.message, 'edge "e1": id is already used by edges[0]');
});

test('edges to and from missing nodes', () => {
  const text = workflowText([start(), set('a')], [edge('e1', 'start', 'a'), edge('e2', 'ghost', 'a'), edge('e3', 'a', 'nowhere')]);
  const missing = validate(text, 'x').filter((d) => d.code === 'EDGE_MISSING_NODE');
  assert.deepEqual(missing.map((d) => [d.path, d.message]), [
    ['/edges/1/source', 'edge "e2": source node "ghost" does not exist'],
    ['/edges/2/target', 'edge "e3": target node "nowhere" does not exist'],
  ]);
  assert.equal(missing[0].column, positionOf(text, '"ghost"').column);
});

test('edge handles must be declared by the node types (defaults out/in)', () => {
  const check = node('check', 'flow.if', { condition: '{{ true }}' }, { name: 'Check' });
  const text = workflowText(
    [start(), check, set('a'), set('b')],
    [edge('e1', 'start', 'check'), edge('e2', 'check', 'a', { sourceHandle: 'true' }), edge('e3', 'check', 'b'), edge('e4', 'a', 'b', { targetHandle: 'side' })],
  );
  const handles = validate(text, 'x').filter((d) => d.code === 'EDGE_MISSING_HANDLE');
  assert.deepEqual(handles.map((d) => d.message), [
    'edge "e3": node "Check" (check) has no output "out" (its outputs: "true", "false")',
    'edge "e4": node "B" (b) has no input "side" (its inputs: "in")',
  ]);
  // e3 has no sourceHandle key: the edge itself is shown; e4 points at its targetHandle
  assert.equal(handles[0].path, '/edges/2/sourceHandle');
  assert.equal(handles[0].line, positionOf(text, '{ "id": "e3"').line);
  assert.equal(handles[1].column, positionOf(text, '"side"').column);
});

test('onError "errorOutput" adds an "error" output handle', () => {
  const nodes = [start(), set('a'), set('b')];
  const edges = [edge('e1', 'start', 'a'), edge('e2', 'a', 'b', { sourceHandle: 'error' })];
  assert.deepEqual(codes(validate(workflowText(nodes, edges), 'x')), ['EDGE_MISSING_HANDLE']);
  nodes[1].onError = 'errorOutput';
  assert.deepEqual(validate(workflowText(nodes, edges), 'x'), []);
});

test('outputs that depend on the config (one handle per switch case)', (t) => {
  const dynamic = registeredType((d) => typeof d.outputs === 'function');
  if (!dynamic || dynamic.type !== 'flow.switch') return t.skip('flow.switch is not registered');
  const nodes = [start(), node('route', 'flow.switch', { value: '{{ status }}', cases: ['open', 'closed'] }), set('a'), set('b')];
  const ok = workflowText(nodes, [edge('e1', 'start', 'route'), edge('e2', 'route', 'a', { sourceHandle: 'open' }), edge('e3', 'route', 'b', { sourceHandle: 'default' })]);
  assert.deepEqual(validate(ok, 'x'), []);
  const bad = workflowText(nodes, [edge('e1', 'start', 'route'), edge('e2', 'route', 'a', { sourceHandle: 'pending' })]);
  assert.match(only(validate(bad, 'x'), 'EDGE_MISSING_HANDLE').message, /has no output "pending" \(its outputs: "open", "closed", "default"\)/);
});

test('an edge into a trigger is an error (and not also a handle error)', () => {
  const text = workflowText([start(), set('a')], [edge('e1', 'start', 'a'), edge('e2', 'a', 'start')]);
  const diagnostics = validate(text, 'x');
  const trigger = only(diagnostics, 'TRIGGER_HAS_INPUT');
  assert.equal(trigger.message, 'edge "e2": node "Start" (start) is a trigger and cannot have incoming edges');
  assert.equal(trigger.path, '/edges/1/target');
  assert.equal(trigger.nodeId, 'start');
  assert.ok(!diagnostics.some((d) => d.code === 'EDGE_MISSING_HANDLE'));
});

test('cycles are named by node names, in edge order', () => {
  const text = workflowText(
    [start(), set('a', 'A'), set('b', 'B'), set('c', 'C'), set('self', 'Self')],
    [edge('e1', 'start', 'a'), edge('e2', 'a', 'b'), edge('e3', 'b', 'c'), edge('e4', 'c', 'a'), edge('e5', 'start', 'self'), edge('e6', 'self', 'self')],
  );
  const cycles = validate(text, 'x').filter((d) => d.code === 'CYCLE');
  assert.deepEqual(cycles.map((d) => d.message).sort(), ['cycle: "A" → "B" → "C" → "A"', 'cycle: "Self" → "Self"']);
  const first = cycles.find((d) => d.nodeId === 'a')!;
  assert.equal(first.path, '/nodes/1');
  assert.deepEqual([first.line, first.column], [positionOf(text, '"id": "a"').line, positionOf(text, '"id": "a"').column + '"id": '.length]);
});

test('unreachable nodes are warnings when there is a trigger, and only then', () => {
  const nodes = [start(), set('a'), set('island', 'Island'), set('after', 'After island')];
  const edges = [edge('e1', 'start', 'a'), edge('e2', 'island', 'after')];
  const warnings = validate(workflowText(nodes, edges), 'x');
  assert.deepEqual(warnings.map((d) => [d.code, d.severity, d.nodeId]), [
    ['UNREACHABLE', 'warning', 'island'],
    ['UNREACHABLE', 'warning', 'after'],
  ]);
  assert.equal(warnings[0].message, 'node "Island" (island) is not reachable from any trigger, so it never runs');
  assert.deepEqual(validate(workflowText(nodes.slice(1), [edge('e2', 'island', 'after')]), 'x'), []);
  // a root of unknown type might be a trigger: it gets its own error, its successors no warning
  const unknownRoot = workflowText([start(), set('a'), node('later', 'trigger.someday'), set('b')], [edge('e1', 'start', 'a'), edge('e2', 'later', 'b')]);
  assert.deepEqual(codes(validate(unknownRoot, 'x')), ['UNKNOWN_NODE_TYPE']);
});

test('a node may not be both in a loop body and behind the loop\'s other outputs', (t) => {
  const loopType = registeredType((d) => d.bodyHandle !== undefined);
  if (!loopType) return t.skip('no registered type has a loop body');
  const body = loopType.bodyHandle!;
  const other = (typeof loopType.outputs === 'function' ? loopType.outputs(loopType.defaults) : loopType.outputs).map((p) => p.name).find((n) => n !== body)!;
  const loop = node('loop', loopType.type, loopType.defaults, { name: 'Loop' });
  const ok = workflowText([start(), loop, set('step'), set('next')], [edge('e1', 'start', 'loop'), edge('e2', 'loop', 'step', { sourceHandle: body }), edge('e3', 'loop', 'next', { sourceHandle: other })]);
  assert.deepEqual(validate(ok, 'x'), []);
  const merged = workflowText(
    [start(), loop, set('step', 'Step'), set('join', 'Join'), set('tail', 'Tail')],
    [edge('e1', 'start', 'loop'), edge('e2', 'loop', 'step', { sourceHandle: body }), edge('e3', 'step', 'join'), edge('e4', 'loop', 'join', { sourceHandle: other }), edge('e5', 'join', 'tail')],
  );
  const escape = only(validate(merged, 'x'), 'LOOP_BODY_ESCAPE');
  assert.equal(escape.nodeId, 'join');
  assert.equal(escape.severity, 'error');
  assert.equal(escape.message, `node "Join" (join) is in the loop body of node "Loop" (loop) (behind "${body}") and also behind its "${other}" output; a node cannot be both`);
});

test('a workflow without nodes is a warning at "nodes"', () => {
  const text = workflowText([]);
  const empty = only(validate(text, 'x'), 'EMPTY_WORKFLOW');
  assert.equal(empty.severity, 'warning');
  assert.equal(empty.line, positionOf(text, '[]').line);
});
