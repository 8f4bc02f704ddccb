/**
 * Copy and paste as workflow JSON: the clipboard holds `{ nodes, edges, stickyNotes }` in the
 * file's own shapes, so nodes move between workflow files and into a text editor, and a part of
 * a workflow file copied from a text editor pastes onto the canvas. The host checks what is
 * pasted against the file format (insertFragment).
 */
import type { Fragment } from '../../src/protocol/messages';
import type { EdgeView, NodeView, StickyView, WorkflowDocumentView } from '../../src/protocol/view';

type Json = Record<string, unknown>;

/** A node as the file writes it (key order of the file format, optional keys only when set). */
function fileNode(node: NodeView): Json {
  const out: Json = { id: node.id, type: node.type, name: node.name, position: { x: node.position.x, y: node.position.y }, config: node.config };
  if (node.disabled) out.disabled = true;
  if (node.notes !== undefined) out.notes = node.notes;
  if (node.retry !== undefined) out.retry = node.retry;
  if (node.timeoutMs !== undefined) out.timeoutMs = node.timeoutMs;
  if (node.onError !== undefined) out.onError = node.onError;
  return out;
}

function fileEdge(edge: EdgeView): Json {
  return { id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle, target: edge.target, targetHandle: edge.targetHandle };
}

function fileSticky(sticky: StickyView): Json {
  const out: Json = { id: sticky.id, text: sticky.text, position: { x: sticky.position.x, y: sticky.position.y }, width: sticky.width, height: sticky.height };
  if (sticky.color !== undefined) out.color = sticky.color;
  return out;
}

/** The selected items with the edges between selected nodes; undefined when nothing is selected. */
export function fragmentOf(view: WorkflowDocumentView, selectedIds: ReadonlySet<string>): Fragment | undefined {
  const nodes = view.nodes.filter((n) => selectedIds.has(n.id));
  const stickies = view.stickies.filter((s) => selectedIds.has(s.id));
  if (nodes.length === 0 && stickies.length === 0) return undefined;
  const ids = new Set(nodes.map((n) => n.id));
  const edges = view.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { nodes: nodes.map(fileNode), edges: edges.map(fileEdge), stickyNotes: stickies.map(fileSticky) };
}

/** The clipboard text of a fragment: readable JSON, as a workflow file would write it. */
export function fragmentText(fragment: Fragment): string {
  return JSON.stringify(fragment, null, 2) + '\n';
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/**
 * Reads pasted text as a fragment: a copied fragment, a whole workflow file, an array of nodes
 * or a single node. Undefined when the text is no such JSON.
 */
export function parseFragment(text: string): Fragment | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) {
    const nodes = objects(value);
    return nodes.length > 0 ? { nodes, edges: [], stickyNotes: [] } : undefined;
  }
  if (!isObject(value)) return undefined;
  if (Array.isArray(value.nodes) || Array.isArray(value.stickyNotes)) {
    const fragment = { nodes: objects(value.nodes), edges: objects(value.edges), stickyNotes: objects(value.stickyNotes) };
    return fragment.nodes.length + fragment.stickyNotes.length > 0 ? fragment : undefined;
  }
  if (typeof value.id === 'string' && typeof value.type === 'string') return { nodes: [value], edges: [], stickyNotes: [] };
  return undefined;
}

/** Top-left corner of what a fragment holds (to place it where the user pastes). */
export function fragmentOrigin(fragment: Fragment): { x: number; y: number } {
  let x = Infinity;
  let y = Infinity;
  for (const item of [...fragment.nodes, ...fragment.stickyNotes]) {
    const position = isObject(item.position) ? item.position : undefined;
    if (typeof position?.x === 'number') x = Math.min(x, position.x);
    if (typeof position?.y === 'number') y = Math.min(y, position.y);
  }
  return { x: Number.isFinite(x) ? x : 0, y: Number.isFinite(y) ? y : 0 };
}
