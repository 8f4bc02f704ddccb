import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEditIntent } from '../../../src/extension/editor/edits/applyEdit';
import { newEdgeId, typeIdStem, uniqueId, uniqueName } from '../../../src/extension/editor/edits/freshNames';
import { nodeCatalog } from '../../../src/extension/editor/catalog';
import { getNodeDefinition } from '../../../src/core/nodes/registry';
import { sampleWorkflow } from './fixtures';

test('moveNodes moves only the named nodes and leaves the input untouched', () => {
  const before = sampleWorkflow();
  const result = applyEditIntent(before, { type: 'moveNodes', positions: [{ id: 'check', x: 300.4, y: 50 }] });
  assert.ok(result.ok);
  assert.deepEqual(result.workflow.nodes[1]?.position, { x: 300.4, y: 50 });
  assert.deepEqual(result.workflow.nodes[0], before.nodes[0]);
  assert.deepEqual(before.nodes[1]?.position, { x: 240, y: 0 });
});

test('moveNodes of an unknown node is refused (stale canvas)', () => {
  const result = applyEditIntent(sampleWorkflow(), { type: 'moveNodes', positions: [{ id: 'gone', x: 1, y: 1 }] });
  assert.deepEqual(result, { ok: false, error: 'no node with id "gone" in the document' });
});

test('removeElements removes nodes with their edges, and edges; unknown ids are ignored', () => {
  const result = applyEditIntent(sampleWorkflow(), { type: 'removeElements', nodeIds: ['log', 'nope'], edgeIds: ['e1'] });
  assert.ok(result.ok);
  assert.deepEqual(result.workflow.nodes.map((n) => n.id), ['start', 'check']);
  assert.deepEqual(result.workflow.edges, []);
});

test('connect adds an edge with a readable unique id; connecting twice changes nothing', () => {
  const w = sampleWorkflow();
  const first = applyEditIntent(w, { type: 'connect', source: 'check', sourceHandle: 'false', target: 'log', targetHandle: 'in' });
  assert.ok(first.ok);
  assert.deepEqual(first.workflow.edges[2], { id: 'check-log', source: 'check', sourceHandle: 'false', target: 'log', targetHandle: 'in' });
  const again = applyEditIntent(first.workflow, { type: 'connect', source: 'check', sourceHandle: 'false', target: 'log', targetHandle: 'in' });
  assert.ok(again.ok);
  assert.equal(again.workflow, first.workflow);
  assert.equal(newEdgeId(first.workflow, 'check', 'log'), 'check-log-2');
});

test('connect refuses self-loops and unknown nodes', () => {
  assert.equal(applyEditIntent(sampleWorkflow(), { type: 'connect', source: 'log', sourceHandle: 'out', target: 'log', targetHandle: 'in' }).ok, false);
  assert.equal(applyEditIntent(sampleWorkflow(), { type: 'connect', source: 'x', sourceHandle: 'out', target: 'log', targetHandle: 'in' }).ok, false);
});

test('updateNode changes name, config and disabled; enabling removes the key; other keys stay', () => {
  const disabled = applyEditIntent(sampleWorkflow(), { type: 'updateNode', id: 'log', changes: { name: 'Say', config: { message: 'yo' }, disabled: true } });
  assert.ok(disabled.ok);
  assert.deepEqual(disabled.workflow.nodes[2], { id: 'log', type: 'util.log', name: 'Say', position: { x: 480, y: 0 }, config: { message: 'yo' }, notes: 'kept', disabled: true });
  const enabled = applyEditIntent(disabled.workflow, { type: 'updateNode', id: 'log', changes: { disabled: false } });
  assert.ok(enabled.ok);
  assert.equal('disabled' in (enabled.workflow.nodes[2] ?? {}), false);
});

test('updateNode refuses a name another node has, and unknown nodes', () => {
  assert.equal(applyEditIntent(sampleWorkflow(), { type: 'updateNode', id: 'log', changes: { name: 'Start' } }).ok, false);
  assert.equal(applyEditIntent(sampleWorkflow(), { type: 'updateNode', id: 'zz', changes: {} }).ok, false);
});

