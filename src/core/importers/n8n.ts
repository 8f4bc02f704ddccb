/**
 * n8n workflow exports: `{ name, nodes: [{ id, name, type, typeVersion, position, parameters,
 * credentials, … }], connections: { "<source name>": { main: [[{ node, type, index }], …] } },
 * settings }`. Nodes are mapped by `n8nNodes.ts`; the wiring goes output index → our handle;
 * sticky notes become ours; credentials become secrets to set (never values: an export holds
 * only their names). Unmapped nodes keep their n8n type and everything they hold.
 */
import { z } from 'zod';
import type { OnError, RetryPolicy } from '../model/workflow';
import type { StickyColor } from '../../shared/stickyColors';
import { outputsOf } from '../nodes/definition';
import { getNodeDefinition } from '../nodes/registry';
import type { DraftEdge, DraftNode, DraftStickyNote, DraftWorkflow, SecretToSet } from './draft';
import { parseOrThrow } from './importError';
import { isRecord, nonEmptyString, readPosition, without } from './jsonValues';
import { convertN8nString, type ExpressionContext } from './n8nExpressions';
import { n8nRule, type N8nMapped, type N8nNodeContext } from './n8nNodes';

const NodeSchema = z.looseObject({
  name: z.string().regex(/\S/, 'must not be empty'),
  type: z.string().regex(/\S/, 'must not be empty'),
  typeVersion: z.number().optional(),
  parameters: z.custom<Record<string, unknown>>(isRecord, 'expected an object').optional(),
  credentials: z.custom<Record<string, unknown>>(isRecord, 'expected an object').optional(),
});
const ConnectionSchema = z.looseObject({ node: z.string(), type: z.string().optional(), index: z.number().int().min(0).optional() });
const WorkflowSchema = z.looseObject({
  name: z.string().nullish(),
  nodes: z.array(z.unknown()),
  connections: z.custom<Record<string, unknown>>(isRecord, 'expected an object keyed by node name').optional(),
  settings: z.custom<Record<string, unknown>>(isRecord, 'expected an object').nullish(),
});

type N8nNode = z.infer<typeof NodeSchema>;

const STICKY_TYPE = 'n8n-nodes-base.stickyNote';
/** n8n's sticky colours 1–7 and ours. */
const STICKY_COLORS: readonly StickyColor[] = ['yellow', 'orange', 'orange', 'green', 'blue', 'purple', 'gray'];
/** Node keys the reader uses; `NODE_VIEW_KEYS` say nothing about what a node does. */
const NODE_KEYS = new Set(['id', 'name', 'type', 'typeVersion', 'position', 'parameters', 'credentials', 'disabled', 'notes', 'continueOnFail', 'onError', 'errorOutput', 'retryOnFail', 'maxTries', 'waitBetweenTries']);
const NODE_VIEW_KEYS = new Set(['notesInFlow', 'color', 'webhookId', 'extendsCredential']);
const TOP_LEVEL_VIEW_KEYS = new Set(['id', 'versionId', 'meta', 'active', 'createdAt', 'updatedAt', 'isArchived', 'triggerCount', 'shared', 'homeProject', 'usedCredentials', 'sharedWithProjects', 'scopes', 'parentFolder']);

/** `Shop API (prod)` → `SHOP_API_PROD`. */
function secretName(label: string): string {
  const name = label.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Z_]/.test(name) ? name : `N8N_${name || 'CREDENTIAL'}`;
}

/** Credentials by n8n type and name → one secret each, shared by every node that uses it. */
class Secrets {
  private readonly byKey = new Map<string, SecretToSet>();
  private readonly names = new Set<string>();

