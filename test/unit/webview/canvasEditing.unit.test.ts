// The canvas' editing logic that needs no DOM: connection rules, clipboard fragments, shortcuts,
// auto-layout, palette search, the menu, and the node data cache that keeps re-renders few.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/extension/editor/documentView';
import { nodeCatalog } from '../../../src/extension/editor/catalog';
import type { WorkflowDocumentView } from '../../../src/protocol/view';
import { layoutPositions } from '../../../webview/canvas/autoLayout';
import { canvasMenuItems, type MenuActions } from '../../../webview/canvas/canvasMenu';
import { fragmentOf, fragmentOrigin, parseFragment } from '../../../webview/canvas/clipboard';
import { connectionGraph, connectionRefusal } from '../../../webview/canvas/connectionRules';
import { canvasCommandOf, isTextField } from '../../../webview/canvas/shortcuts';
import { NodeDataCache, toFlowEdges, toFlowNodes } from '../../../webview/flowMapping';
import { groupByCategory, searchCatalog } from '../../../webview/palette/catalogSearch';
import { sampleText } from '../editor/fixtures';

function sampleView(text = sampleText()): WorkflowDocumentView {
  const { view } = analyzeDocument(text, '/tmp/sample.workflow.json', 1);
  assert.equal(view.kind, 'workflow');
  return view as WorkflowDocumentView;
}

test('connection rules: self, unknown handles, into a trigger, duplicates and cycles are refused with a reason', () => {
  const view = sampleView();
  const graph = connectionGraph(view.nodes, view.edges);
  const c = (source: string, sourceHandle: string, target: string, targetHandle = 'in') => connectionRefusal(graph, { source, sourceHandle, target, targetHandle });
  assert.equal(c('check', 'false', 'log'), undefined);
  assert.match(c('log', 'out', 'log')!, /cannot be connected to itself/);
  assert.match(c('check', 'maybe', 'log')!, /no output "maybe"/);
  assert.match(c('log', 'out', 'start')!, /is a trigger/);
  assert.match(c('check', 'true', 'log')!, /already connected/);
  assert.match(c('log', 'out', 'check')!, /would create a cycle/);
  assert.match(c('check', 'true', 'log', 'other')!, /no input "other"/);
  assert.match(connectionRefusal(graph, { source: null, sourceHandle: null, target: 'log', targetHandle: 'in' })!, /Connect an output/);
});

test('clipboard: the selection as file-shaped JSON with inner edges only; what pastes and what does not', () => {
  const view = sampleView();
  const fragment = fragmentOf(view, new Set(['check', 'log']))!;
  assert.deepEqual(fragment.nodes.map((n) => n.id), ['check', 'log']);
  assert.deepEqual(fragment.edges.map((e) => e.id), ['e2']);
  assert.deepEqual(fragment.nodes[1], { id: 'log', type: 'util.log', name: 'Log', position: { x: 480, y: 0 }, config: { message: 'hi' }, notes: 'kept' });
  assert.equal(fragmentOf(view, new Set()), undefined);
  assert.deepEqual(fragmentOrigin(fragment), { x: 240, y: 0 });

  assert.deepEqual(parseFragment(JSON.stringify(fragment)), fragment);
  // a whole workflow file, an array of nodes, one node
  assert.equal(parseFragment(sampleText())?.nodes.length, 3);
  assert.equal(parseFragment(JSON.stringify([{ id: 'a', type: 'util.log' }]))?.nodes.length, 1);
  assert.equal(parseFragment(JSON.stringify({ id: 'a', type: 'util.log' }))?.nodes.length, 1);
  for (const text of ['hello', '{}', '[]', '42', '{"nodes": []}', '{"id": 1}']) assert.equal(parseFragment(text), undefined, text);
});

test('shortcuts: Ctrl (Cmd on macOS) chords, plain keys, Shift+1; nothing with Alt or in text fields', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean; code: string }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  assert.equal(canvasCommandOf(key('a', { ctrlKey: true }), false), 'selectAll');
  assert.equal(canvasCommandOf(key('a', { metaKey: true }), true), 'selectAll');
  assert.equal(canvasCommandOf(key('a', { metaKey: true }), false), undefined);
  assert.equal(canvasCommandOf(key('d', { ctrlKey: true }), false), 'duplicate');
  assert.equal(canvasCommandOf(key('d'), false), 'toggleDisabled');
  assert.equal(canvasCommandOf(key('D', { shiftKey: true }), false), undefined);
  assert.equal(canvasCommandOf(key('!', { shiftKey: true, code: 'Digit1' }), false), 'fitView');
  assert.equal(canvasCommandOf(key('S', { shiftKey: true }), false), 'addSticky');
  assert.equal(canvasCommandOf(key('L', { shiftKey: true }), false), 'autoLayout');
  assert.equal(canvasCommandOf(key('F10', { shiftKey: true }), false), 'contextMenu');
  assert.equal(canvasCommandOf(key('Backspace'), false), 'delete');
  assert.equal(canvasCommandOf(key('='), false), 'zoomIn');
  assert.equal(canvasCommandOf(key('-'), false), 'zoomOut');
  assert.equal(canvasCommandOf(key('n'), false), 'addNode');
  // copy / cut / paste are DOM clipboard events, never key commands; Ctrl+Shift chords are VS Code's
  assert.equal(canvasCommandOf(key('c', { ctrlKey: true }), false), undefined);
  assert.equal(canvasCommandOf(key('p', { ctrlKey: true, shiftKey: true }), false), undefined);
  assert.equal(canvasCommandOf(key('d', { altKey: true }), false), undefined);
  assert.equal(isTextField({ tagName: 'INPUT', isContentEditable: false } as unknown as EventTarget), true);
  assert.equal(isTextField({ tagName: 'DIV', isContentEditable: false } as unknown as EventTarget), false);
});

