/**
 * Three-way merge of workflows (`workflow merge`, the git merge driver): nodes are matched by
 * id and merged field by field (config key by key, nested objects too), edges by their
 * endpoints as sets, sticky notes by id; settings, variables, name, description and tags like
 * node fields. Canvas positions never conflict: a node moved on one side takes that move, a node
 * moved on both keeps ours (reported in `notes`). Only a field changed differently on both sides,
 * or a node removed on one side and changed on the other, is a conflict: the merged workflow
 * keeps ours in place and records both sides in `$conflict` (see `ConflictsSchema`), which the
 * validator reports as an error naming node and field.
 */
import type { StickyNote, Workflow, WorkflowEdge, WorkflowNode } from '../model/workflow';
import { edgeSourceHandle, edgeTargetHandle } from '../model/workflow';
import { sameJson } from '../graph/diff';
import { formatFieldPath } from '../graph/fieldPath';
import { conflictEntry, mergeValue, type ValueConflict } from './merge3';

/** One conflict left in the merged file. */
export interface MergeConflict {
  /** Set for a conflict inside a node. */
  nodeId?: string;
  nodeName?: string;
  /** The `$conflict` key: `config.url`, `name`, `node` (removed vs changed), `settings.timeoutMs`… */
  field: string;
  base?: unknown;
  ours?: unknown;
  theirs?: unknown;
}

/** What `mergeWorkflows` gives: the merged workflow (with `$conflict` entries when `conflicts` is not empty). */
export interface MergeResult {
  workflow: Workflow;
  conflicts: MergeConflict[];
  /** Decisions taken without asking, for the user to know (e.g. positions kept from ours). */
  notes: string[];
}

type Conflicts = Record<string, Record<string, unknown>>;

/** Node fields merged as values; `id` is the match key and `position` is merged apart. */
const SKIPPED_NODE_KEYS = new Set(['id', 'position', '$conflict']);

function edgeKey(edge: WorkflowEdge): string {
  return `${edge.source}\u0000${edgeSourceHandle(edge)}\u0000${edge.target}\u0000${edgeTargetHandle(edge)}`;
}

function byId<T extends { id: string }>(items: readonly T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((item) => [item.id, item]));
}

/** Ids in ours' order, then those only theirs has, in theirs' order. */
function mergedOrder(ours: readonly { id: string }[], theirs: readonly { id: string }[]): string[] {
  const ids = ours.map((n) => n.id);
  const seen = new Set(ids);
  for (const item of theirs) if (!seen.has(item.id)) ids.push(item.id);
  return ids;
}

/** Keys of the edges touching each node. */
function incidentEdges(workflow: Workflow | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const edge of workflow?.edges ?? []) {
    const key = edgeKey(edge);
    for (const id of [edge.source, edge.target]) {
      let set = out.get(id);
      if (!set) out.set(id, (set = new Set()));
      set.add(key);
    }
  }
  return out;
}

function sameSet(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  const x = a ?? new Set<string>();
  const y = b ?? new Set<string>();
  if (x.size !== y.size) return false;
  for (const key of x) if (!y.has(key)) return false;
  return true;
}

function withoutPosition(node: WorkflowNode): Record<string, unknown> {
  const { position: _position, ...rest } = node;
  return rest;
}

/** Merges the parts of a workflow: one instance per merge, collecting conflicts and notes. */
class WorkflowMerge {
  readonly conflicts: MergeConflict[] = [];
  private movedOnBothSides: string[] = [];
  /** Nodes removed on one side, changed on the other: kept, and so are their edges. */
  private readonly removedButKept = new Set<string>();
  private readonly incident: { base: Map<string, Set<string>>; ours: Map<string, Set<string>>; theirs: Map<string, Set<string>> };

  constructor(
    private readonly base: Workflow | undefined,
    private readonly ours: Workflow,
    private readonly theirs: Workflow,
  ) {
    this.incident = { base: incidentEdges(base), ours: incidentEdges(ours), theirs: incidentEdges(theirs) };
  }