// ---- intents of the canvas editing issue ----

const catalog = nodeCatalog();

test('addNode: readable unique id and name, default config, created id', () => {
  const first = applyEditIntent(sampleWorkflow(), { type: 'addNode', nodeType: 'util.log', position: { x: 10, y: 20 } }, { catalog });
  assert.ok(first.ok);
  const added = first.workflow.nodes.at(-1);
  // the sample already has a node named "Log"
  assert.deepEqual(added, { id: 'log-1', type: 'util.log', name: 'Log 2', position: { x: 10, y: 20 }, config: structuredClone(getNodeDefinition('util.log')!.defaults) });
  assert.deepEqual(first.created, ['log-1']);
  const second = applyEditIntent(first.workflow, { type: 'addNode', nodeType: 'util.log', position: { x: 0, y: 0 } }, { catalog });
  assert.ok(second.ok);
  assert.deepEqual([second.workflow.nodes.at(-1)?.id, second.workflow.nodes.at(-1)?.name], ['log-2', 'Log 3']);
  const http = applyEditIntent(sampleWorkflow(), { type: 'addNode', nodeType: 'http.request', position: { x: 0, y: 0 } }, { catalog });
  assert.ok(http.ok);
  assert.deepEqual([http.workflow.nodes.at(-1)?.id, http.workflow.nodes.at(-1)?.name], ['request-1', 'HTTP Request']);
  assert.equal(typeIdStem('flow.forEach'), 'for-each');
});

test('addNode: ids avoid sticky notes too; the default config is a copy', () => {
  const w = { ...sampleWorkflow(), stickyNotes: [{ id: 'log-1', text: '', position: { x: 0, y: 0 } }] };
  const result = applyEditIntent(w, { type: 'addNode', nodeType: 'util.log', position: { x: 0, y: 0 } }, { catalog });
  assert.ok(result.ok);
  assert.equal(result.workflow.nodes.at(-1)?.id, 'log-2');
  const defaults = catalog.find((t) => t.type === 'http.request')!.defaults;
  const http = applyEditIntent(w, { type: 'addNode', nodeType: 'http.request', position: { x: 0, y: 0 } }, { catalog });
  assert.ok(http.ok);
  assert.notEqual(http.workflow.nodes.at(-1)?.config, defaults);
});

test('addNode with connectFrom wires an output to the new input, or the new output to an input', () => {
  const after = applyEditIntent(
    sampleWorkflow(),
    { type: 'addNode', nodeType: 'data.set', position: { x: 700, y: 0 }, connectFrom: { nodeId: 'check', handle: 'false', side: 'source' } },
    { catalog },
  );
  assert.ok(after.ok);
  assert.deepEqual(after.workflow.edges.at(-1), { id: 'check-set-1', source: 'check', sourceHandle: 'false', target: 'set-1', targetHandle: 'in' });
  assert.deepEqual(after.created, ['set-1', 'check-set-1']);
  const before = applyEditIntent(
    sampleWorkflow(),
    { type: 'addNode', nodeType: 'data.set', position: { x: 0, y: 0 }, connectFrom: { nodeId: 'log', handle: 'in', side: 'target' } },
    { catalog },
  );
  assert.ok(before.ok);
  assert.deepEqual(before.workflow.edges.at(-1), { id: 'set-1-log', source: 'set-1', sourceHandle: 'out', target: 'log', targetHandle: 'in' });
});

test('addNode refuses unknown types, unknown nodes to connect, and inputs into a trigger', () => {
  assert.deepEqual(applyEditIntent(sampleWorkflow(), { type: 'addNode', nodeType: 'no.such', position: { x: 0, y: 0 } }, { catalog }), { ok: false, error: 'unknown node type "no.such"' });
  const gone = applyEditIntent(sampleWorkflow(), { type: 'addNode', nodeType: 'util.log', position: { x: 0, y: 0 }, connectFrom: { nodeId: 'zz', handle: 'out', side: 'source' } }, { catalog });
  assert.equal(gone.ok, false);
  const trigger = applyEditIntent(sampleWorkflow(), { type: 'addNode', nodeType: 'trigger.manual', position: { x: 0, y: 0 }, connectFrom: { nodeId: 'log', handle: 'out', side: 'source' } }, { catalog });
  assert.ok(!trigger.ok && /no input/.test(trigger.error));
});

