/**
 * React Flow: the object `toObject()` returns (`{ nodes, edges, viewport }`). Its node and edge
 * readers are shared with the sessions seed, whose rows hold React Flow nodes and edges.
 */
import { z } from 'zod';
import { draftHandle, RawIdSchema, type DraftEdge, type DraftNode, type DraftWorkflow } from './draft';
import { DroppedFields, warnDroppedTopLevel } from './droppedFields';
import { parseOrThrow } from './importError';
import { isRecord, nonEmptyString, readPosition, without } from './jsonValues';
import { translateKnownType } from './knownTypes';
import { toId } from './ids';

const DataSchema = z.custom<Record<string, unknown>>(isRecord, 'expected an object');
const HandleSchema = z.union([z.string(), z.number(), z.null()], { error: 'expected a handle name' }).optional();

const NodeSchema = z.looseObject({
  type: z.string().nullish(),
  data: DataSchema.nullish(),
  parentId: z.string().nullish(),
  parentNode: z.string().nullish(),
});
const EdgeSchema = z.looseObject({ source: RawIdSchema, target: RawIdSchema, sourceHandle: HandleSchema, targetHandle: HandleSchema });

const NODE_KEYS = new Set(['id', 'type', 'position', 'data', 'parentId', 'parentNode']);
/** Canvas state that says nothing about what the workflow does. */
const NODE_VIEW_KEYS = new Set([
  'width', 'height', 'initialWidth', 'initialHeight', 'measured', 'selected', 'dragging', 'resizing', 'hidden', 'positionAbsolute',
  'style', 'className', 'zIndex', 'sourcePosition', 'targetPosition', 'draggable', 'selectable', 'connectable', 'deletable',
  'focusable', 'extent', 'expandParent', 'internals', 'handles', 'ariaLabel', 'ariaRole', 'domAttributes', 'origin', 'dragHandle',
]);
const EDGE_KEYS = new Set(['id', 'source', 'target', 'sourceHandle', 'targetHandle']);
const EDGE_VIEW_KEYS = new Set([
  'type', 'animated', 'style', 'className', 'selected', 'hidden', 'zIndex', 'markerStart', 'markerEnd', 'interactionWidth',
  'focusable', 'deletable', 'updatable', 'reconnectable', 'selectable', 'pathOptions', 'labelStyle', 'labelShowBg', 'labelBgStyle',
  'labelBgPadding', 'labelBgBorderRadius', 'ariaLabel', 'ariaRole', 'domAttributes', 'sourceX', 'sourceY', 'targetX', 'targetY',
]);
/** React Flow's built-in and common catch-all node types say nothing about what a node does. */
const GENERIC_TYPES = new Set(['default', 'input', 'output', 'group', 'custom', 'customnode', 'node', 'base', 'basenode']);
const LABEL_KEYS = ['label', 'title', 'name'] as const;
const TYPE_KEYS = ['nodeType', 'type', 'kind'] as const;

type ReactFlowNode = z.infer<typeof NodeSchema>;

/** Positions made absolute: a child of a group or sub flow is placed relative to its parent. */
function absolutePositions(nodes: readonly ReactFlowNode[], warnings: string[]): ({ x: number; y: number } | undefined)[] {
  const byId = new Map<string, ReactFlowNode>();
  for (const node of nodes) {
    const id = toId(node.id);
    if (id !== undefined && !byId.has(id)) byId.set(id, node);
  }
  let nested = 0;
  let orphans = 0;
  const positions = nodes.map((node) => {
    let position = readPosition(node.position);
    const seen = new Set<ReactFlowNode>([node]);
    const parentId = toId(node.parentId ?? node.parentNode);
    let parent = parentId === undefined ? undefined : byId.get(parentId);
    if (parent) nested++;
    else if (parentId !== undefined) orphans++;
    while (position && parent && !seen.has(parent)) {
      seen.add(parent);
      const offset = readPosition(parent.position);
      position = offset && { x: position.x + offset.x, y: position.y + offset.y };
      const next = toId(parent.parentId ?? parent.parentNode);
      parent = next === undefined ? undefined : byId.get(next);
    }
    return position;
  });
  if (nested > 0) warnings.push(`${nested} node(s) sat inside a parent node (group or sub flow): their positions were made absolute and the nesting is not kept`);
  if (orphans > 0) warnings.push(`${orphans} node(s) name a parent node that is not in the file: their positions were kept as written, relative to nothing`);
  return positions;
}

