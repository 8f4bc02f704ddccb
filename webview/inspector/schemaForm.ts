/**
 * From a node type's config JSON Schema (draft-7, as zod generates it) to the inspector's form
 * fields, and between config values and the text the user edits. Pure and free of React and
 * the DOM, so it is unit-tested in plain Node.
 *
 * Mapping: string → text (multi-line monospace for code, expressions and long descriptions);
 * number / integer → number with min / max; enum → dropdown; boolean → checkbox; a record →
 * key/value rows; an array of scalars → a list (of checkboxes when the items are an enum); an
 * object with properties → a nested fieldset; anything else → a JSON field.
 */

/** A JSON Schema node (draft-7), loosely typed: the form reads what it knows and ignores the rest. */
export type JsonSchema = { readonly [key: string]: unknown };

/** A scalar JSON type a text can stand for. */
export type ScalarType = 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** How a field is edited. */
export type FieldKind =
  | { kind: 'text'; multiline: boolean; monospace: boolean; language?: 'javascript' | 'jsonata' }
  | { kind: 'number'; integer: boolean; min?: number; max?: number; exclusiveMin?: number; exclusiveMax?: number }
  | { kind: 'enum'; options: readonly (string | number | boolean)[] }
  | { kind: 'boolean' }
  /** A text read as the first of `types` it fits (e.g. `5` → 5 when numbers are allowed). */
  | { kind: 'scalar'; types: readonly ScalarType[] }
  | { kind: 'record'; value: FieldKind }
  | { kind: 'list'; item: FieldKind }
  | { kind: 'multiEnum'; options: readonly (string | number | boolean)[] }
  | { kind: 'object'; fields: readonly FieldSpec[] }
  | { kind: 'json' };

/** One field of the form. */
export interface FieldSpec {
  /** The config key. */
  key: string;
  label: string;
  description?: string;
  required: boolean;
  /** The schema's default, shown as a placeholder. */
  default?: unknown;
  kind: FieldKind;
}

/** What the form needs to know of a node type besides its schema. */
export interface FormOptions {
  /** Keys edited as code (JavaScript source, JSONata). */
  rawConfigKeys?: readonly string[];
  expressionConfigKeys?: readonly string[];
  /** The node type, to tell JavaScript from other code (`code.javascript`). */
  nodeType?: string;
}

/** Strings whose description is longer than this get a multi-line field. */
const LONG_DESCRIPTION = 120;

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows local `$ref`s and single-member `allOf`s, keeping the outer description and default. */
function resolve(schema: unknown, root: JsonSchema, depth = 0): JsonSchema {
  if (!isObject(schema) || depth > 20) return {};
  let current: JsonSchema = schema;
  if (typeof current.$ref === 'string') {
    const target = lookup(root, current.$ref);
    const { $ref: _ref, ...rest } = current;
    current = { ...resolve(target, root, depth + 1), ...rest };
  }
  if (Array.isArray(current.allOf) && current.allOf.length === 1) {
    const { allOf, ...rest } = current;
    current = { ...resolve(allOf[0], root, depth + 1), ...rest };
  }
  return current;
}