test('insertFragment: renames colliding ids and names, keeps inner edges only, applies the offset', () => {
  const w = sampleWorkflow();
  const fragment = {
    nodes: [structuredClone(w.nodes[1]!), structuredClone(w.nodes[2]!)],
    edges: [structuredClone(w.edges[0]!), structuredClone(w.edges[1]!)],
    stickyNotes: [{ id: 'note-1', text: 'hello', position: { x: 5, y: 5 } }],
  };
  const result = applyEditIntent(w, { type: 'insertFragment', fragment, offset: { x: 40, y: 40 } });
  assert.ok(result.ok);
  const added = result.workflow.nodes.slice(3);
  assert.deepEqual(added.map((n) => [n.id, n.name, n.position.x, n.position.y]), [
    ['check-1', 'Check 2', 280, 40],
    ['log-1', 'Log 2', 520, 40],
  ]);
  assert.equal(added[1]?.notes, 'kept');
  // e1 comes from "start", which was not copied; e2 joins the two copies under a fresh id
  assert.deepEqual(result.workflow.edges.slice(2), [{ id: 'check-1-log-1', source: 'check-1', sourceHandle: 'true', target: 'log-1', targetHandle: 'in' }]);
  assert.deepEqual(result.workflow.stickyNotes, [{ id: 'note-1', text: 'hello', position: { x: 45, y: 45 } }]);
  assert.deepEqual(result.created, ['check-1', 'log-1', 'note-1', 'check-1-log-1']);
  // pasting twice numbers on
  const again = applyEditIntent(result.workflow, { type: 'insertFragment', fragment, offset: { x: 80, y: 80 } });
  assert.ok(again.ok);
  assert.deepEqual(again.workflow.nodes.slice(5).map((n) => [n.id, n.name]), [['check-2', 'Check 3'], ['log-2', 'Log 3']]);
  assert.equal(again.workflow.stickyNotes?.[1]?.id, 'note-2');
});

test('insertFragment keeps free ids as they are (nodes moving between files)', () => {
  const fragment = { nodes: [{ id: 'fetch', type: 'http.request', name: 'Fetch', position: { x: 0, y: 0 }, config: { url: 'https://x.test' } }], edges: [], stickyNotes: [] };
  const result = applyEditIntent(sampleWorkflow(), { type: 'insertFragment', fragment, offset: { x: 0, y: 0 } });
  assert.ok(result.ok);
  assert.deepEqual(result.workflow.nodes.at(-1), fragment.nodes[0]);
  assert.equal(result.workflow.stickyNotes, undefined);
});

test('insertFragment refuses a malformed item naming it and the field, and an empty paste', () => {
  const bad = applyEditIntent(sampleWorkflow(), {
    type: 'insertFragment',
    fragment: { nodes: [{ id: 'a', type: 'util.log', name: 'A', position: { x: 'left', y: 0 }, config: {} }], edges: [], stickyNotes: [] },
    offset: { x: 0, y: 0 },
  });
  assert.deepEqual(bad, { ok: false, error: 'Cannot paste: node "A" (a): position.x must be a number, not a string' });
  const extra = applyEditIntent(sampleWorkflow(), {
    type: 'insertFragment',
    fragment: { nodes: [{ id: 'a', type: 'util.log', name: 'A', position: { x: 0, y: 0 }, config: {}, color: 'red' }], edges: [], stickyNotes: [] },
    offset: { x: 0, y: 0 },
  });
  assert.ok(!extra.ok && extra.error.includes('unknown property "color"'), JSON.stringify(extra));
  const empty = applyEditIntent(sampleWorkflow(), { type: 'insertFragment', fragment: { nodes: [], edges: [], stickyNotes: [] }, offset: { x: 0, y: 0 } });
  assert.ok(!empty.ok && /Nothing to paste/.test(empty.error));
});

