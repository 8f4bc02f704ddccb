/**
 * LiteGraph / ComfyUI workflows: numbered nodes with `pos`, input and output slots, and
 * `widgets_values`, connected by `links` (`[id, fromNode, fromSlot, toNode, toSlot, type]`, or
 * the object form of ComfyUI's newer files, `version: 1`). Slot numbers become handle names from
 * the slots' names. Widget names are not in the file, so the values are kept as the
 * `widgets_values` list. Node colours and the collapsed flag are kept in `config.view`; groups
 * become sticky notes of the group's size and colour; native reroutes (`reroutes`,
 * `extra.reroutes`) are waypoints of links drawn on the canvas, so links go straight.
 */
import { z } from 'zod';
import { RawIdSchema, type DraftEdge, type DraftNode, type DraftStickyNote, type DraftWorkflow, type RawId } from './draft';
import { DroppedFields, warnDroppedTopLevel } from './droppedFields';
import { parseOrThrow } from './importError';
import { isRecord, nonEmptyString, readPosition, without } from './jsonValues';
import { toId } from './ids';
import { disabledByMode } from './litegraphModes';
import { nearestStickyColor } from './stickyColors';

const SlotSchema = z.looseObject({ name: z.unknown().optional() });
const NodeSchema = z.looseObject({
  type: z.string().regex(/\S/, 'must not be empty'),
  title: z.string().nullish(),
  mode: z.number().nullish(),
  inputs: z.array(SlotSchema).nullish(),
  outputs: z.array(SlotSchema).nullish(),
  properties: z.custom<Record<string, unknown>>(isRecord, 'expected an object').nullish(),
});
const SlotIndexSchema = z.number().int().min(0);
const LinkArraySchema = z.tuple([RawIdSchema, RawIdSchema, SlotIndexSchema, RawIdSchema, SlotIndexSchema], z.unknown());
const LinkObjectSchema = z.looseObject({ origin_id: RawIdSchema, origin_slot: SlotIndexSchema, target_id: RawIdSchema, target_slot: SlotIndexSchema });
const LinkSchema = z.union([LinkArraySchema, LinkObjectSchema], {
  error: 'expected [id, fromNode, fromSlot, toNode, toSlot, type] or { id, origin_id, origin_slot, target_id, target_slot }',
});
const GraphSchema = z.looseObject({ nodes: z.array(z.unknown()), links: z.array(z.unknown()) });

const NODE_KEYS = new Set(['id', 'type', 'title', 'pos', 'mode', 'inputs', 'outputs', 'widgets_values', 'properties', 'color', 'bgcolor', 'flags']);
const NODE_VIEW_KEYS = new Set(['size', 'order', 'boxcolor', 'shape', 'showAdvanced', 'selected']);
const GRAPH_KEYS = new Set(['nodes', 'links', 'groups', 'config', 'extra', 'definitions', 'reroutes', 'models']);
const GRAPH_VIEW_KEYS = new Set(['id', 'revision', 'last_node_id', 'last_link_id', 'version', 'state']);
/** `extra` holds the canvas view, editor versions and link waypoints; anything else in it is reported. */
const EXTRA_VIEW_KEYS = new Set([
  'ds', 'frontendVersion', 'reroutes', 'linkExtensions', 'VHS_latentpreview', 'VHS_latentpreviewrate', 'VHS_MetadataImage', 'VHS_KeepIntermediate',
]);
/** LiteGraph `flags` that say something about the node's look (the rest is editor state). */
const FLAG_KEYS = ['collapsed', 'pinned'] as const;
/** ComfyUI's search-and-replace name repeats the type; it carries nothing else. */
const SEARCH_NAME_KEY = 'Node name for S&R';

type LiteGraphNode = z.infer<typeof NodeSchema>;

/** Handle names of a node's slots: the slot names, made unique, or `input_2` when a slot has none. */
function slotNames(slots: readonly { name?: unknown }[] | null | undefined, side: 'input' | 'output'): string[] {
  const names: string[] = [];
  (slots ?? []).forEach((slot, index) => {
    const name = nonEmptyString(slot.name) ?? `${side}_${index}`;
    names.push(names.includes(name) ? `${name}_${index}` : name);
  });
  return names;
}

