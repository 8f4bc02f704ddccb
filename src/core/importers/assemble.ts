/**
 * Turns a draft read from any foreign format into a valid Workflow: unique ids and names,
 * integer positions, handles fitted to our node types, and a warning for each repair. Nodes and
 * edges are never dropped: an edge whose end does not exist is kept for the validator to report.
 */
import { FORMAT_VERSION, type StickyNote, type Workflow, type WorkflowEdge, type WorkflowNode } from '../model/workflow';
import type { DraftEdge, DraftNode, DraftStickyNote, DraftWorkflow } from './draft';
import { addEntryTrigger } from './entryTrigger';
import { fitHandle, portsOf } from './handles';
import { IdAllocator, toId } from './ids';

/** Where nodes without a usable position go: a grid, so they do not pile up on one spot. */
const GRID = { columns: 8, width: 250, height: 150 } as const;

function gridPosition(index: number): { x: number; y: number } {
  return { x: (index % GRID.columns) * GRID.width, y: Math.floor(index / GRID.columns) * GRID.height };
}

/**
 * Node ids: the source's where usable and unique. Made-up ids also avoid every id an edge
 * names, so that an edge to a missing node does not get attached to a node that had no id.
 */
function nodeIds(nodes: readonly DraftNode[], edges: readonly DraftEdge[], warnings: string[]): string[] {
  const ids = new IdAllocator();
  ids.reserve(nodes.flatMap((node) => toId(node.rawId) ?? []));
  ids.reserve(edges.flatMap((edge) => [toId(edge.source) ?? [], toId(edge.target) ?? []].flat()));
  return nodes.map((node, index) => {
    const wanted = toId(node.rawId);
    if (wanted !== undefined && ids.claimExact(wanted)) return wanted;
    const id = ids.claimFresh(wanted ?? `node-${index + 1}`);
    if (wanted === undefined) warnings.push(`${node.where}: no usable id; it was given "${id}"`);
    else warnings.push(`${node.where}: id "${wanted}" is used twice; this node became "${id}" (edges to "${wanted}" go to the first one)`);
    return id;
  });
}

/** Names unique in the file: a repeat becomes "Name 2", "Name 3", … never taking a name another node has. */
function nodeNames(nodes: readonly DraftNode[], warnings: string[]): string[] {
  const wanted = nodes.map((node) => node.label ?? node.type);
  const taken = new Set(wanted);
  const used = new Set<string>();
  return nodes.map((node, index) => {
    const base = wanted[index]!;
    let name = base;
    if (used.has(name)) {
      let n = 2;
      while (used.has(`${base} ${n}`) || taken.has(`${base} ${n}`)) n++;
      name = `${base} ${n}`;
    }
    used.add(name);
    // A name from the type is ours to number; only a name the author chose is worth a warning.
    if (name !== base && node.label !== undefined) warnings.push(`${node.where}: the name "${base}" is used twice; this node is now "${name}"`);
    return name;
  });
}

function buildNode(draft: DraftNode, id: string, name: string, index: number, warnings: string[]): WorkflowNode {
  let position = draft.position;
  if (!position) {
    position = gridPosition(index);
    warnings.push(`${draft.where}: no usable position; placed at (${position.x}, ${position.y})`);
  }
  const node: WorkflowNode = {
    id,
    type: draft.type,
    name,
    position: { x: Math.round(position.x) + 0, y: Math.round(position.y) + 0 },
    config: draft.config,
  };
  if (draft.disabled) node.disabled = true;
  if (draft.notes !== undefined) node.notes = draft.notes;
  if (draft.retry !== undefined) node.retry = draft.retry;
  if (draft.onError !== undefined) node.onError = draft.onError;
  return node;
}