  /** The secrets of `node`'s credentials, by credential type. */
  of(node: N8nNode, name: string): Map<string, string> {
    const result = new Map<string, string>();
    for (const [type, reference] of Object.entries(node.credentials ?? {})) {
      const label = (isRecord(reference) ? nonEmptyString(reference.name) : nonEmptyString(reference)) ?? type;
      const key = `${type}\u0000${label}`;
      let secret = this.byKey.get(key);
      if (!secret) {
        let wanted = secretName(label);
        for (let n = 2; this.names.has(wanted); n++) wanted = `${secretName(label)}_${n}`;
        this.names.add(wanted);
        secret = { name: wanted, source: `n8n credential "${label}" (${type})`, usedBy: [] };
        this.byKey.set(key, secret);
      }
      if (!secret.usedBy.includes(name)) secret.usedBy.push(name);
      result.set(type, secret.name);
    }
    return result;
  }

  list(): SecretToSet[] {
    return [...this.byKey.values()];
  }
}

function retryOf(node: N8nNode): RetryPolicy | undefined {
  if (node.retryOnFail !== true) return undefined;
  const tries = typeof node.maxTries === 'number' ? node.maxTries : 3;
  const wait = typeof node.waitBetweenTries === 'number' ? node.waitBetweenTries : 1000;
  return { maxAttempts: Math.min(100, Math.max(1, Math.round(tries))), backoff: 'fixed', initialMs: Math.max(0, Math.round(wait)), jitter: 0 };
}

function onErrorOf(node: N8nNode): OnError | undefined {
  // `errorOutput: true` with `continueOnFail` is how n8n wrote an error output before `onError`.
  if (node.onError === 'continueErrorOutput' || (node.errorOutput === true && node.continueOnFail === true)) return 'errorOutput';
  if (node.onError === 'continueRegularOutput' || node.continueOnFail === true) return 'continue';
  return undefined;
}

/** Deep conversion of parameter values; each expression kept as written is noted with its field. */
function converter(context: ExpressionContext, notes: string[]): (value: unknown, field: string) => unknown {
  const convert = (value: unknown, field: string): unknown => {
    if (typeof value === 'string') {
      const converted = convertN8nString(value, context);
      if (converted.problem) notes.push(`${field}: expression kept as written (${converted.problem})`);
      return converted.value;
    }
    if (Array.isArray(value)) return value.map((item, index) => convert(item, `${field}[${index}]`));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convert(item, `${field}.${key}`)]));
    return value;
  };
  return convert;
}

/** What one n8n node became: its draft node(s) and how its handles map. */
interface ReadNode {
  name: string;
  /** The node edges enter. */
  entry: DraftNode;
  /** The node regular outputs leave (the body adapter of an HTTP Request, else the entry). */
  exit: DraftNode;
  mapped?: N8nMapped;
}

function unknownConfig(node: N8nNode, secrets: ReadonlyMap<string, string>): Record<string, unknown> {
  const config: Record<string, unknown> = { ...without(node, ['id', 'name', 'type', 'position', 'disabled', 'notes', 'credentials', 'continueOnFail', 'onError', 'errorOutput', 'retryOnFail', 'maxTries', 'waitBetweenTries']) };
  if (secrets.size > 0) config.credentials = Object.fromEntries([...secrets].map(([type, secret]) => [type, `{{ $secrets.${secret} }}`]));
  return config;
}

