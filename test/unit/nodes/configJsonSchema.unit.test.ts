import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { inputJsonSchema } from '../../../src/core/nodes/configJsonSchema';
import { nodeCatalog } from '../../../src/extension/editor/catalog';
import { configFields } from '../../../src/core/nodes/reference';
import { builtinNodes, getNodeDefinition } from '../../../src/core/nodes/registry';

test('input side, draft-07, no $schema key; a transform is "any" instead of an error', () => {
  const schema = inputJsonSchema(z.object({ ms: z.number().default(5), raw: z.string().transform((s) => s.length) }));
  assert.equal('$schema' in schema, false);
  assert.deepEqual(schema.required, ['raw'], 'a key with a default is optional for the writer');
  const json = inputJsonSchema(z.object({ v: z.json() }));
  assert.match(JSON.stringify(json), /#\/definitions\//);
});

test('the catalog and the node reference read the same derivation', () => {
  for (const definition of builtinNodes) {
    const view = nodeCatalog().find((t) => t.type === definition.type)!;
    assert.deepEqual(view.configSchema, inputJsonSchema(definition.configSchema), definition.type);
  }
  // a draft-07 `$ref` with siblings comes wrapped in allOf: the reference still resolves it
  assert.equal(configFields(getNodeDefinition('util.log')!).find((f) => f.name === 'message')?.type, 'JSON value');
});
