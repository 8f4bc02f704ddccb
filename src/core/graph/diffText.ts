/**
 * The text forms of workflow changes: `formatDiff` prints a `WorkflowDiff` for people
 * (`workflow diff`), `workflowText` renders one workflow as canonical, line-per-fact text for
 * `git diff` (a textconv filter), so that git's line diff reads as a semantic summary.
 */
import { edgeSourceHandle, edgeTargetHandle, type Workflow } from '../model/workflow';
import { describeDiff, hasChanges, type DiffEdgeRef, type FieldChange, type WorkflowDiff } from './diff';
import { formatFieldPath } from './fieldPath';

/** Longest value printed in full; longer ones are cut with `…` (the JSON output has them whole). */
const MAX_VALUE_CHARS = 120;

/** A JSON value on one line, cut to a readable length; `(none)` for an absent value. */
export function formatValue(value: unknown, max: number = MAX_VALUE_CHARS): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function formatField(change: FieldChange): string {
  return `${change.path}: ${formatValue(change.before)} → ${formatValue(change.after)}`;
}

function formatEdge(edge: DiffEdgeRef): string {
  return `${edge.source}.${edge.sourceHandle} → ${edge.target}.${edge.targetHandle}  (${JSON.stringify(edge.sourceName)} → ${JSON.stringify(edge.targetName)})`;
}

export interface FormatDiffOptions {
  /** Show node and sticky-note moves (hidden by default). */
  moves?: boolean;
  /** What each side is, e.g. `HEAD~1:flows/x.workflow.json`. */
  labels?: { before: string; after: string };
}

/**
 * The diff for a terminal: sections of added / removed / changed nodes (each changed field with
 * old → new), edges added / removed, workflow fields (settings, variables…), then a summary line.
 */
export function formatDiff(diff: WorkflowDiff, after: Workflow, options: FormatDiffOptions = {}): string {
  const lines: string[] = [];
  if (options.labels) lines.push(`--- ${options.labels.before}`, `+++ ${options.labels.after}`);
  if (!hasChanges(diff, options)) {
    lines.push(diff.empty ? 'no changes' : 'no changes (only moves; --moves shows them)');
    return lines.join('\n') + '\n';
  }
  const section = (title: string, items: string[]) => {
    if (items.length > 0) lines.push(title, ...items);
  };
  section('nodes added:', diff.addedNodes.map((n) => `  + ${n.id} ${JSON.stringify(n.name)} (${n.type})`));
  section('nodes removed:', diff.removedNodes.map((n) => `  - ${n.id} ${JSON.stringify(n.name)} (${n.type})`));
  const typeOf = new Map(after.nodes.map((n) => [n.id, n.type]));
  const changed: string[] = [];
  for (const change of diff.changedNodes) {
    const fields = change.fields.map((f) => `      ${formatField(f)}`);
    if (options.moves && change.position) {
      fields.push(`      position: (${change.position.from.x}, ${change.position.from.y}) → (${change.position.to.x}, ${change.position.to.y})`);
    }
    if (fields.length === 0) continue;
    changed.push(`  ~ ${change.id} ${JSON.stringify(change.name)} (${typeOf.get(change.id) ?? '?'})`, ...fields);
  }
  section('nodes changed:', changed);
  section('edges added:', diff.addedEdges.map((e) => `  + ${formatEdge(e)}`));
  section('edges removed:', diff.removedEdges.map((e) => `  - ${formatEdge(e)}`));
  section('workflow, settings and variables changed:', diff.workflowChanges.map((f) => `  ~ ${formatField(f)}`));
  const notes = diff.stickyNotes;
  section('sticky notes:', [
    ...notes.added.map((id) => `  + ${id}`),
    ...notes.removed.map((id) => `  - ${id}`),
    ...notes.changed.map((id) => `  ~ ${id}`),
    ...(options.moves ? notes.moved.map((id) => `  ~ ${id} (moved)`) : []),
  ]);
  lines.push(`summary: ${describeDiff(diff, after)}`);
  return lines.join('\n') + '\n';
}

/** `path: value` lines of a plain object, nested objects flattened (`config.headers.Accept: "…"`). */
function valueLines(path: string[], value: unknown, out: string[], indent: string): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) valueLines([...path, key], record[key], out, indent);
    return;
  }
  out.push(`${indent}${formatFieldPath(path)} = ${JSON.stringify(value)}`);
}

/**
 * A workflow as canonical text, one fact per line, positions left out: the workflow fields,
 * then each node (sorted by id) with its fields, then each edge (sorted). Two files that differ
 * only in key order, node order, edge ids or positions give the same text. Values are never
 * cut, so the text is the whole meaning of the file.
 */
export function workflowText(workflow: Workflow): string {
  const lines: string[] = [`workflow ${JSON.stringify(workflow.name)}`];
  if (workflow.description) lines.push(`description = ${JSON.stringify(workflow.description)}`);
  if (workflow.tags?.length) lines.push(`tags = ${JSON.stringify(workflow.tags)}`);
  if (workflow.variables) valueLines(['variables'], workflow.variables, lines, '');
  if (workflow.settings) valueLines(['settings'], workflow.settings, lines, '');
  if (workflow.$conflict) valueLines(['$conflict'], workflow.$conflict, lines, '');
  const byId = [...workflow.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const node of byId) {
    lines.push('', `node ${node.id} ${JSON.stringify(node.name)} (${node.type})${node.disabled ? ' disabled' : ''}`);
    valueLines(['config'], node.config, lines, '  ');
    for (const key of ['notes', 'retry', 'timeoutMs', 'onError', '$conflict'] as const) {
      if (node[key] !== undefined) valueLines([key], node[key], lines, '  ');
    }
  }
  const names = new Map(workflow.nodes.map((n) => [n.id, n.name]));
  const edges = workflow.edges
    .map((e) => `edge ${e.source}.${edgeSourceHandle(e)} → ${e.target}.${edgeTargetHandle(e)}  (${JSON.stringify(names.get(e.source) ?? e.source)} → ${JSON.stringify(names.get(e.target) ?? e.target)})`)
    .sort();
  if (edges.length > 0) lines.push('', ...edges);
  const notes = [...(workflow.stickyNotes ?? [])].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const note of notes) lines.push('', `sticky ${note.id}${note.color ? ` (${note.color})` : ''} = ${JSON.stringify(note.text)}`);
  return lines.join('\n') + '\n';
}
