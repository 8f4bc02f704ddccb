/**
 * Checks of the graph as a whole: ids, edge ends and handles, triggers, cycles, reachability
 * and loop bodies. They run on the forgiving view of the file, so they work even while other
 * parts of it are still wrong.
 */
import { buildGraph, findCycles, reachableFrom, type WorkflowGraph } from '../graph/graph';
import { outputsOf } from '../nodes/definition';
import type { EdgeEntry, NodeEntry, WorkflowEntries } from './entries';
import type { Reporter } from './reporter';

/** The extra output of a node whose `onError` is `errorOutput`. */
export const ERROR_HANDLE = 'error';

/** Reports every graph-level problem of the workflow. */
export function checkGraph(entries: WorkflowEntries, reporter: Reporter): void {
  const byId = checkDuplicateIds(entries, reporter);
  const handles = new HandleIndex();
  for (const edge of entries.edges) checkEdge(edge, byId, handles, reporter);
  const graph = buildGraph({ nodes: entries.nodes.map((e) => e.node), edges: entries.edges.map((e) => e.edge) });
  checkCycles(graph, byId, reporter);
  checkReachability(graph, byId, reporter);
  checkLoopBodies(graph, byId, handles, reporter);
}

/**
 * Reports duplicated node, edge and sticky note ids (a note may not take a node's id either: both
 * are items of one canvas); returns the first node of each id, as the graph keeps it.
 */
function checkDuplicateIds(entries: WorkflowEntries, reporter: Reporter): Map<string, NodeEntry> {
  const byId = new Map<string, NodeEntry>();
  for (const entry of entries.nodes) {
    const first = byId.get(entry.id);
    if (!first) {
      byId.set(entry.id, entry);
      continue;
    }
    reporter.error('DUPLICATE_NODE_ID', `${entry.label}: id "${entry.id}" is already used by ${first.label}`, ['nodes', entry.index, 'id'], {
      nodeId: entry.id,
    });
  }
  const edgeIndexById = new Map<string, number>();
  for (const { index, id } of entries.edgeIds) {
    const first = edgeIndexById.get(id);
    if (first === undefined) edgeIndexById.set(id, index);
    else reporter.error('DUPLICATE_EDGE_ID', `edge "${id}": id is already used by edges[${first}]`, ['edges', index, 'id']);
  }
  const stickyIndexById = new Map<string, number>();
  for (const { index, id } of entries.stickyIds) {
    const node = byId.get(id);
    const first = stickyIndexById.get(id);
    if (node) reporter.error('DUPLICATE_STICKY_ID', `sticky note "${id}": id is already used by ${node.label}`, ['stickyNotes', index, 'id']);
    else if (first !== undefined) reporter.error('DUPLICATE_STICKY_ID', `sticky note "${id}": id is already used by stickyNotes[${first}]`, ['stickyNotes', index, 'id']);
    else stickyIndexById.set(id, index);
  }
  return byId;
}

/** Output and input handle names per node, computed once (outputs may depend on the config). */
class HandleIndex {
  private readonly outputs = new Map<NodeEntry, ReadonlySet<string> | undefined>();

  /** Undefined when the type is unknown, so the handles cannot be checked. */
  outputsOf(entry: NodeEntry): ReadonlySet<string> | undefined {
    if (this.outputs.has(entry)) return this.outputs.get(entry);
    let names: Set<string> | undefined;
    if (entry.definition) {
      try {
        names = new Set(outputsOf(entry.definition, entry.config ?? {}).map((port) => port.name));
        if (entry.errorOutput) names.add(ERROR_HANDLE);
      } catch {
        // a type's outputs function that fails on an odd config: its config check says why
        names = undefined;
      }
    }
    this.outputs.set(entry, names);
    return names;
  }

  inputsOf(entry: NodeEntry): ReadonlySet<string> | undefined {
    return entry.definition ? new Set(entry.definition.inputs.map((port) => port.name)) : undefined;
  }
}

function listHandles(names: ReadonlySet<string>): string {
  return names.size === 0 ? 'none' : [...names].map((n) => `"${n}"`).join(', ');
}

