/**
 * Glyphic's workflow blob (seed 004): ComfyUI-like nodes (`pos: [x, y]`, `data.label`,
 * `data.nodeType`, `data.fields` = the settings) with React Flow-like `edges`. A row of its
 * `workflows` table (`{ name, description, tags, workflow_data }`) is read too.
 */
import { z } from 'zod';
import { draftHandle, RawIdSchema, type DraftEdge, type DraftNode, type DraftWorkflow } from './draft';
import { DroppedFields, warnDroppedTopLevel } from './droppedFields';
import { ImportError, parseOrThrow } from './importError';
import { isRecord, nonEmptyString, readPosition, unwrapJsonString } from './jsonValues';
import { translateKnownType } from './knownTypes';
import { disabledByMode } from './litegraphModes';

const ObjectSchema = z.custom<Record<string, unknown>>(isRecord, 'expected an object');

const NodeSchema = z
  .looseObject({
    type: z.string().nullish(),
    title: z.string().nullish(),
    mode: z.number().nullish(),
    data: z.looseObject({ label: z.unknown().optional(), nodeType: z.string().nullish(), fields: ObjectSchema.nullish() }).nullish(),
  })
  .refine((node) => nonEmptyString(node.data?.nodeType) !== undefined || nonEmptyString(node.type) !== undefined, {
    message: 'has neither "type" nor "data.nodeType"',
  });
const EdgeSchema = z.looseObject({
  source: RawIdSchema,
  target: RawIdSchema,
  sourceHandle: z.union([z.string(), z.number(), z.null()], { error: 'expected a handle name' }).optional(),
  targetHandle: z.union([z.string(), z.number(), z.null()], { error: 'expected a handle name' }).optional(),
  type: z.unknown().optional(),
});
const BlobSchema = z.looseObject({ nodes: z.array(z.unknown()), edges: z.array(z.unknown()).nullish() });

const NODE_KEYS = new Set(['id', 'type', 'title', 'pos', 'data', 'mode']);
/** Layout, and ports that the edges already describe. */
const NODE_VIEW_KEYS = new Set(['size', 'inputs', 'outputs', 'order', 'flags', 'color', 'bgcolor', 'shape', 'selected']);
const DATA_KEYS = new Set(['label', 'nodeType', 'fields', 'description']);
const EDGE_KEYS = new Set(['id', 'source', 'target', 'sourceHandle', 'targetHandle', 'type']);
const BLOB_KEYS = new Set(['nodes', 'edges', 'groups', 'config', 'metadata', 'links']);
/** Database identity and counters, meaningless in a file. */
const BLOB_VIEW_KEYS = new Set(['id', 'revision', 'last_node_id', 'last_link_id', 'version', 'extra']);
const ROW_KEYS = new Set(['name', 'description', 'tags', 'workflow_data']);

function readNode(raw: unknown, where: string, warnings: string[], dropped: DroppedFields): DraftNode {
  const node = parseOrThrow(NodeSchema, raw, where, 'Glyphic node');
  const data: Record<string, unknown> = node.data ?? {};
  const fields = isRecord(data.fields) ? data.fields : {};
  const nodeType = nonEmptyString(data.nodeType);
  const comfyClass = nonEmptyString(node.type);
  if (nodeType !== undefined && comfyClass !== undefined && nodeType !== comfyClass) dropped.add('node', 'type, replaced by data.nodeType');
  dropped.collect('node', node, NODE_KEYS, NODE_VIEW_KEYS);
  dropped.collect('node', data, DATA_KEYS, new Set(), 'data.');
  const foreignType = (nodeType ?? comfyClass)!;
  const label = nonEmptyString(data.label) ?? nonEmptyString(node.title);
  const known = translateKnownType([{ name: nodeType }, { name: comfyClass }], fields, where, warnings);
  const notes = nonEmptyString(data.description);
  return {
    where,
    rawId: node.id,
    type: known?.type ?? foreignType,
    label,
    position: readPosition(node.pos),
    config: known?.config ?? fields,
    disabled: disabledByMode(node.mode, where, warnings),
    ...(notes !== undefined ? { notes } : {}),
  };
}

function readEdge(raw: unknown, where: string, dataTypes: Set<string>, dropped: DroppedFields): DraftEdge {
  const edge = parseOrThrow(EdgeSchema, raw, where, 'Glyphic edge');
  if (typeof edge.type === 'string' && edge.type !== '') dataTypes.add(edge.type);
  dropped.collect('edge', edge, EDGE_KEYS);
  return { where, rawId: edge.id, source: edge.source, target: edge.target, sourceHandle: draftHandle(edge.sourceHandle), targetHandle: draftHandle(edge.targetHandle) };
}

function warnDroppedParts(blob: Record<string, unknown>, warnings: string[]): void {
  if (Array.isArray(blob.groups) && blob.groups.length > 0) warnings.push(`${blob.groups.length} group(s) not kept (our format has no groups)`);
  for (const key of ['config', 'metadata'] as const) {
    const part = blob[key];
    if (isRecord(part) && Object.keys(part).length > 0) warnings.push(`${key} not kept: ${Object.keys(part).join(', ')}`);
  }
  if (Array.isArray(blob.links) && blob.links.length > 0) warnings.push(`links not read: the ${blob.links.length} ComfyUI links were ignored because "edges" describes the connections`);
}

/** Reads a Glyphic `workflow_data` blob. */
export function readGlyphicBlob(value: unknown, warnings: string[]): DraftWorkflow {
  const blob = parseOrThrow(BlobSchema, value, '', 'Glyphic workflow');
  warnDroppedTopLevel(blob, BLOB_KEYS, BLOB_VIEW_KEYS, warnings);
  warnDroppedParts(blob, warnings);
  const dropped = new DroppedFields();
  const dataTypes = new Set<string>();
  const nodes = blob.nodes.map((node, index) => readNode(node, `nodes[${index}]`, warnings, dropped));
  const edges = (blob.edges ?? []).map((edge, index) => readEdge(edge, `edges[${index}]`, dataTypes, dropped));
  dropped.report(warnings);
  if (dataTypes.size > 0) warnings.push(`edge data types not kept: ${[...dataTypes].join(', ')}`);
  return { nodes, edges };
}

/** Reads a Glyphic blob, or a row of the `workflows` table that holds one in `workflow_data`. */
export function readGlyphic(value: unknown, warnings: string[]): DraftWorkflow {
  if (!isRecord(value) || !('workflow_data' in value)) return readGlyphicBlob(value, warnings);
  const blob = unwrapJsonString(value.workflow_data, 'workflow_data');
  if (!isRecord(blob)) throw new ImportError('workflow_data: expected the workflow object (or its JSON text)');
  warnDroppedTopLevel(value, ROW_KEYS, new Set(), warnings);
  const draft = readGlyphicBlob(blob, warnings);
  const name = nonEmptyString(value.name);
  const description = nonEmptyString(value.description);
  const tags = Array.isArray(value.tags) ? value.tags.flatMap((tag) => nonEmptyString(tag) ?? []) : [];
  return {
    ...draft,
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
}
