/**
 * LiteGraph / ComfyUI workflows: numbered nodes with `pos`, input and output slots, and
 * `widgets_values`, connected by `links` (`[id, fromNode, fromSlot, toNode, toSlot, type]`, or
 * the object form of newer ComfyUI files). Slot numbers become handle names from the slots'
 * names. Widget names are not in the file, so the values are kept as the `widgets_values` list.
 */
import { z } from 'zod';
import { RawIdSchema, type DraftEdge, type DraftNode, type DraftWorkflow, type RawId } from './draft';
import { DroppedFields, warnDroppedTopLevel } from './droppedFields';
import { parseOrThrow } from './importError';
import { isRecord, nonEmptyString, readPosition, without } from './jsonValues';
import { toId } from './ids';
import { disabledByMode } from './litegraphModes';

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

const NODE_KEYS = new Set(['id', 'type', 'title', 'pos', 'mode', 'inputs', 'outputs', 'widgets_values', 'properties']);
const NODE_VIEW_KEYS = new Set(['size', 'flags', 'order', 'color', 'bgcolor', 'boxcolor', 'shape', 'showAdvanced', 'selected']);
const GRAPH_KEYS = new Set(['nodes', 'links', 'groups', 'config', 'extra', 'definitions']);
const GRAPH_VIEW_KEYS = new Set(['id', 'revision', 'last_node_id', 'last_link_id', 'version']);
/** `extra` holds the canvas view and editor versions; anything else in it is reported. */
const EXTRA_VIEW_KEYS = new Set(['ds', 'frontendVersion', 'VHS_latentpreview', 'VHS_latentpreviewrate', 'VHS_MetadataImage', 'VHS_KeepIntermediate']);
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
  return config;
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

function warnDroppedParts(graph: Record<string, unknown>, warnings: string[]): void {
  if (Array.isArray(graph.groups) && graph.groups.length > 0) warnings.push(`${graph.groups.length} group(s) not kept (our format has no groups)`);
  if (isRecord(graph.config) && Object.keys(graph.config).length > 0) warnings.push(`config not kept: ${Object.keys(graph.config).join(', ')}`);
  if (isRecord(graph.extra)) {
    const extra = Object.entries(graph.extra).flatMap(([key, part]) => (EXTRA_VIEW_KEYS.has(key) || part === null || part === undefined ? [] : [key]));
    if (extra.length > 0) warnings.push(`extra not kept: ${extra.join(', ')}`);
  }
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
  return { nodes, edges };
}