function checkEdge(entry: EdgeEntry, byId: ReadonlyMap<string, NodeEntry>, handles: HandleIndex, reporter: Reporter): void {
  const { edge, label, index } = entry;
  const source = byId.get(edge.source);
  const target = byId.get(edge.target);
  if (!source) reporter.error('EDGE_MISSING_NODE', `${label}: source node "${edge.source}" does not exist`, ['edges', index, 'source']);
  if (!target) reporter.error('EDGE_MISSING_NODE', `${label}: target node "${edge.target}" does not exist`, ['edges', index, 'target']);
  const sourceHandle = edge.sourceHandle!;
  const targetHandle = edge.targetHandle!;
  const outputs = source && handles.outputsOf(source);
  if (source && outputs && !outputs.has(sourceHandle)) {
    reporter.error(
      'EDGE_MISSING_HANDLE',
      `${label}: ${source.label} has no output "${sourceHandle}" (its outputs: ${listHandles(outputs)})`,
      ['edges', index, 'sourceHandle'],
      { nodeId: source.id },
    );
  }
  if (!target) return;
  if (target.definition?.isTrigger) {
    reporter.error('TRIGGER_HAS_INPUT', `${label}: ${target.label} is a trigger and cannot have incoming edges`, ['edges', index, 'target'], {
      nodeId: target.id,
    });
    return;
  }
  const inputs = handles.inputsOf(target);
  if (inputs && !inputs.has(targetHandle)) {
    reporter.error(
      'EDGE_MISSING_HANDLE',
      `${label}: ${target.label} has no input "${targetHandle}" (its inputs: ${listHandles(inputs)})`,
      ['edges', index, 'targetHandle'],
      { nodeId: target.id },
    );
  }
}

function checkCycles(graph: WorkflowGraph, byId: ReadonlyMap<string, NodeEntry>, reporter: Reporter): void {
  for (const cycle of findCycles(graph)) {
    const names = [...cycle, cycle[0]].map((id) => JSON.stringify(graph.byId.get(id)?.name ?? id));
    const first = byId.get(cycle[0])!;
    reporter.error('CYCLE', `cycle: ${names.join(' → ')}`, ['nodes', first.index], { nodeId: first.id, showAt: ['nodes', first.index, 'id'] });
  }
}

function checkReachability(graph: WorkflowGraph, byId: ReadonlyMap<string, NodeEntry>, reporter: Reporter): void {
  const triggers = [...byId.values()].filter((e) => e.definition?.isTrigger).map((e) => e.id);
  if (triggers.length === 0) return;
  // A root of unknown type may well be a trigger (of a newer version, say): it already has its
  // own error, and the nodes behind it should not all get warnings on top.
  const unknownRoots = [...byId.values()].filter((e) => !e.definition && graph.incoming.get(e.id)!.length === 0).map((e) => e.id);
  const reached = reachableFrom(graph, [...triggers, ...unknownRoots]);
  for (const entry of byId.values()) {
    if (reached.has(entry.id)) continue;
    reporter.warning('UNREACHABLE', `${entry.label} is not reachable from any trigger, so it never runs`, ['nodes', entry.index], {
      nodeId: entry.id,
      showAt: ['nodes', entry.index, 'id'],
    });
  }
}

/**
 * A loop body (the nodes behind a `bodyHandle`) runs once per item and is finished before the
 * loop's other handles fire, so no node may be both in the body and behind, say, `done`.
 */
function checkLoopBodies(graph: WorkflowGraph, byId: ReadonlyMap<string, NodeEntry>, handles: HandleIndex, reporter: Reporter): void {
  for (const loop of byId.values()) {
    const bodyHandle = loop.definition?.bodyHandle;
    if (!bodyHandle) continue;
    const body = reachableFrom(graph, [loop.id], new Set([bodyHandle]));
    // A body that leads back to the loop is a cycle, reported as such; everything would overlap.
    if (body.has(loop.id)) continue;
    for (const handle of handles.outputsOf(loop) ?? []) {
      if (handle === bodyHandle) continue;
      const after = reachableFrom(graph, [loop.id], new Set([handle]));
      const both = [...body].filter((id) => after.has(id));
      if (both.length === 0) continue;
      const inBoth = new Set(both);
      // Name only where the two paths meet, not every node downstream of that point.
      const meeting = both.filter((id) => graph.incoming.get(id)!.some((e) => !inBoth.has(e.source)));
      for (const id of meeting.length > 0 ? meeting : both) {
        const entry = byId.get(id)!;
        reporter.error(
          'LOOP_BODY_ESCAPE',
          `${entry.label} is in the loop body of ${loop.label} (behind "${bodyHandle}") and also behind its "${handle}" output; a node cannot be both`,
          ['nodes', entry.index],
          { nodeId: entry.id, showAt: ['nodes', entry.index, 'id'] },
        );
      }
    }
  }
}
