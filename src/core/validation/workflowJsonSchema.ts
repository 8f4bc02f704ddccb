/**
 * The JSON Schema of `*.workflow.json`, generated from the zod schemas so that text editors
 * (VS Code's `jsonValidation`) complete and check the file like the validator does:
 * - the file format comes from `WorkflowSchema`;
 * - a node's `type` offers every registered type (with its description) yet accepts any
 *   string, since an unknown type is the validator's finding, not a format error;
 * - an `allOf` of `if type = X then config matches X's schema` gives `config` completion;
 * - wherever a config value could be a `{{ template }}` (resolved at run time), the schema
 *   also accepts a string holding one, rather than dropping the types: the editor still
 *   completes enum values and flags `"ms": "soon"`, but not `"ms": "{{ $vars.wait }}"`.
 * The schema is deliberately never stricter than the validator (a test holds it to that).
 */
import { z } from 'zod';
import { WorkflowSchema } from '../model/workflow';
import { builtinNodes } from '../nodes/registry';
import { configJsonSchema } from '../nodes/configJsonSchema';

type JsonSchema = { [key: string]: unknown };

/** The schema's identity (a URN: it is shipped in the extension, never fetched). */
export const WORKFLOW_SCHEMA_ID = 'urn:workflow-studio:schema:workflow:1';

const TEMPLATE_DEFINITION = 'template';
const TEMPLATE_REF = { $ref: `#/definitions/${TEMPLATE_DEFINITION}` };

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON pointer token (RFC 6901). */
function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** True when every string is valid for `schema` (so a template needs no extra branch). */
function acceptsAnyString(schema: JsonSchema): boolean {
  const restrictive = ['enum', 'const', 'pattern', 'format', 'maxLength', 'anyOf', 'oneOf', 'allOf', '$ref', 'not'];
  if (restrictive.some((key) => key in schema)) return false;
  const type = schema.type;
  return type === undefined || type === 'string' || (Array.isArray(type) && type.includes('string'));
}

/** Makes the children of a schema template-friendly (properties, items, map values, union members). */
function allowTemplatesInside(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (isObject(out.properties)) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([key, value]) => [key, allowTemplates(value)]));
  }
  if (isObject(out.additionalProperties)) out.additionalProperties = allowTemplates(out.additionalProperties);
  if (isObject(out.items)) out.items = allowTemplates(out.items);
  if (Array.isArray(out.items)) out.items = out.items.map(allowTemplates);
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((m) => (isObject(m) ? allowTemplatesInside(m) : m));
  }
  return out;
}

/** A value schema that also takes a template string; descriptions and defaults stay outside. */
function allowTemplates(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const inner = allowTemplatesInside(schema);
  if (acceptsAnyString(inner)) return inner;
  const { description, default: defaultValue, title, ...rest } = inner;
  const wrapped: JsonSchema = {};
  if (title !== undefined) wrapped.title = title;
  if (description !== undefined) wrapped.description = description;
  if (defaultValue !== undefined) wrapped.default = defaultValue;
  wrapped.anyOf = [rest, TEMPLATE_REF];
  return wrapped;
}

/** Rewrites local `$ref`s of an embedded schema to where its definitions now live. */
function rewriteRefs(value: unknown, rename: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, rename));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, key === '$ref' && typeof v === 'string' ? rename(v) : rewriteRefs(v, rename)]),
  );
}

/** One node type's config schema, template-friendly, with its own definitions hoisted under a prefix. */
function configDefinitions(definition: (typeof builtinNodes)[number]): Record<string, unknown> {
  const name = `config.${definition.type}`;
  // a schema zod cannot express comes as { type: 'object' }: complete nothing, but never refuse the node
  const generated = configJsonSchema(definition);
  const { definitions, ...root } = rewriteRefs(generated, (ref) =>
    ref === '#' ? `#/definitions/${pointerToken(name)}` : ref.replace(/^#\/definitions\//, `#/definitions/${pointerToken(name)}.`),
  ) as JsonSchema;
  const raw = new Set(definition.rawConfigKeys ?? []);
  const config = allowTemplatesInside({ ...root });
  if (isObject(root.properties) && isObject(config.properties)) {
    // raw keys (source code, bare expressions) are never templates: keep their plain schema
    for (const key of raw) if (key in root.properties) config.properties[key] = root.properties[key];
  }
  const out: Record<string, unknown> = { [name]: config };
  if (isObject(definitions)) {
    for (const [key, value] of Object.entries(definitions)) out[`${name}.${key}`] = allowTemplates(value);
  }
  return out;
}

/** Generates the JSON Schema of the workflow file from the zod schema and the registered node types. */
export function generateWorkflowJsonSchema(): JsonSchema {
  const base = z.toJSONSchema(WorkflowSchema, { target: 'draft-7', io: 'input' }) as JsonSchema;
  const { $schema: _ignored, definitions: baseDefinitions, ...format } = base;
  const types = [...builtinNodes].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));

  const nodeSchema = ((format.properties as JsonSchema).nodes as JsonSchema).items as JsonSchema;
  const nodeProperties = nodeSchema.properties as JsonSchema;
  const typeSchema = nodeProperties.type as JsonSchema;
  nodeProperties.type = {
    description: typeSchema.description,
    anyOf: [
      ...types.map((d) => ({ const: d.type, description: `${d.title}: ${d.description}` })),
      { type: 'string', minLength: 1, description: 'A node type that is not built in (the validator reports it).' },
    ],
  };
  nodeSchema.allOf = types.map((d) => ({
    if: { properties: { type: { const: d.type } }, required: ['type'] },
    then: { properties: { config: { $ref: `#/definitions/${pointerToken(`config.${d.type}`)}` } } },
  }));

  const definitions: Record<string, unknown> = { ...(isObject(baseDefinitions) ? baseDefinitions : {}) };
  definitions[TEMPLATE_DEFINITION] = {
    type: 'string',
    pattern: '\\{\\{[\\s\\S]*\\}\\}',
    description: 'A {{ expression }} evaluated when the node runs; its result must fit this field.',
  };
  for (const definition of types) Object.assign(definitions, configDefinitions(definition));

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: WORKFLOW_SCHEMA_ID,
    title: 'Workflow Studio workflow',
    description: 'A *.workflow.json file: nodes, edges and settings of one workflow (generated by `npm run schema`).',
    ...format,
    definitions,
  };
}

/** The schema file's exact text: 2-space indentation and a final newline, stable across runs. */
export function workflowJsonSchemaText(): string {
  return JSON.stringify(generateWorkflowJsonSchema(), null, 2) + '\n';
}