function buildEdge(draft: DraftEdge, ids: IdAllocator, byId: ReadonlyMap<string, WorkflowNode>, warnings: string[]): WorkflowEdge {
  // The reader's schema only lets usable references through, so toId cannot fail here.
  const source = toId(draft.source) ?? String(draft.source);
  const target = toId(draft.target) ?? String(draft.target);
  const wanted = toId(draft.rawId);
  const id = wanted !== undefined && ids.claimExact(wanted) ? wanted : ids.claimFresh(wanted ?? `e-${source}-${target}`);
  if (wanted === undefined) warnings.push(`${draft.where}: no usable id; it was given "${id}"`);
  else if (id !== wanted) warnings.push(`${draft.where}: edge id "${wanted}" is used twice; this edge became "${id}"`);
  const edge: WorkflowEdge = { id, source, target };
  for (const [side, end] of [['source', source], ['target', target]] as const) {
    const node = byId.get(end);
    const handleKey = side === 'source' ? 'sourceHandle' : 'targetHandle';
    const handle = draft[handleKey];
    if (!node) {
      warnings.push(`${draft.where}: edge "${id}" ${side === 'source' ? 'leaves' : 'enters'} "${end}", which is not a node; it was kept for the validator to report`);
      if (handle !== undefined) edge[handleKey] = handle;
      continue;
    }
    const ports = portsOf(node, side);
    const fitted = ports ? fitHandle(handle, ports, side) : { handle };
    if (fitted.problem) warnings.push(`${draft.where}: edge "${id}" at ${node.type} "${node.name}": ${fitted.problem}`);
    if (fitted.handle !== undefined) edge[handleKey] = fitted.handle;
  }
  return edge;
}

/** Sticky notes with ids unique among nodes and notes; a note without a position goes below the nodes' grid. */
function buildStickyNotes(drafts: readonly DraftStickyNote[], ids: IdAllocator, warnings: string[]): StickyNote[] {
  ids.reserve(drafts.flatMap((note) => toId(note.rawId) ?? []));
  return drafts.map((draft, index) => {
    const wanted = toId(draft.rawId);
    const id = wanted !== undefined && ids.claimExact(wanted) ? wanted : ids.claimFresh(wanted ?? `note-${index + 1}`);
    if (wanted !== undefined && id !== wanted) warnings.push(`${draft.where}: id "${wanted}" is taken; the sticky note became "${id}"`);
    const position = draft.position ?? { x: index * GRID.width, y: -2 * GRID.height };
    const note: StickyNote = { id, text: draft.text, position: { x: Math.round(position.x) + 0, y: Math.round(position.y) + 0 } };
    if (draft.width !== undefined && draft.width >= 1) note.width = Math.round(draft.width);
    if (draft.height !== undefined && draft.height >= 1) note.height = Math.round(draft.height);
    if (draft.color !== undefined) note.color = draft.color;
    return note;
  });
}

/** Builds the workflow named `name` from `draft`, appending a warning for every repair to `warnings`. */
export function assembleWorkflow(draft: DraftWorkflow, name: string, warnings: string[]): Workflow {
  const ids = nodeIds(draft.nodes, draft.edges, warnings);
  const names = nodeNames(draft.nodes, warnings);
  const nodes = draft.nodes.map((node, index) => buildNode(node, ids[index]!, names[index]!, index, warnings));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const edgeIds = new IdAllocator();
  edgeIds.reserve(draft.edges.flatMap((edge) => toId(edge.rawId) ?? []));
  const edges = draft.edges.map((edge) => buildEdge(edge, edgeIds, byId, warnings));
  const workflow: Workflow = {
    formatVersion: FORMAT_VERSION,
    name,
    ...(draft.description !== undefined ? { description: draft.description } : {}),
    ...(draft.tags !== undefined ? { tags: draft.tags } : {}),
    ...(draft.variables !== undefined ? { variables: draft.variables } : {}),
    ...(draft.settings !== undefined ? { settings: draft.settings } : {}),
    nodes,
    edges,
  };
  if (draft.stickyNotes && draft.stickyNotes.length > 0) {
    const noteIds = new IdAllocator();
    noteIds.reserve(nodes.map((node) => node.id));
    for (const node of nodes) noteIds.claimExact(node.id);
    workflow.stickyNotes = buildStickyNotes(draft.stickyNotes, noteIds, warnings);
  }
  if (draft.entryTrigger) addEntryTrigger(workflow, draft.entryTrigger, edgeIds, warnings);
  return workflow;
}
