/**
 * The one derivation of a node type's config (or any part of the file format) as JSON Schema,
 * shared by the canvas's catalog (inspector forms), the workflow file's JSON Schema
 * (`npm run schema`) and the node reference (`npm run docs:nodes`), so they cannot drift apart.
 */
import { z } from 'zod';
import type { NodeDefinition } from './definition';

/** A JSON Schema object (draft-07; local references point into `#/definitions/`). */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

/**
 * JSON Schema of what a user writes for `schema` (`io: 'input'`: keys with defaults are
 * optional), without a `$schema` key. A part zod cannot express (a transform) becomes "any"
 * instead of throwing, so a new schema never breaks the forms, the schema or the docs.
 */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  return rest;
}

/** The config schema of a node type; `{ type: 'object' }` when zod cannot express it at all (editors then edit it as JSON). */
export function configJsonSchema(definition: NodeDefinition<unknown>): JsonSchema {
  try {
    return inputJsonSchema(definition.configSchema);
  } catch {
    return { type: 'object' };
  }
}