function readNode(node: N8nNode, where: string, context: ExpressionContext, secrets: Secrets, timezone: string | undefined, warnings: string[]): ReadNode {
  const notes: string[] = [];
  const nodeSecrets = secrets.of(node, node.name);
  const rule = n8nRule(node.type);
  const nodeContext: N8nNodeContext = {
    name: node.name,
    typeVersion: node.typeVersion ?? 1,
    parameters: node.parameters ?? {},
    expressions: context,
    secrets: nodeSecrets,
    timezone,
    notes,
    convert: converter(context, notes),
  };
  const result = rule?.(nodeContext);
  const base = {
    where,
    rawId: node.id ?? node.name,
    label: node.name,
    position: readPosition(node.position),
    disabled: node.disabled === true,
    notes: nonEmptyString(node.notes),
    retry: retryOf(node),
    onError: onErrorOf(node),
    sourceType: node.type,
  };
  const say = (text: string): void => void warnings.push(`${where} "${node.name}": ${text}`);
  if (!result || 'refusal' in result) {
    if (result) say(`kept as ${node.type}: ${result.refusal}`);
    if (nodeSecrets.size > 0) say(`its credentials became secrets: ${[...nodeSecrets.values()].join(', ')}`);
    const entry: DraftNode = { ...base, type: node.type, config: unknownConfig(node, nodeSecrets) };
    return { name: node.name, entry, exit: entry };
  }
  for (const note of notes) say(note);
  for (const key of ['alwaysOutputData', 'executeOnce'] as const) if (node[key] === true) say(`"${key}" is not kept`);
  const unusedSecrets = [...nodeSecrets].filter(([type]) => !(type === 'httpBearerAuth' && result.type === 'http.request'));
  if (unusedSecrets.length > 0) say(`credentials ${unusedSecrets.map(([type, secret]) => `${type} → secret ${secret}`).join(', ')}: set each secret and use it in the config ($secrets.NAME)`);
  const entry: DraftNode = { ...base, type: result.type, config: result.config };
  if (!result.outputsBody) return { name: node.name, entry, exit: entry, mapped: result };
  // n8n's HTTP Request outputs the response body; ours { status, headers, body }. A Transform that
  // takes the body keeps the n8n node's name, so expressions that read that node still mean the same.
  const request: DraftNode = { ...entry, rawId: `${String(base.rawId)}-request`, label: `${node.name} (request)` };
  const position = base.position && { x: base.position.x, y: base.position.y + 120 };
  const body: DraftNode = { where, rawId: base.rawId, label: node.name, position, config: { expression: 'body' }, type: 'data.transform', sourceType: `${node.type} (response body)` };
  say(`became an HTTP Request "${request.label}" and a Transform "${node.name}" that outputs the response body, as n8n does`);
  return { name: node.name, entry: request, exit: body, mapped: result };
}

function readSticky(node: N8nNode, where: string): DraftStickyNote {
  const p = node.parameters ?? {};
  const color = typeof p.color === 'number' ? STICKY_COLORS[p.color - 1] : undefined;
  return {
    where,
    rawId: node.id ?? node.name,
    text: typeof p.content === 'string' ? p.content : '',
    position: readPosition(node.position),
    width: typeof p.width === 'number' ? p.width : 240,
    height: typeof p.height === 'number' ? p.height : 160,
    ...(color ? { color } : {}),
  };
}

/** Our handle for output `index` of a node (an error output when the node routes errors). */
function sourceHandle(read: ReadNode | undefined, index: number, connectionType: string): string | undefined {
  if (connectionType !== 'main') return `${connectionType}_${index}`;
  if (!read?.mapped) return index === 0 ? undefined : `output_${index}`;
  const node = read.entry;
  const definition = getNodeDefinition(node.type);
  const regular = definition ? outputsOf(definition, node.config).length : 1;
  if (node.onError === 'errorOutput' && index === regular) return 'error';
  return read.mapped.output?.(index) ?? (index === 0 ? undefined : `output_${index}`);
}

function targetHandle(read: ReadNode | undefined, index: number, connectionType: string): string | undefined {
  if (connectionType !== 'main') return `${connectionType}_${index}`;
  // A Merge's inputs all go to our "in"; the edge order keeps n8n's input order.
  if (read?.entry.type === 'flow.merge') return undefined;
  return index === 0 ? undefined : `input_${index}`;
}

interface RawEdge extends DraftEdge {
  order: number;
}

/** Nodes by name (how n8n keys connections) and, for files that key them otherwise, by id. */
interface NodeLookup {
  byName: ReadonlyMap<string, ReadNode>;
  byId: ReadonlyMap<string, ReadNode>;
}

