/**
 * Markdown reference of node types, derived from their definitions (`docs/nodes.md` is
 * generated from it by `npm run docs:nodes`). Pure functions without I/O, so the extension's
 * hover docs and the canvas palette can render the same text as the docs.
 *
 * Config tables come from the config's JSON Schema (`configJsonSchema.ts`), so a field added to a schema shows
 * up (with its `.describe()` text) without anyone editing the docs.
 */
import { z } from 'zod';
import { outputsOf, type NodeCategory, type NodeDefinition, type PortDefinition } from './definition';
import { FORMAT_VERSION, NodeSchema, type WorkflowNode } from '../model/workflow';
import { serializeWorkflow } from '../model/serialize';
import { configJsonSchema, inputJsonSchema, type JsonSchema } from './configJsonSchema';

type SchemaOrBool = z.core.JSONSchema._JSONSchema;

/** One row of a config (or node key) table. */
export interface FieldDoc {
  /** Key in the config; nested keys are dotted (`retry.maxAttempts`). */
  name: string;
  /** Short human-readable type, e.g. `integer (1–1000)` or `"GET" | "POST"`. */
  type: string;
  /** JSON text of the default applied at run time, when the schema has one. */
  default?: string;
  required: boolean;
  description: string;
}

/** Palette order of categories; the table of contents follows it. */
export const CATEGORY_ORDER: readonly NodeCategory[] = ['trigger', 'data', 'flow', 'code', 'network', 'system', 'file', 'utility'];

const CATEGORY_TITLES: Record<NodeCategory, string> = {
  trigger: 'Trigger',
  data: 'Data',
  flow: 'Flow',
  code: 'Code',
  network: 'Network',
  system: 'System',
  file: 'File',
  utility: 'Utility',
};

/** Texts for object-valued node keys whose schema has no `.describe()` of its own. */
const NODE_KEY_FALLBACKS: Record<string, string> = {
  position: 'Canvas position; rounded to whole pixels when the file is saved.',
  retry: 'Retry policy: attempts with exponential (or fixed) backoff and jitter. Without it a failure is final.',
};

// ---------------------------------------------------------------------------------------------
// JSON Schema → field rows

/** Where `schema` refers to: its `$ref`, or one wrapped in a lone `allOf` (draft-07 keeps a `$ref`'s siblings that way). */
function refOf(schema: JsonSchema): string | undefined {
  if (schema.$ref !== undefined) return schema.$ref;
  const only = schema.allOf?.length === 1 ? schema.allOf[0] : undefined;
  return typeof only === 'object' ? only.$ref : undefined;
}

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema | undefined {
  const ref = refOf(schema);
  const name = ref?.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined;
  const found = name === undefined ? undefined : (root.definitions as Record<string, SchemaOrBool> | undefined)?.[name];
  return typeof found === 'object' ? found : undefined;
}

const JSON_TYPES: readonly z.core.JSONSchema.SchemaType[] = ['string', 'number', 'boolean', 'null', 'array', 'object'];

/** True for the union zod emits for `z.json()`: every JSON type allowed. */
function isAnyJson(members: readonly JsonSchema[]): boolean {
  const types = new Set(members.flatMap((m) => (Array.isArray(m.type) ? m.type : m.type ? [m.type] : [])));
  return JSON_TYPES.every((t) => types.has(t));
}

function range(low: string | undefined, high: string | undefined): string | undefined {
  if (low?.startsWith('≥ ') && high?.startsWith('≤ ')) return `${low.slice(2)}–${high.slice(2)}`;
  return [low, high].filter((p) => p !== undefined).join(', ') || undefined;
}

/** zod's `.int()` adds the safe-integer bounds itself; they say nothing to a reader. */
function meaningful(bound: number | undefined): number | undefined {
  return bound === Number.MAX_SAFE_INTEGER || bound === Number.MIN_SAFE_INTEGER ? undefined : bound;
}

/** Bounds such as `1–1000`, `> 0` or `non-empty`, for the type column. */
function constraints(schema: JsonSchema): string | undefined {
  const parts: (string | undefined)[] = [];
  const min = meaningful(schema.minimum);
  const max = meaningful(schema.maximum);
  const low = typeof schema.exclusiveMinimum === 'number' ? `> ${schema.exclusiveMinimum}` : min !== undefined ? `≥ ${min}` : undefined;
  const high = typeof schema.exclusiveMaximum === 'number' ? `< ${schema.exclusiveMaximum}` : max !== undefined ? `≤ ${max}` : undefined;
  parts.push(range(low, high));
  if (schema.minLength === 1) parts.push('non-empty');
  else if (schema.minLength !== undefined) parts.push(`≥ ${schema.minLength} chars`);
  if (schema.maxLength !== undefined) parts.push(`≤ ${schema.maxLength} chars`);
  if (schema.minItems !== undefined) parts.push(`≥ ${schema.minItems} items`);
  if (schema.maxItems !== undefined) parts.push(`≤ ${schema.maxItems} items`);
  const text = parts.filter((p) => p !== undefined).join(', ');
  return text === '' ? undefined : text;
}