function nodeConfig(node: LiteGraphNode): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (node.widgets_values !== undefined && node.widgets_values !== null) config.widgets_values = node.widgets_values;
  const properties = node.properties ?? {};
  const redundant = properties[SEARCH_NAME_KEY] === node.type ? [SEARCH_NAME_KEY] : [];
  const kept = without(properties, redundant);
  if (Object.keys(kept).length > 0) config.properties = kept;
  const view = nodeView(node);
  if (view) config.view = view;
  return config;
}

/** Colours and flags of the node as drawn (`{ color, bgcolor, collapsed }`), kept so nothing of its look is lost. */
function nodeView(node: LiteGraphNode): Record<string, unknown> | undefined {
  const view: Record<string, unknown> = {};
  for (const key of ['color', 'bgcolor'] as const) if (typeof node[key] === 'string') view[key] = node[key];
  const flags = isRecord(node.flags) ? node.flags : {};
  for (const key of FLAG_KEYS) if (flags[key] === true) view[key] = true;
  return Object.keys(view).length > 0 ? view : undefined;
}

function readNode(node: LiteGraphNode, where: string, warnings: string[], dropped: DroppedFields): DraftNode {
  dropped.collect('node', node, NODE_KEYS, NODE_VIEW_KEYS);
  return {
    where,
    rawId: node.id,
    type: node.type.trim(),
    label: nonEmptyString(node.title),
    position: readPosition(node.pos),
    config: nodeConfig(node),
    disabled: disabledByMode(node.mode, where, warnings),
  };
}

interface Link {
  id: unknown;
  from: RawId;
  fromSlot: number;
  to: RawId;
  toSlot: number;
  dataType: unknown;
}

function readLink(raw: unknown, where: string): Link {
  const link = parseOrThrow(LinkSchema, raw, where, 'LiteGraph link');
  if (Array.isArray(link)) {
    const [id, from, fromSlot, to, toSlot, dataType] = link;
    return { id, from, fromSlot, to, toSlot, dataType };
  }
  return { id: link.id, from: link.origin_id, fromSlot: link.origin_slot, to: link.target_id, toSlot: link.target_slot, dataType: link.type };
}

interface Slots {
  inputs: string[];
  outputs: string[];
}

/** The handle of slot `index`; a slot the node does not have keeps its number, with a warning. */
function slotHandle(slots: Slots | undefined, side: 'input' | 'output', index: number, where: string, warnings: string[]): string {
  const name = slots?.[side === 'input' ? 'inputs' : 'outputs'][index];
  if (name !== undefined) return name;
  if (slots) warnings.push(`${where}: the node has no ${side} slot ${index}; the handle was named "${side}_${index}"`);
  return `${side}_${index}`;
}

/** Nothing worth a warning: null, undefined, `{}` and `[]` (ComfyUI writes `groupNodes: {}` into every file). */
function isEmpty(part: unknown): boolean {
  return part === null || part === undefined || (Array.isArray(part) ? part.length === 0 : isRecord(part) && Object.keys(part).length === 0);
}

/** Groups (`{ title, bounding: [x, y, w, h], color }`) as sticky notes of their size and colour. */
function readGroups(groups: unknown): DraftStickyNote[] {
  if (!Array.isArray(groups)) return [];
  return groups.map((group, index): DraftStickyNote => {
    const item = isRecord(group) ? group : {};
    const bounding = Array.isArray(item.bounding) ? item.bounding : [];
    const [x, y, width, height] = bounding.map((n) => (typeof n === 'number' && Number.isFinite(n) ? n : undefined));
    const color = nearestStickyColor(item.color);
    return {
      where: `groups[${index}]`,
      rawId: item.id !== undefined ? `group-${String(item.id)}` : undefined,
      text: nonEmptyString(item.title) ?? 'Group',
      ...(x !== undefined && y !== undefined ? { position: { x, y } } : {}),
      ...(width !== undefined ? { width } : {}),
      ...(height !== undefined ? { height } : {}),
      ...(color ? { color } : {}),
    };
  });
}

