/**
 * A row of the "workflow sessions" table (seed 000): React Flow `nodes` and `edges` (JSONB, so
 * possibly exported as JSON text), a `trigger` column saying how the workflow starts,
 * `variables`, `tags`, and database bookkeeping that has no place in a workflow file.
 */
import { z } from 'zod';
import type { DraftWorkflow, EntryTrigger } from './draft';
import { warnDroppedTopLevel } from './droppedFields';
import { ImportError, parseOrThrow } from './importError';
import { isRecord, nonEmptyString, unwrapJsonString, without } from './jsonValues';
import { readKeyValues } from './knownTypeConfigs';
import { readReactFlowGraph } from './reactFlow';

const ROW_KEYS = new Set(['name', 'description', 'nodes', 'edges', 'trigger', 'variables', 'tags']);

const RowSchema = z.looseObject({
  name: z.string().nullish(),
  description: z.string().nullish(),
  nodes: z.unknown().optional(),
  edges: z.unknown().optional(),
});

/** The seed's trigger kinds and our node types. */
const TRIGGER_TYPES: ReadonlyMap<string, string> = new Map(
  Object.entries({ manual: 'trigger.manual', schedule: 'trigger.schedule', cron: 'trigger.schedule', webhook: 'trigger.webhook' }),
);

/** The trigger column: `{ "type": "schedule", … }`, that object as JSON text, or a bare kind (`"manual"`). */
function readTrigger(value: unknown, warnings: string[]): EntryTrigger | undefined {
  if (value === null || value === undefined) return undefined;
  const bareKind = typeof value === 'string' && /^[A-Za-z_.-]+$/.test(value.trim()) ? value.trim() : undefined;
  const trigger = bareKind !== undefined ? { type: bareKind } : unwrapJsonString(value, 'trigger');
  if (!isRecord(trigger)) throw new ImportError('trigger: expected an object such as { "type": "manual" }');
  const kind = nonEmptyString(trigger.type);
  if (kind === undefined) {
    warnings.push('trigger: has no "type", so no trigger node was added; its settings were not kept');
    return undefined;
  }
  const config = without(trigger, ['type']);
  const known = TRIGGER_TYPES.get(kind.toLowerCase());
  const type = known ?? (kind.startsWith('trigger.') ? kind : `trigger.${kind}`);
  if (type === 'trigger.manual' && Object.keys(config).length > 0) {
    warnings.push(`trigger: kept settings that a manual trigger does not use: ${Object.keys(config).join(', ')}`);
  }
  return { type, config };
}

/** The variables column: an object, JSON text of one, or a list of `{ name, value }` pairs. */
function readVariables(value: unknown, warnings: string[]): Record<string, unknown> | undefined {
  const unwrapped = unwrapJsonString(value, 'variables');
  if (unwrapped === null || unwrapped === undefined) return undefined;
  const variables = readKeyValues(unwrapped) ?? (Array.isArray(unwrapped) && unwrapped.length === 0 ? {} : undefined);
  if (!variables) {
    warnings.push('variables: not an object or a list of { name, value } pairs; not kept');
    return undefined;
  }
  return Object.keys(variables).length > 0 ? variables : undefined;
}

/** The tags column: a text array, its JSON text, or PostgreSQL's array literal `{a,b}`. */
function readTags(value: unknown, warnings: string[]): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  let list: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    list = text.startsWith('{') && text.endsWith('}') ? text.slice(1, -1).split(',').map((t) => t.trim().replace(/^"(.*)"$/, '$1')) : unwrapJsonString(text, 'tags');
  }
  if (!Array.isArray(list)) {
    warnings.push('tags: not a list; not kept');
    return undefined;
  }
  const tags = list.flatMap((tag) => nonEmptyString(tag) ?? []);
  if (tags.length < list.length) warnings.push(`tags: ${list.length - tags.length} tag(s) that are not text were not kept`);
  return tags.length > 0 ? tags : undefined;
}

/** Reads one row of the sessions table. */
export function readSessionsRow(value: unknown, warnings: string[]): DraftWorkflow {
  const row = parseOrThrow(RowSchema, value, '', 'workflow sessions row');
  const nodes = unwrapJsonString(row.nodes, 'nodes');
  const edges = unwrapJsonString(row.edges ?? [], 'edges');
  if (!Array.isArray(nodes)) throw new ImportError('nodes: expected a list of React Flow nodes (or its JSON text)');
  warnDroppedTopLevel(row, ROW_KEYS, new Set(), warnings);
  const graph = readReactFlowGraph(nodes, edges ?? [], warnings);
  const name = nonEmptyString(row.name);
  const description = nonEmptyString(row.description);
  const tags = readTags(row.tags, warnings);
  const variables = readVariables(row.variables, warnings);
  const entryTrigger = readTrigger(row.trigger, warnings);
  return {
    ...graph,
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(tags ? { tags } : {}),
    ...(variables ? { variables } : {}),
    ...(entryTrigger ? { entryTrigger } : {}),
  };
}