  run(): MergeResult {
    const topConflicts: Conflicts = {};
    const out: Record<string, unknown> = {};
    const valueConflicts: ValueConflict[] = [];
    const { base, ours, theirs } = this;
    for (const key of ['formatVersion', 'name', 'description', 'tags', 'variables', 'settings', '$conflict'] as const) {
      const merged = mergeValue([key], base?.[key], ours[key], theirs[key], valueConflicts);
      if (merged !== undefined) out[key] = merged;
    }
    for (const c of valueConflicts) this.addConflict(topConflicts, formatFieldPath(c.path), conflictEntry(c));
    const nodes = this.mergeNodes();
    out.nodes = nodes;
    out.edges = this.mergeEdges(new Set(nodes.map((n) => n.id)));
    const stickyNotes = this.mergeStickyNotes(topConflicts);
    if (stickyNotes.length > 0 || ours.stickyNotes || theirs.stickyNotes) out.stickyNotes = stickyNotes;
    if (Object.keys(topConflicts).length > 0) out.$conflict = { ...((out.$conflict as Conflicts | undefined) ?? {}), ...topConflicts };
    const notes: string[] = [];
    if (this.movedOnBothSides.length > 0) {
      const names = this.movedOnBothSides.slice(0, 3).map((n) => JSON.stringify(n)).join(', ');
      notes.push(`kept our canvas position for ${this.movedOnBothSides.length === 1 ? 'node' : `${this.movedOnBothSides.length} nodes`} ${names}${this.movedOnBothSides.length > 3 ? ', …' : ''} (moved on both sides)`);
    }
    return { workflow: out as Workflow, conflicts: this.conflicts, notes };
  }

  private addConflict(target: Conflicts, field: string, entry: Record<string, unknown>, node?: WorkflowNode): void {
    target[field] = entry;
    this.conflicts.push({ ...(node ? { nodeId: node.id, nodeName: node.name } : {}), field, ...entry });
  }

  /** True when `side` changed the node against base: any field but the position, or its edges. */
  private changedOnSide(id: string, baseNode: WorkflowNode, node: WorkflowNode, side: 'ours' | 'theirs'): boolean {
    return !sameJson(withoutPosition(baseNode), withoutPosition(node)) || !sameSet(this.incident.base.get(id), this.incident[side].get(id));
  }

  private mergeNodes(): WorkflowNode[] {
    const base = byId(this.base?.nodes);
    const ours = byId(this.ours.nodes);
    const theirs = byId(this.theirs.nodes);
    const out: WorkflowNode[] = [];
    for (const id of mergedOrder(this.ours.nodes, this.theirs.nodes)) {
      const b = base.get(id);
      const o = ours.get(id);
      const t = theirs.get(id);
      if (o && t) {
        out.push(this.mergeNode(b, o, t));
      } else if (o || t) {
        const kept = (o ?? t)!;
        const side = o ? 'ours' : 'theirs';
        if (!b) out.push(kept); // added on one side
        else if (this.changedOnSide(id, b, kept, side)) {
          // removed on one side, changed on the other: keep the changed node and say so
          const entry = side === 'ours' ? { ours: 'changed', theirs: 'removed' } : { ours: 'removed', theirs: 'changed' };
          const conflicts: Conflicts = { ...(kept.$conflict ?? {}) };
          this.addConflict(conflicts, 'node', entry, kept);
          this.removedButKept.add(id);
          out.push({ ...kept, $conflict: conflicts });
        }
        // else: removed on one side, untouched on the other → removed
      }
    }
    return out;
  }

  private mergeNode(b: WorkflowNode | undefined, o: WorkflowNode, t: WorkflowNode): WorkflowNode {
    const valueConflicts: ValueConflict[] = [];
    const merged: Record<string, unknown> = { id: o.id };
    const keys = new Set([...Object.keys(o), ...Object.keys(t), ...Object.keys(b ?? {})]);
    for (const key of keys) {
      if (SKIPPED_NODE_KEYS.has(key)) continue;
      const value = mergeValue([key], (b as Record<string, unknown> | undefined)?.[key], (o as Record<string, unknown>)[key], (t as Record<string, unknown>)[key], valueConflicts);
      if (value !== undefined) merged[key] = value;
    }
    const oursMoved = !sameJson(b?.position, o.position);
    const theirsMoved = !sameJson(b?.position, t.position);
    merged.position = oursMoved || !theirsMoved ? o.position : t.position;
    if (b && oursMoved && theirsMoved && !sameJson(o.position, t.position)) this.movedOnBothSides.push(o.name);
    const conflicts: Conflicts = { ...(mergeValue(['$conflict'], b?.$conflict, o.$conflict, t.$conflict, []) as Conflicts | undefined) };
    const node = merged as WorkflowNode;
    for (const c of valueConflicts) this.addConflict(conflicts, formatFieldPath(c.path), conflictEntry(c), node);
    if (Object.keys(conflicts).length > 0) node.$conflict = conflicts;
    return node;
  }