/** A short type for humans; `seen` stops recursive `$ref`s (z.json() refers to itself). */
function typeText(schema: SchemaOrBool | undefined, root: JsonSchema, seen: ReadonlySet<string> = new Set()): string {
  if (schema === undefined || schema === true) return 'any';
  if (schema === false) return 'never';
  const ref = refOf(schema);
  if (ref !== undefined) {
    const target = resolveRef(schema, root);
    if (!target || seen.has(ref)) return 'any';
    return typeText(target, root, new Set([...seen, ref]));
  }
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return isAnyJson(union) ? 'JSON value' : [...new Set(union.map((m) => typeText(m, root, seen)))].join(' | ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return 'any';
  const bounds = constraints(schema);
  const base = types.map((t) => baseTypeText(t, schema, root, seen)).join(' | ');
  return bounds ? `${base} (${bounds})` : base;
}

function baseTypeText(type: string, schema: JsonSchema, root: JsonSchema, seen: ReadonlySet<string>): string {
  if (type === 'array') {
    const items = Array.isArray(schema.items) ? undefined : schema.items;
    if (items === undefined || items === true) return 'array';
    const item = typeText(items, root, seen);
    return item.includes(' ') ? `(${item})[]` : `${item}[]`;
  }
  if (type === 'object' && !schema.properties && schema.additionalProperties !== undefined) {
    const value = schema.additionalProperties;
    return value === true || (typeof value === 'object' && Object.keys(value).length === 0) ? 'object' : `{ [key]: ${typeText(value, root, seen)} }`;
  }
  return type;
}

/** Rows for the properties of an object schema; nested objects with properties are flattened. */
function fieldRows(schema: JsonSchema, root: JsonSchema, prefix: string, fallbacks: Record<string, string>): FieldDoc[] {
  const required = new Set(schema.required ?? []);
  const rows: FieldDoc[] = [];
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    const name = prefix + key;
    const property: JsonSchema = typeof raw === 'boolean' ? {} : raw;
    const target = resolveRef(property, root) ?? property;
    const nested = target.type === 'object' && target.properties !== undefined;
    rows.push({
      name,
      type: nested ? 'object' : typeText(property, root),
      ...('default' in property ? { default: JSON.stringify(property.default) } : {}),
      required: required.has(key),
      description: property.description ?? target.description ?? fallbacks[name] ?? '',
    });
    if (nested) rows.push(...fieldRows(target, root, `${name}.`, fallbacks));
  }
  return rows;
}

/** The config fields of a type, in schema order, as users write them (before defaults apply). */
export function configFields(definition: NodeDefinition<unknown>): FieldDoc[] {
  const root = configJsonSchema(definition);
  return fieldRows(root, root, '', {});
}

/** The keys of any node, from the file format's node schema. */
export function commonNodeKeys(): FieldDoc[] {
  const root = inputJsonSchema(NodeSchema);
  return fieldRows(root, root, '', NODE_KEY_FALLBACKS);
}

// ---------------------------------------------------------------------------------------------
// Markdown pieces

/** Makes text safe inside a table cell: pipes end cells and newlines end rows. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function fieldTable(rows: readonly FieldDoc[], keyTitle: string): string {
  const lines = [`| ${keyTitle} | Type | Default | Required | Description |`, '| --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const defaultCell = row.default === undefined ? '—' : `\`${cell(row.default)}\``;
    lines.push(`| \`${row.name}\` | \`${cell(row.type)}\` | ${defaultCell} | ${row.required ? 'yes' : 'no'} | ${cell(row.description)} |`);
  }
  return lines.join('\n');
}

/** The anchor GitHub (and VS Code's preview) gives a heading: lower case, punctuation dropped. */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');
}

/** Heading text of a type's section, e.g. "`http.request` — HTTP Request". */
export function nodeHeading(definition: NodeDefinition<unknown>): string {
  return `\`${definition.type}\` — ${definition.title}`;
}

function portLine(port: PortDefinition): string {
  const label = port.label !== undefined && port.label !== port.name ? ` (label “${port.label}”)` : '';
  return `- \`${port.name}\`${label}${port.description ? `: ${port.description}` : ''}`;
}

function handlesMarkdown(definition: NodeDefinition<unknown>): string {
  const parts: string[] = ['**Inputs**', ''];
  if (definition.inputs.length > 0) parts.push(...definition.inputs.map(portLine));
  else parts.push(definition.isTrigger ? '- none: a trigger starts runs and receives no edges' : '- none');
  const dynamic = typeof definition.outputs === 'function';
  parts.push('', dynamic ? '**Outputs** (they depend on the config; shown here for the example config below)' : '**Outputs**', '');
  const outputs = outputsOf(definition, definition.example);
  parts.push(...(outputs.length > 0 ? outputs.map(portLine) : ['- none']));
  if (definition.bodyHandle !== undefined) {
    parts.push('', `The nodes behind \`${definition.bodyHandle}\` form a loop body, run once per item.`);
  }
  return parts.join('\n');
}

function keyList(keys: readonly string[]): string {
  return keys.map((k) => `\`${k}\``).join(', ');
}