test('auto-layout: left to right by rank, the top-left corner kept, one position per moved node', () => {
  const nodes = [
    { id: 'a', x: 100, y: 100, width: 180, height: 40 },
    { id: 'b', x: 100, y: 300, width: 180, height: 40 },
    { id: 'c', x: 100, y: 500, width: 180, height: 40 },
    { id: 'd', x: 100, y: 700, width: 180, height: 40 },
  ];
  const edges = [
    { source: 'a', target: 'b' },
    { source: 'b', target: 'c' },
    { source: 'a', target: 'd' },
  ];
  const positions = layoutPositions(nodes, edges);
  const at = new Map(positions.map((p) => [p.id, p]));
  const x = (id: string) => at.get(id)?.x ?? nodes.find((n) => n.id === id)!.x;
  assert.ok(x('a') < x('b') && x('b') < x('c') && x('a') < x('d'));
  assert.equal(Math.min(...nodes.map((n) => x(n.id))), 100);
  assert.ok(positions.every((p) => Number.isInteger(p.x) && Number.isInteger(p.y)));
  const snapped = layoutPositions(nodes, edges, 20);
  assert.ok(snapped.every((p) => p.x % 20 === 0 && p.y % 20 === 0));
  // laying out a laid-out graph moves nothing
  const laid = nodes.map((n) => ({ ...n, x: x(n.id), y: at.get(n.id)?.y ?? n.y }));
  assert.deepEqual(layoutPositions(laid, edges), []);
});

test('palette search: every word must match; titles rank first; groups in palette order', () => {
  const catalog = nodeCatalog();
  assert.equal(searchCatalog(catalog, 'http')[0]?.type, 'http.request');
  assert.deepEqual(searchCatalog(catalog, 'write file').map((t) => t.type), ['file.write']);
  assert.equal(searchCatalog(catalog, '').length, catalog.length);
  assert.deepEqual(searchCatalog(catalog, 'zzzz'), []);
  const groups = groupByCategory(catalog);
  assert.equal(groups[0]?.title, 'Triggers');
  assert.equal(groups.reduce((n, g) => n + g.types.length, 0), catalog.length);
});

test('the menu enables what the selection allows', () => {
  const view = sampleView();
  const actions = Object.fromEntries(['addAfter', 'addNode', 'addSticky', 'cut', 'copy', 'paste', 'duplicate', 'toggleDisabled', 'remove', 'selectAll', 'autoLayout', 'fitView'].map((k) => [k, () => undefined])) as unknown as MenuActions;
  const enabled = (items: ReturnType<typeof canvasMenuItems>) => items.filter((i) => !i.disabled).map((i) => i.id);
  const empty = canvasMenuItems({ itemIds: [], edgeIds: [], nodeIds: [] }, view.nodes, actions);
  assert.deepEqual(enabled(empty), ['addNode', 'addSticky', 'paste', 'selectAll', 'autoLayout', 'fitView']);
  const onNode = canvasMenuItems({ itemIds: ['log'], edgeIds: [], nodeIds: ['log'] }, view.nodes, actions, view.nodes[2]);
  assert.equal(onNode[0]?.id, 'addAfter');
  assert.ok(['cut', 'copy', 'duplicate', 'toggleDisabled', 'delete'].every((id) => enabled(onNode).includes(id)));
  assert.equal(onNode.find((i) => i.id === 'toggleDisabled')?.label, 'Disable');
  const edgeOnly = canvasMenuItems({ itemIds: [], edgeIds: ['e1'], nodeIds: [] }, view.nodes, actions);
  assert.ok(enabled(edgeOnly).includes('delete') && !enabled(edgeOnly).includes('copy'));
  const disabledNodes = view.nodes.map((n) => ({ ...n, disabled: true }));
  assert.equal(canvasMenuItems({ itemIds: ['log'], edgeIds: [], nodeIds: ['log'] }, disabledNodes, actions).find((i) => i.id === 'toggleDisabled')?.label, 'Enable');
});

test('node data is reused across views while a node does not change (no re-render of every node per edit)', () => {
  const cache = new NodeDataCache();
  const before = sampleView();
  const first = toFlowNodes(before, new Set(['log']), cache);
  assert.equal(first.find((n) => n.id === 'log')?.selected, true);
  assert.equal(first.find((n) => n.id === 'log')?.ariaLabel, 'Log, Log');
  // a move of "check" and a rename of "log": only "log" gets new data
  const text = sampleText().replace('"x": 240', '"x": 260').replace('"name": "Log"', '"name": "Say"');
  const second = toFlowNodes(sampleView(text), new Set(), cache);
  const data = (list: typeof first, id: string) => list.find((n) => n.id === id)?.data;
  assert.equal(data(second, 'start'), data(first, 'start'));
  assert.equal(data(second, 'check'), data(first, 'check'));
  assert.notEqual(data(second, 'log'), data(first, 'log'));
  assert.equal(second.find((n) => n.id === 'check')?.position.x, 260);
  const edges = toFlowEdges(before, new Set());
  assert.ok(edges.every((e) => e.type === 'workflow'));
  assert.match(edges[0]?.ariaLabel ?? '', /^Connection from Start \(out\) to Check \(in\)$/);
});