  /** Edges as sets by endpoints: kept unless one side removed them, added when either side added them. */
  private mergeEdges(nodeIds: ReadonlySet<string>): WorkflowEdge[] {
    const baseKeys = new Set((this.base?.edges ?? []).map(edgeKey));
    const oursKeys = new Set(this.ours.edges.map(edgeKey));
    const theirsKeys = new Set(this.theirs.edges.map(edgeKey));
    const out: WorkflowEdge[] = [];
    const usedIds = new Set<string>();
    for (const edge of this.ours.edges) {
      const key = edgeKey(edge);
      const withKeptNode = this.removedButKept.has(edge.source) || this.removedButKept.has(edge.target);
      if (baseKeys.has(key) && !theirsKeys.has(key) && !withKeptNode) continue; // removed by theirs
      out.push(edge);
      usedIds.add(edge.id);
    }
    for (const edge of this.theirs.edges) {
      const key = edgeKey(edge);
      const withKeptNode = this.removedButKept.has(edge.source) || this.removedButKept.has(edge.target);
      if (oursKeys.has(key) || (baseKeys.has(key) && !withKeptNode)) continue; // already in, or removed by ours
      let id = edge.id;
      for (let n = 2; usedIds.has(id); n++) id = `${edge.id}-${n}`;
      usedIds.add(id);
      out.push(id === edge.id ? edge : { ...edge, id });
    }
    // an edge to a node that is gone (removed on one side, untouched on the other) goes with it
    return out.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target));
  }

  private mergeStickyNotes(topConflicts: Conflicts): StickyNote[] {
    const base = byId(this.base?.stickyNotes);
    const ours = byId(this.ours.stickyNotes);
    const theirs = byId(this.theirs.stickyNotes);
    const out: StickyNote[] = [];
    for (const id of mergedOrder(this.ours.stickyNotes ?? [], this.theirs.stickyNotes ?? [])) {
      const b = base.get(id);
      const o = ours.get(id);
      const t = theirs.get(id);
      if (o && t) {
        const valueConflicts: ValueConflict[] = [];
        const { position: op, ...oRest } = o;
        const { position: tp, ...tRest } = t;
        const bRest = b ? { ...b, position: undefined } : undefined;
        const merged = mergeValue(['stickyNotes', id], bRest, oRest, tRest, valueConflicts) as Omit<StickyNote, 'position'>;
        const position = !sameJson(b?.position, op) || sameJson(b?.position, tp) ? op : tp;
        for (const c of valueConflicts) this.addConflict(topConflicts, formatFieldPath(c.path), conflictEntry(c));
        out.push({ ...merged, position });
      } else if (o || t) {
        const kept = (o ?? t)!;
        // a note removed on one side goes, unless the other side changed its text or look
        if (!b || !sameJson({ ...b, position: undefined }, { ...kept, position: undefined })) out.push(kept);
      }
    }
    return out;
  }
}

/** Merges `ours` and `theirs`, two descendants of `base` (undefined when they share none). */
export function mergeWorkflows(base: Workflow | undefined, ours: Workflow, theirs: Workflow): MergeResult {
  return new WorkflowMerge(base, ours, theirs).run();
}

/** One line per conflict, e.g. `node "Fetch" (fetch): config.url: ours "a" ≠ theirs "b"`. */
export function describeConflict(conflict: MergeConflict, format: (value: unknown) => string): string {
  const where = conflict.nodeId !== undefined ? `node ${JSON.stringify(conflict.nodeName ?? conflict.nodeId)} (${conflict.nodeId})` : 'workflow';
  if (conflict.field === 'node') return `${where}: ${String(conflict.ours)} on ours, ${String(conflict.theirs)} on theirs`;
  const side = (name: 'ours' | 'theirs') => (name in conflict ? `${name} ${format(conflict[name])}` : `${name}: removed`);
  return `${where}: ${conflict.field}: ${side('ours')}, ${side('theirs')}`;
}
