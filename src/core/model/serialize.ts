/**
 * Deterministic serializer of workflow files.
 *
 * Rules (so that moving nothing changes nothing in git):
 * - structural objects (workflow, node, edge, settings, retry, position) get the key order of
 *   their zod schema; keys the schema does not know are kept, after the known ones, in their
 *   original order (nothing a user wrote is dropped);
 * - free-form objects (`config`, `variables`) keep the order the author gave them;
 * - positions (and sticky note sizes) are rounded to integers;
 * - 2-space indentation, a final newline; a position and an edge each fit on one line, so an
 *   added edge or a moved node (or sticky note) is a one-line diff.
 *
 * `serializeWorkflow(parse(serializeWorkflow(w)))` is byte-identical to `serializeWorkflow(w)`.
 */
import { EdgeSchema, NodeSchema, PositionSchema, RetrySchema, SettingsSchema, StickyNoteSchema, WorkflowSchema } from './workflow';
import type { Workflow } from './workflow';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ORDER = {
  workflow: Object.keys(WorkflowSchema.shape),
  node: Object.keys(NodeSchema.shape),
  edge: Object.keys(EdgeSchema.shape),
  settings: Object.keys(SettingsSchema.shape),
  retry: Object.keys(RetrySchema.shape),
  position: Object.keys(PositionSchema.shape),
  sticky: Object.keys(StickyNoteSchema.shape),
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies `value` with `order` keys first, unknown keys after; undefined values are dropped. */
function ordered(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (value[key] !== undefined) out[key] = value[key];
  for (const key of Object.keys(value)) if (!(key in out) && value[key] !== undefined) out[key] = value[key];
  return out;
}

function roundPosition(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const out = ordered(value, ORDER.position);
  for (const axis of ['x', 'y']) {
    const n = out[axis];
    // `+ 0` turns -0 into 0 so that JSON never shows "-0"
    if (typeof n === 'number' && Number.isFinite(n)) out[axis] = Math.round(n) + 0;
  }
  return out;
}

function canonicalNode(node: unknown): unknown {
  if (!isPlainObject(node)) return node;
  const out = ordered(node, ORDER.node);
  if ('position' in out) out.position = roundPosition(out.position);
  if (isPlainObject(out.retry)) out.retry = ordered(out.retry, ORDER.retry);
  return out;
}

function roundSize(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) + 0 : value;
}

function canonicalSticky(note: unknown): unknown {
  if (!isPlainObject(note)) return note;
  const out = ordered(note, ORDER.sticky);
  if ('position' in out) out.position = roundPosition(out.position);
  if ('width' in out) out.width = roundSize(out.width);
  if ('height' in out) out.height = roundSize(out.height);
  return out;
}

/** Puts a parsed workflow-like value into canonical shape (key order, rounded positions). */
export function canonicalize(workflow: unknown): unknown {
  if (!isPlainObject(workflow)) return workflow;
  const out = ordered(workflow, ORDER.workflow);
  if (isPlainObject(out.settings)) out.settings = ordered(out.settings, ORDER.settings);
  if (Array.isArray(out.nodes)) out.nodes = out.nodes.map(canonicalNode);
  if (Array.isArray(out.edges)) out.edges = out.edges.map((e) => (isPlainObject(e) ? ordered(e, ORDER.edge) : e));
  if (Array.isArray(out.stickyNotes)) out.stickyNotes = out.stickyNotes.map(canonicalSticky);
  return out;
}

/** Multi-line JSON with 2-space indentation; keys listed in `inlineKeys` print on one line. */
function print(value: Json, indent: string, inlineKeys: ReadonlySet<string> = NONE): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + print(v, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  const lines = keys.map((key) => {
    const text = inlineKeys.has(key) ? printInline(value[key]) : print(value[key], inner);
    return `${inner}${JSON.stringify(key)}: ${text}`;
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/** One-line JSON with a space after `:` and `,`, e.g. `{ "x": 0, "y": 0 }` (also for minimal edits of one-line items). */
export function printInline(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${value.map(printInline).join(', ')}]`;
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  return `{ ${keys.map((k) => `${JSON.stringify(k)}: ${printInline(value[k])}`).join(', ')} }`;
}

const NONE: ReadonlySet<string> = new Set();
const NODE_INLINE_KEYS: ReadonlySet<string> = new Set(['position']);

/** An array whose items are printed by `item`, one per line. */
function printItems(items: Json[], indent: string, item: (value: Json) => string): string {
  if (items.length === 0) return '[]';
  const inner = indent + '  ';
  return `[\n${items.map((v) => inner + item(v)).join(',\n')}\n${indent}]`;
}

/** Serializes a workflow (or any JSON value shaped like one) to the canonical text. */
export function serializeWorkflow(workflow: Workflow | unknown): string {
  const canonical = JSON.parse(JSON.stringify(canonicalize(workflow) ?? null)) as Json;
  if (canonical === null || typeof canonical !== 'object' || Array.isArray(canonical)) {
    return JSON.stringify(canonical, null, 2) + '\n';
  }
  const indent = '  ';
  const lines = Object.keys(canonical).map((key) => {
    const child = canonical[key];
    let text: string;
    if (key === 'edges' && Array.isArray(child)) text = printItems(child, indent, printInline);
    else if ((key === 'nodes' || key === 'stickyNotes') && Array.isArray(child))
      text = printItems(child, indent, (node) => print(node, indent + '  ', NODE_INLINE_KEYS));
    else text = print(child, indent);
    return `${indent}${JSON.stringify(key)}: ${text}`;
  });
  return lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
}