test('setDisabled disables and enables several nodes; unknown ids refuse', () => {
  const off = applyEditIntent(sampleWorkflow(), { type: 'setDisabled', nodeIds: ['check', 'log'], disabled: true });
  assert.ok(off.ok);
  assert.deepEqual(off.workflow.nodes.map((n) => n.disabled), [undefined, true, true]);
  const on = applyEditIntent(off.workflow, { type: 'setDisabled', nodeIds: ['log'], disabled: false });
  assert.ok(on.ok);
  assert.equal('disabled' in on.workflow.nodes[2]!, false);
  assert.equal(applyEditIntent(sampleWorkflow(), { type: 'setDisabled', nodeIds: ['nope'], disabled: true }).ok, false);
});

test('sticky notes: add, update, move, remove; no empty stickyNotes key is left behind', () => {
  const added = applyEditIntent(sampleWorkflow(), { type: 'addSticky', position: { x: 1, y: 2 }, text: 'Remember' });
  assert.ok(added.ok);
  assert.deepEqual(added.workflow.stickyNotes, [{ id: 'note-1', text: 'Remember', position: { x: 1, y: 2 } }]);
  assert.deepEqual(added.created, ['note-1']);
  const updated = applyEditIntent(added.workflow, { type: 'updateSticky', id: 'note-1', text: 'Done', width: 300, height: 90, color: 'blue', position: { x: -10, y: 2 } });
  assert.ok(updated.ok);
  assert.deepEqual(updated.workflow.stickyNotes, [{ id: 'note-1', text: 'Done', position: { x: -10, y: 2 }, width: 300, height: 90, color: 'blue' }]);
  const plain = applyEditIntent(updated.workflow, { type: 'updateSticky', id: 'note-1', color: null });
  assert.ok(plain.ok);
  assert.equal('color' in plain.workflow.stickyNotes![0]!, false);
  const moved = applyEditIntent(plain.workflow, { type: 'moveNodes', positions: [{ id: 'note-1', x: 50, y: 60 }, { id: 'log', x: 1, y: 1 }] });
  assert.ok(moved.ok);
  assert.deepEqual(moved.workflow.stickyNotes![0]!.position, { x: 50, y: 60 });
  assert.deepEqual(moved.workflow.nodes[2]!.position, { x: 1, y: 1 });
  const removed = applyEditIntent(moved.workflow, { type: 'removeElements', nodeIds: ['note-1'], edgeIds: [] });
  assert.ok(removed.ok);
  assert.equal('stickyNotes' in removed.workflow, false);
  assert.equal(removed.workflow.nodes.length, 3);
  assert.equal(applyEditIntent(sampleWorkflow(), { type: 'updateSticky', id: 'x', text: '' }).ok, false);
});

test('updateNode: notes, retry, onError and timeoutMs are set, and removed by null', () => {
  const set = applyEditIntent(sampleWorkflow(), {
    type: 'updateNode',
    id: 'check',
    changes: { notes: 'why', retry: { maxAttempts: 3 }, onError: 'continue', timeoutMs: 500 },
  });
  assert.ok(set.ok);
  assert.deepEqual(set.workflow.nodes[1], { ...sampleWorkflow().nodes[1], notes: 'why', retry: { maxAttempts: 3 }, onError: 'continue', timeoutMs: 500 });
  const cleared = applyEditIntent(set.workflow, { type: 'updateNode', id: 'check', changes: { notes: null, retry: null, onError: null, timeoutMs: null } });
  assert.ok(cleared.ok);
  assert.deepEqual(cleared.workflow.nodes[1], sampleWorkflow().nodes[1]);
});

test('uniqueName and uniqueId', () => {
  assert.equal(uniqueName(new Set(['Log', 'Log 2']), 'Log'), 'Log 3');
  assert.equal(uniqueName(new Set(['Log 2']), 'Log 2'), 'Log 3');
  assert.equal(uniqueName(new Set(), 'Log'), 'Log');
  assert.equal(uniqueId(new Set(['a-1']), 'a'), 'a-2');
});