function lookup(root: JsonSchema, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = root;
  for (const token of ref.slice(2).split('/')) {
    if (!isObject(at)) return undefined;
    at = at[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at;
}

/** A `{{ template }}` alternative, as the workflow JSON Schema adds them. */
function isTemplateSchema(schema: JsonSchema): boolean {
  return schema.type === 'string' && typeof schema.pattern === 'string' && schema.pattern.includes('\\{\\{');
}

const SCALARS: readonly ScalarType[] = ['string', 'number', 'integer', 'boolean', 'null'];

/** The scalar types of a schema, or undefined when it allows anything else (objects, arrays, any). */
function scalarTypes(schema: JsonSchema, root: JsonSchema): ScalarType[] | undefined {
  if (typeof schema.type === 'string') return SCALARS.includes(schema.type as ScalarType) ? [schema.type as ScalarType] : undefined;
  if (Array.isArray(schema.type)) {
    return schema.type.every((t) => SCALARS.includes(t as ScalarType)) ? (schema.type as ScalarType[]) : undefined;
  }
  if (Array.isArray(schema.anyOf)) {
    const types: ScalarType[] = [];
    for (const member of schema.anyOf) {
      const inner = scalarTypes(resolve(member, root), root);
      if (!inner) return undefined;
      for (const t of inner) if (!types.includes(t)) types.push(t);
    }
    return types;
  }
  return undefined;
}

/** The editor of one value schema. */
export function fieldKind(schemaIn: unknown, root: JsonSchema, key = '', options: FormOptions = {}): FieldKind {
  let schema = resolve(schemaIn, root);
  // `anyOf: [T, template]`: edit as T (a template still fits a text field).
  if (Array.isArray(schema.anyOf)) {
    const members = schema.anyOf.map((m) => resolve(m, root)).filter((m) => !isTemplateSchema(m));
    if (members.length === 1) schema = { ...members[0], description: schema.description, default: schema.default };
  }
  if (Array.isArray(schema.enum) && schema.enum.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
    return { kind: 'enum', options: schema.enum as (string | number | boolean)[] };
  }
  if (schema.type === 'string') {
    const raw = options.rawConfigKeys?.includes(key) === true;
    const expression = options.expressionConfigKeys?.includes(key) === true;
    const long = typeof schema.description === 'string' && schema.description.length > LONG_DESCRIPTION && typeof schema.pattern !== 'string';
    if (raw || expression) {
      const language = expression ? 'jsonata' : options.nodeType === 'code.javascript' ? 'javascript' : undefined;
      return { kind: 'text', multiline: true, monospace: true, ...(language ? { language } : {}) };
    }
    return { kind: 'text', multiline: long, monospace: false };
  }
  if (schema.type === 'number' || schema.type === 'integer') {
    const field: FieldKind & { kind: 'number' } = { kind: 'number', integer: schema.type === 'integer' };
    if (typeof schema.minimum === 'number') field.min = schema.minimum;
    if (typeof schema.maximum === 'number' && schema.maximum < Number.MAX_SAFE_INTEGER) field.max = schema.maximum;
    if (typeof schema.exclusiveMinimum === 'number') field.exclusiveMin = schema.exclusiveMinimum;
    if (typeof schema.exclusiveMaximum === 'number') field.exclusiveMax = schema.exclusiveMaximum;
    return field;
  }
  if (schema.type === 'boolean') return { kind: 'boolean' };
  if (schema.type === 'object') {
    if (isObject(schema.properties) && Object.keys(schema.properties).length > 0) return { kind: 'object', fields: formFields(schema, options, root) };
    if (isObject(schema.additionalProperties) || schema.additionalProperties === undefined || schema.additionalProperties === true) {
      return { kind: 'record', value: valueKind(schema.additionalProperties, root) };
    }
    return { kind: 'json' };
  }
  if (schema.type === 'array' && isObject(schema.items)) {
    const item = resolve(schema.items, root);
    if (Array.isArray(item.enum)) return { kind: 'multiEnum', options: item.enum as (string | number | boolean)[] };
    const types = scalarTypes(item, root);
    if (types) return { kind: 'list', item: types.length === 1 && types[0] === 'string' ? { kind: 'text', multiline: false, monospace: false } : { kind: 'scalar', types } };
    return { kind: 'json' };
  }
  const types = scalarTypes(schema, root);
  if (types && types.length > 0) return types.length === 1 && types[0] === 'string' ? { kind: 'text', multiline: false, monospace: false } : { kind: 'scalar', types };
  return { kind: 'json' };
}

/** The value editor of a record's entries: text for scalars, JSON otherwise. */
function valueKind(schema: unknown, root: JsonSchema): FieldKind {
  const resolved = resolve(schema, root);
  const types = scalarTypes(resolved, root);
  if (!types || types.length === 0) return { kind: 'json' };
  return types.length === 1 && types[0] === 'string' ? { kind: 'text', multiline: false, monospace: false } : { kind: 'scalar', types };
}

const ACRONYMS: Readonly<Record<string, string>> = { url: 'URL', json: 'JSON', id: 'ID', http: 'HTTP', cwd: 'Working directory', env: 'Environment' };

/** `allowErrorStatus` → "Allow error status", `timeoutMs` → "Timeout (ms)", `url` → "URL". */
export function labelOf(key: string): string {
  if (ACRONYMS[key]) return ACRONYMS[key];
  const unit = /Ms$/.test(key) ? ' (ms)' : /Seconds$/.test(key) ? ' (s)' : /Bytes$/.test(key) ? ' (bytes)' : '';
  const base = unit ? key.replace(/(Ms|Seconds|Bytes)$/, '') : key;
  const words = base
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase());
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + unit;
}

/** The fields of an object schema (a node type's config), in the schema's order. */
export function formFields(schemaIn: unknown, options: FormOptions = {}, rootIn?: JsonSchema): FieldSpec[] {
  const root = rootIn ?? (isObject(schemaIn) ? schemaIn : {});
  const schema = resolve(schemaIn, root);
  if (!isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(schema.properties).map(([key, property]) => {
    const resolved = resolve(property, root);
    const spec: FieldSpec = {
      key,
      label: typeof resolved.title === 'string' ? resolved.title : labelOf(key),
      required: required.has(key),
      kind: fieldKind(property, root, key, options),
    };
    if (typeof resolved.description === 'string') spec.description = resolved.description;
    if (resolved.default !== undefined) spec.default = resolved.default;
    return spec;
  });
}

// ---- values ↔ text -------------------------------------------------------------------------

/** The outcome of reading what the user typed: a value (undefined = remove the key) or why not. */
export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

const TEMPLATE = /^\s*\{\{[\s\S]*\}\}\s*$/;

/** True for a `{{ expression }}` string, which any field may hold (resolved when the node runs). */
export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && TEMPLATE.test(value);
}

/** Text that must be read as JSON in a JSON field (else it is a plain string). */
function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (t.startsWith('{{')) return false;
  return /^[[{"]/.test(t) || /^(true|false|null)$/.test(t) || /^-?\d/.test(t);
}

/**
 * A JSON field shows a template or plain words as they are, and anything else as JSON: what it
 * shows reads back to the same value (see `parseJsonText`).
 */
export function formatJsonText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string' && value !== '' && !looksLikeJson(value) && value.trim() === value) return value;
  return JSON.stringify(value, null, 2);
}

/** Reads a JSON field: JSON when it looks like JSON (errors reported), a template or plain text as a string. */
export function parseJsonText(text: string): Parsed {
  if (text.trim() === '') return { ok: true, value: undefined };
  if (!looksLikeJson(text)) return { ok: true, value: text.trim() };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${(error as Error).message}` };
  }
}

/** How a scalar field shows its value. */
export function formatScalar(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Reads a scalar field allowing `types`: `true`/`false` as booleans, numbers as numbers (when
 * allowed), anything else as a string — a template always as a string.
 */
export function parseScalar(text: string, types: readonly ScalarType[]): Parsed {
  const t = text.trim();
  if (t === '') return { ok: true, value: types.includes('string') ? '' : undefined };
  if (isTemplate(t)) return { ok: true, value: t };
  if ((t === 'true' || t === 'false') && types.includes('boolean')) return { ok: true, value: t === 'true' };
  if (t === 'null' && types.includes('null')) return { ok: true, value: null };
  if ((types.includes('number') || types.includes('integer')) && /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) {
    const n = Number(t);
    if (!types.includes('integer') || Number.isInteger(n) || types.includes('number')) return { ok: true, value: n };
  }
  if (types.includes('string')) return { ok: true, value: text };
  return { ok: false, error: `Expected ${types.join(' or ')}` };
}

/** Reads a number field: empty removes the key; a template is kept as text; else a finite number. */
export function parseNumber(text: string, integer: boolean): Parsed {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  if (isTemplate(t)) return { ok: true, value: t };
  const n = Number(t);
  if (!Number.isFinite(n)) return { ok: false, error: 'Enter a number' };
  if (integer && !Number.isInteger(n)) return { ok: false, error: 'Enter a whole number' };
  return { ok: true, value: n };
}

/** The value shown as a placeholder: the default, when it is short enough to read. */
export function placeholderOf(spec: Pick<FieldSpec, 'default'>): string | undefined {
  if (spec.default === undefined) return undefined;
  const text = typeof spec.default === 'string' ? spec.default : JSON.stringify(spec.default);
  if (text === '' || text === '{}' || text === '[]') return undefined;
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** A config with `key` set to `value`, or without it when `value` is undefined (the default applies). */
export function withKey<T extends Record<string, unknown>>(config: T, key: string, value: unknown): Record<string, unknown> {
  const next: Record<string, unknown> = { ...config };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

// ---- problems --------------------------------------------------------------------------------

/** Where a validator problem points inside one node: `config.url`, `retry.maxAttempts`, `name`, `timeoutMs`… */
export function problemField(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const match = /^\/nodes\/\d+\/(.*)$/.exec(path);
  if (!match) return undefined;
  const [section, key] = match[1]!.split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (section === 'config' || section === 'retry') return key === undefined ? section : `${section}.${key}`;
  return section || undefined;
}

/** The node index a problem's path names (`/nodes/3/…` → 3). */
export function problemNodeIndex(path: string | undefined): number | undefined {
  const match = path ? /^\/nodes\/(\d+)(\/|$)/.exec(path) : null;
  return match ? Number(match[1]) : undefined;
}