function lookup(nodes: NodeLookup, reference: string): ReadNode | undefined {
  return nodes.byName.get(reference) ?? nodes.byId.get(reference);
}

/**
 * Connections by output index. One that names no node of the workflow is not part of it in
 * n8n either (its editor ignores it): it is left out with a warning, and counted.
 */
function readConnections(connections: Record<string, unknown>, nodes: NodeLookup, warnings: string[]): { edges: RawEdge[]; dangling: number } {
  const edges: RawEdge[] = [];
  let dangling = 0;
  for (const [sourceName, byType] of Object.entries(connections)) {
    if (!isRecord(byType)) continue;
    const source = lookup(nodes, sourceName);
    for (const [connectionType, outputs] of Object.entries(byType)) {
      if (!Array.isArray(outputs)) continue;
      outputs.forEach((targets, outputIndex) => {
        if (!Array.isArray(targets)) return;
        targets.forEach((raw, position) => {
          const where = `connections[${JSON.stringify(sourceName)}].${connectionType}[${outputIndex}][${position}]`;
          const connection = parseOrThrow(ConnectionSchema, raw, where, 'n8n connection');
          const target = lookup(nodes, connection.node);
          if (!source || !target) {
            dangling++;
            warnings.push(`${where}: "${source ? connection.node : sourceName}" is no node of the workflow (n8n ignores this connection too); not kept`);
            return;
          }
          const handle = sourceHandle(source, outputIndex, connectionType);
          // Errors leave the HTTP request itself; regular outputs leave its body adapter.
          const from = handle === 'error' ? source.entry : source.exit;
          edges.push({
            where,
            rawId: `e${edges.length + 1}`,
            source: String(from.rawId),
            target: String(target.entry.rawId),
            sourceHandle: handle,
            targetHandle: targetHandle(target, connection.index ?? 0, connection.type ?? connectionType),
            order: connection.index ?? 0,
          });
        });
      });
    }
  }
  return { edges, dangling };
}

/**
 * Loops: n8n wires the end of a Loop Over Items body back into the loop node; our For Each runs
 * its body per item by itself, so that edge (a cycle here) is left out, with a warning.
 */
function dropLoopBacks(edges: RawEdge[], nodes: readonly DraftNode[], warnings: string[]): RawEdge[] {
  const loops = new Set(nodes.filter((node) => node.type === 'flow.forEach').map((node) => String(node.rawId)));
  if (loops.size === 0) return edges;
  const outgoing = new Map<string, RawEdge[]>();
  for (const edge of edges) outgoing.set(String(edge.source), [...(outgoing.get(String(edge.source)) ?? []), edge]);
  const body = (loop: string): Set<string> => {
    const seen = new Set<string>();
    const stack = (outgoing.get(loop) ?? []).filter((edge) => edge.sourceHandle === 'item').map((edge) => String(edge.target));
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id) || id === loop) continue;
      seen.add(id);
      for (const edge of outgoing.get(id) ?? []) stack.push(String(edge.target));
    }
    return seen;
  };
  const bodies = new Map([...loops].map((loop) => [loop, body(loop)]));
  return edges.filter((edge) => {
    const members = bodies.get(String(edge.target));
    if (!members?.has(String(edge.source))) return true;
    warnings.push(`${edge.where}: the connection back into the loop "${String(edge.target)}" is what For Each does by itself; not kept as an edge`);
    return false;
  });
}

function readTags(tags: unknown): string[] | undefined {
  if (!Array.isArray(tags)) return undefined;
  const names = tags.flatMap((tag) => nonEmptyString(isRecord(tag) ? tag.name : tag) ?? []);
  return names.length > 0 ? names : undefined;
}