function configMarkdown(definition: NodeDefinition<unknown>): string {
  const rows = configFields(definition);
  if (rows.length === 0) return '**Config:** none; `config` is `{}`.';
  const parts = ['**Config**', '', fieldTable(rows, 'Field')];
  // Both lists change how a value is read, which the schema alone does not show.
  const expressionKeys = definition.expressionConfigKeys ?? [];
  const rawKeys = (definition.rawConfigKeys ?? []).filter((k) => !expressionKeys.includes(k));
  if (expressionKeys.length > 0) parts.push('', `${keyList(expressionKeys)}: a bare JSONata expression, written without \`{{ }}\`.`);
  if (rawKeys.length > 0) parts.push('', `${keyList(rawKeys)}: taken literally; \`{{ }}\` in it is not evaluated.`);
  return parts.join('\n');
}

/** Prints one node exactly as the serializer writes it inside a workflow file. */
export function nodeJson(node: WorkflowNode): string {
  const text = serializeWorkflow({ formatVersion: FORMAT_VERSION, name: 'docs', nodes: [node], edges: [] });
  // The node is the only item of "nodes": it opens and closes at 4 spaces of indentation, and
  // JSON strings hold no raw newlines, so these markers cannot occur inside it.
  const start = text.indexOf('\n    {\n');
  const end = text.indexOf('\n    }', start);
  if (start < 0 || end < 0) throw new Error('unexpected serializer layout: cannot cut out the node');
  return text
    .slice(start + 1, end + '\n    }'.length)
    .split('\n')
    .map((line) => line.slice(4))
    .join('\n');
}

/** A complete node of this type with its documented example config. */
export function exampleNode(definition: NodeDefinition<unknown>): WorkflowNode {
  return {
    id: definition.type.replace(/\./g, '-'),
    type: definition.type,
    name: definition.title,
    position: { x: 0, y: 0 },
    config: definition.example,
  };
}

function jsonBlock(text: string): string {
  return ['```json', text, '```'].join('\n');
}

/** Everything about one type; `headingLevel` lets hovers and the docs nest it differently. */
export function nodeTypeMarkdown(definition: NodeDefinition<unknown>, headingLevel = 3): string {
  return [
    `${'#'.repeat(headingLevel)} ${nodeHeading(definition)}`,
    definition.description,
    definition.docs,
    handlesMarkdown(definition),
    configMarkdown(definition),
    '**Example**',
    jsonBlock(nodeJson(exampleNode(definition))),
  ]
    .filter((part) => part.trim() !== '')
    .join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// The whole reference

const INTRO =
  'Every built-in node type, generated from its definition in `src/core/nodes/`. ' +
  'String values in `config` are templates: each `{{ expression }}` is a JSONata expression evaluated against the node\'s input before the node runs ' +
  '(a string that is exactly one `{{ }}` keeps the value\'s type, any other string becomes text); see [Expressions](../README.md#expressions).';

/** Example of the keys every node accepts; validated against the node schema by the tests. */
export const COMMON_KEYS_EXAMPLE: WorkflowNode = {
  id: 'fetch-prices',
  type: 'http.request',
  name: 'Fetch prices',
  position: { x: 240, y: 0 },
  config: { url: 'https://api.example.com/prices' },
  disabled: false,
  notes: 'The price API is flaky: retry it, and route a final failure to the "error" handle.',
  retry: { maxAttempts: 3, backoff: 'exponential', initialMs: 500, maxMs: 10000, jitter: 0.2 },
  timeoutMs: 15000,
  onError: 'errorOutput',
};

function commonKeysMarkdown(): string {
  return [
    '## Common node keys',
    'The keys of a node in a `.workflow.json` file, the same for every type; only the content of `config` depends on the type (see each type below). `retry`, `timeoutMs`, `onError`, `disabled` and `notes` are optional.',
    fieldTable(commonNodeKeys(), 'Key'),
    jsonBlock(nodeJson(COMMON_KEYS_EXAMPLE)),
  ].join('\n\n');
}

function contentsMarkdown(definitions: readonly NodeDefinition<unknown>[]): string {
  const lines = ['## Contents', '', `- [Common node keys](#${headingAnchor('Common node keys')})`];
  for (const category of CATEGORY_ORDER) {
    const members = definitions.filter((d) => d.category === category);
    if (members.length === 0) continue;
    lines.push(`- ${CATEGORY_TITLES[category]}`);
    for (const d of members) lines.push(`  - [${nodeHeading(d)}](#${headingAnchor(nodeHeading(d))})`);
  }
  return lines.join('\n');
}

/** The whole `docs/nodes.md`; deterministic (no dates), sections in the given (registry) order. */
export function nodeReferenceMarkdown(definitions: readonly NodeDefinition<unknown>[]): string {
  return (
    [
      '# Node reference',
      '<!-- Generated by `npm run docs:nodes` from the node definitions in src/core/nodes. Do not edit by hand. -->',
      INTRO,
      contentsMarkdown(definitions),
      commonKeysMarkdown(),
      '## Node types',
      ...definitions.map((d) => nodeTypeMarkdown(d)),
    ].join('\n\n') + '\n'
  );
}