function readNode(node: ReactFlowNode, where: string, position: { x: number; y: number } | undefined, warnings: string[], dropped: DroppedFields): DraftNode {
  const data = node.data ?? {};
  const labelKey = LABEL_KEYS.find((key) => nonEmptyString(data[key]) !== undefined);
  const label = labelKey && nonEmptyString(data[labelKey]);
  const notes = nonEmptyString(data.description);
  const foreignType = nonEmptyString(node.type) ?? 'default';
  const typeInData = TYPE_KEYS.map((key) => ({ name: data[key], dataKey: key }));
  const candidates = GENERIC_TYPES.has(foreignType.toLowerCase()) ? typeInData : [{ name: foreignType }, ...typeInData];
  dropped.collect('node', node, NODE_KEYS, NODE_VIEW_KEYS);
  const settings = without(data, [labelKey ?? '', notes ? 'description' : '', 'disabled']);
  const known = translateKnownType(candidates, settings, where, warnings);
  if (known) return { where, rawId: node.id, type: known.type, label, position, config: known.config, disabled: data.disabled === true, notes };
  // Unknown: keep the type and every bit of data, so that nothing is lost.
  return { where, rawId: node.id, type: foreignType, label, position, config: data, disabled: data.disabled === true };
}

function readEdge(edge: z.infer<typeof EdgeSchema>, where: string, dropped: DroppedFields): DraftEdge {
  dropped.collect('edge', edge, EDGE_KEYS, EDGE_VIEW_KEYS);
  return {
    where,
    rawId: edge.id,
    source: edge.source,
    target: edge.target,
    sourceHandle: draftHandle(edge.sourceHandle),
    targetHandle: draftHandle(edge.targetHandle),
  };
}

/** Reads React Flow `nodes` and `edges` arrays (as found in a `toObject()` export or a sessions row). */
export function readReactFlowGraph(nodesValue: unknown, edgesValue: unknown, warnings: string[]): Pick<DraftWorkflow, 'nodes' | 'edges'> {
  const rawNodes = parseOrThrow(z.array(NodeSchema), nodesValue, 'nodes', 'React Flow graph');
  const rawEdges = parseOrThrow(z.array(EdgeSchema), edgesValue ?? [], 'edges', 'React Flow graph');
  const dropped = new DroppedFields();
  const positions = absolutePositions(rawNodes, warnings);
  const nodes = rawNodes.map((node, index) => readNode(node, `nodes[${index}]`, positions[index], warnings, dropped));
  const edges = rawEdges.map((edge, index) => readEdge(edge, `edges[${index}]`, dropped));
  dropped.report(warnings);
  return { nodes, edges };
}

const TOP_LEVEL_KEYS = new Set(['nodes', 'edges']);
const TOP_LEVEL_VIEW_KEYS = new Set(['viewport']);

/** Reads a React Flow `toObject()` export. */
export function readReactFlow(value: unknown, warnings: string[]): DraftWorkflow {
  const flow = parseOrThrow(z.looseObject({ nodes: z.array(z.unknown()), edges: z.array(z.unknown()).optional() }), value, '', 'React Flow export');
  warnDroppedTopLevel(flow, TOP_LEVEL_KEYS, TOP_LEVEL_VIEW_KEYS, warnings);
  return readReactFlowGraph(flow.nodes, flow.edges, warnings);
}
