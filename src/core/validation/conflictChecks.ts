/**
 * Unresolved merge conflicts (`$conflict`, written by `workflow merge`): each entry is an error
 * naming the node and the field with both values, so that `workflow validate`, the Problems
 * panel and the canvas point at exactly what is left to decide. Node-level: the file still
 * opens as a graph (a draft), so an editor can show both values.
 */
import { formatValue } from '../graph/diffText';
import { isPlainObject, type NodeEntry } from './entries';
import type { Reporter } from './reporter';

function describeSide(entry: Record<string, unknown>, side: 'ours' | 'theirs'): string {
  return side in entry ? `${side} ${formatValue(entry[side], 60)}` : `${side}: removed`;
}

function conflictMessage(field: string, entry: unknown): string {
  if (!isPlainObject(entry)) return `merge conflict in ${field}`;
  if (field === 'node') return `merge conflict: the node was ${String(entry.ours)} on ours and ${String(entry.theirs)} on theirs`;
  return `merge conflict in ${field}: ${describeSide(entry, 'ours')}, ${describeSide(entry, 'theirs')}`;
}

/** Reports every `$conflict` entry of the workflow and of its nodes. */
export function checkMergeConflicts(root: unknown, nodes: readonly NodeEntry[], reporter: Reporter): void {
  if (!isPlainObject(root)) return;
  const top = root.$conflict;
  if (isPlainObject(top)) {
    for (const field of Object.keys(top)) reporter.error('MERGE_CONFLICT', `${conflictMessage(field, top[field])}; keep one value and remove the entry`, ['$conflict', field], { atKey: true });
  }
  const rawNodes = Array.isArray(root.nodes) ? root.nodes : [];
  for (const entry of nodes) {
    const conflicts = (rawNodes[entry.index] as Record<string, unknown> | undefined)?.$conflict;
    if (!isPlainObject(conflicts)) continue;
    for (const field of Object.keys(conflicts)) {
      reporter.error('MERGE_CONFLICT', `${entry.label}: ${conflictMessage(field, conflicts[field])}; keep one value and remove the entry`, ['nodes', entry.index, '$conflict', field], {
        nodeId: entry.id,
        atKey: true,
      });
    }
  }
}