/** Native reroutes: top-level `reroutes` (version 1) and `extra.reroutes` (0.4). */
function rerouteCount(graph: Record<string, unknown>): number {
  const top = Array.isArray(graph.reroutes) ? graph.reroutes.length : 0;
  const extra = isRecord(graph.extra) && Array.isArray(graph.extra.reroutes) ? graph.extra.reroutes.length : 0;
  return top + extra;
}

function warnDroppedParts(graph: Record<string, unknown>, warnings: string[]): void {
  if (isRecord(graph.config) && Object.keys(graph.config).length > 0) warnings.push(`config not kept: ${Object.keys(graph.config).join(', ')}`);
  if (isRecord(graph.extra)) {
    const extra = Object.entries(graph.extra).flatMap(([key, part]) => (EXTRA_VIEW_KEYS.has(key) || isEmpty(part) ? [] : [key]));
    if (extra.length > 0) warnings.push(`extra not kept: ${extra.join(', ')}`);
  }
  if (Array.isArray(graph.models) && graph.models.length > 0) warnings.push(`the list of ${graph.models.length} model(s) to download is not kept`);
  if (isRecord(graph.definitions) && Object.keys(graph.definitions).length > 0) warnings.push('subgraph definitions not kept: nodes that use them keep their type and will be reported as unknown');
}

/** Reads a LiteGraph or ComfyUI workflow. */
export function readLiteGraph(value: unknown, warnings: string[]): DraftWorkflow {
  const graph = parseOrThrow(GraphSchema, value, '', 'LiteGraph workflow');
  warnDroppedTopLevel(graph, GRAPH_KEYS, GRAPH_VIEW_KEYS, warnings);
  warnDroppedParts(graph, warnings);
  const dropped = new DroppedFields();
  const rawNodes = graph.nodes.map((node, index) => parseOrThrow(NodeSchema, node, `nodes[${index}]`, 'LiteGraph node'));
  const nodes = rawNodes.map((node, index) => readNode(node, `nodes[${index}]`, warnings, dropped));
  const slotsById = new Map<string, Slots>();
  for (const node of rawNodes) {
    const id = toId(node.id);
    if (id !== undefined && !slotsById.has(id)) slotsById.set(id, { inputs: slotNames(node.inputs, 'input'), outputs: slotNames(node.outputs, 'output') });
  }
  const dataTypes = new Set<string>();
  const edges = graph.links.map((raw, index): DraftEdge => {
    const where = `links[${index}]`;
    const link = readLink(raw, where);
    if (typeof link.dataType === 'string' && link.dataType !== '') dataTypes.add(link.dataType);
    return {
      where,
      rawId: link.id,
      source: link.from,
      target: link.to,
      sourceHandle: slotHandle(slotsById.get(toId(link.from) ?? ''), 'output', link.fromSlot, where, warnings),
      targetHandle: slotHandle(slotsById.get(toId(link.to) ?? ''), 'input', link.toSlot, where, warnings),
    };
  });
  dropped.report(warnings);
  if (dataTypes.size > 0) warnings.push(`link data types not kept: ${[...dataTypes].join(', ')}`);
  const stickyNotes = readGroups(graph.groups);
  if (stickyNotes.some((note) => note.color !== undefined)) warnings.push('group colours became the nearest sticky-note colour');
  const reroutes = rerouteCount(graph);
  const other = [
    ...(stickyNotes.length > 0 ? [{ kind: 'groups', in: stickyNotes.length, out: stickyNotes.length, note: 'as sticky notes sized to the group' }] : []),
    ...(reroutes > 0 ? [{ kind: 'reroutes', in: reroutes, out: 0, note: 'waypoints on links; the links go straight' }] : []),
  ];
  return { nodes, edges, stickyNotes, sourceCounts: { other } };
}
