/**
 * Just enough of a draft-07 JSON Schema validator to test the generated schema without a new
 * dependency: type, const, enum, properties, required, additionalProperties, items, anyOf,
 * allOf, oneOf, if/then/else, local $ref, string length and pattern, numeric bounds.
 * Keywords it does not know are ignored (so it can only be more lenient than a real one).
 */
type Schema = boolean | { [key: string]: unknown };

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Errors of `value` against `schema` (empty when it is valid), each with its JSON pointer. */
export function schemaErrors(root: Schema, value: unknown, schema: Schema = root, path = ''): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: no value allowed`];
  const errors: string[] = [];
  const fail = (message: string) => errors.push(`${path || '/'}: ${message}`);
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((s, key) => (s as Record<string, unknown>)[key], root);
    if (target === undefined) throw new Error(`unresolved $ref ${schema.$ref}`);
    errors.push(...schemaErrors(root, value, target as Schema, path));
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeMatches(value, t))) fail(`expected ${types.join('|')}, got ${typeOf(value)}`);
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) fail(`expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) fail('not in enum');
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail('too short');
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) fail('too long');
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail(`does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('below minimum');
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('above maximum');
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail('not above exclusiveMinimum');
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) fail('not below exclusiveMaximum');
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!Object.hasOwn(object, key)) fail(`missing ${key}`);
    for (const [key, item] of Object.entries(object)) {
      if (Object.hasOwn(properties, key)) errors.push(...schemaErrors(root, item, properties[key], `${path}/${key}`));
      else if (schema.additionalProperties !== undefined) errors.push(...schemaErrors(root, item, schema.additionalProperties as Schema, `${path}/${key}`));
    }
  }
  if (Array.isArray(value) && schema.items !== undefined && !Array.isArray(schema.items)) {
    value.forEach((item, i) => errors.push(...schemaErrors(root, item, schema.items as Schema, `${path}/${i}`)));
  }
  if (Array.isArray(schema.allOf)) for (const s of schema.allOf as Schema[]) errors.push(...schemaErrors(root, value, s, path));
  if (Array.isArray(schema.anyOf) && !(schema.anyOf as Schema[]).some((s) => schemaErrors(root, value, s, path).length === 0)) fail('matches no anyOf branch');
  if (Array.isArray(schema.oneOf) && (schema.oneOf as Schema[]).filter((s) => schemaErrors(root, value, s, path).length === 0).length !== 1) fail('matches not exactly one oneOf branch');
  if (schema.if !== undefined) {
    const branch = schemaErrors(root, value, schema.if as Schema, path).length === 0 ? schema.then : schema.else;
    if (branch !== undefined) errors.push(...schemaErrors(root, value, branch as Schema, path));
  }
  return errors;
}