/** Reads an n8n workflow export. */
export function readN8n(value: unknown, warnings: string[]): DraftWorkflow {
  const workflow = parseOrThrow(WorkflowSchema, value, '', 'n8n workflow');
  const settings = workflow.settings ?? {};
  const timezone = nonEmptyString(settings.timezone);
  const context: ExpressionContext = { envNames: new Set() };
  const secrets = new Secrets();
  const nodes: DraftNode[] = [];
  const stickyNotes: DraftStickyNote[] = [];
  const byName = new Map<string, ReadNode>();
  const dropped = new Set<string>();
  let nodesIn = 0;
  workflow.nodes.forEach((raw, index) => {
    const where = `nodes[${index}]`;
    const node = parseOrThrow(NodeSchema, raw, where, 'n8n node');
    if (node.type === STICKY_TYPE) {
      stickyNotes.push(readSticky(node, where));
      return;
    }
    for (const key of Object.keys(node)) if (!NODE_KEYS.has(key) && !NODE_VIEW_KEYS.has(key) && !['alwaysOutputData', 'executeOnce'].includes(key)) dropped.add(key);
    nodesIn++;
    const read = readNode(node, where, context, secrets, timezone, warnings);
    nodes.push(read.entry);
    if (read.exit !== read.entry) nodes.push(read.exit);
    if (byName.has(node.name)) warnings.push(`${where}: a second node named "${node.name}"; connections go to the first`);
    else byName.set(node.name, read);
  });
  if (dropped.size > 0) warnings.push(`node fields not kept: ${[...dropped].join(', ')}`);
  if (!timezone && nodes.some((node) => node.type === 'trigger.schedule')) warnings.push('the workflow has no time zone (n8n used the instance\'s): schedules run in UTC');
  const byId = new Map([...byName.values()].map((read) => [String(read.entry.rawId), read]));
  const { edges: rawEdges, dangling } = readConnections(workflow.connections ?? {}, { byName, byId }, warnings);
  const connectionCount = rawEdges.length + dangling;
  // Stable: edges into a node keep n8n's input order (a Merge's first input first).
  const edges = dropLoopBacks([...rawEdges].sort((a, b) => a.order - b.order), nodes, warnings);
  // The body adapters of HTTP Requests: request → body.
  for (const read of byName.values()) {
    if (read.exit !== read.entry) edges.push({ where: read.entry.where, rawId: `${String(read.entry.rawId)}-body`, source: String(read.entry.rawId), target: String(read.exit.rawId), order: 0 });
  }
  for (const key of ['pinData', 'staticData'] as const) {
    if (isRecord(workflow[key]) && Object.keys(workflow[key]).length > 0) warnings.push(`${key} not kept (${key === 'pinData' ? 'pinned test data' : 'workflow static data'})`);
  }
  const extraSettings = Object.keys(settings).filter((key) => key !== 'timezone' && key !== 'executionOrder');
  if (extraSettings.length > 0) warnings.push(`settings not kept: ${extraSettings.join(', ')}`);
  const unknownTop = Object.keys(workflow).filter((key) => !['name', 'nodes', 'connections', 'settings', 'tags', 'pinData', 'staticData'].includes(key) && !TOP_LEVEL_VIEW_KEYS.has(key));
  if (unknownTop.length > 0) warnings.push(`top-level fields not kept: ${unknownTop.join(', ')}`);
  const name = nonEmptyString(workflow.name);
  const tags = readTags(workflow.tags);
  const env = [...context.envNames].sort();
  return {
    ...(name !== undefined ? { name } : {}),
    ...(tags ? { tags } : {}),
    ...(env.length > 0 ? { settings: { env } } : {}),
    nodes,
    edges: edges.map(({ order: _order, ...edge }) => edge),
    stickyNotes,
    secrets: secrets.list(),
    sourceCounts: {
      nodes: nodesIn,
      edges: connectionCount,
      stickyNotes: stickyNotes.length,
      other: dangling > 0 ? [{ kind: 'connections to no node', in: dangling, out: 0, note: 'n8n ignores them too' }] : [],
    },
  };
}
