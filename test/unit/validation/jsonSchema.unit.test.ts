import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { generateWorkflowJsonSchema, workflowJsonSchemaText } from '../../../src/core/validation/workflowJsonSchema';
import { validate } from '../../../src/core/validation/validate';
import { builtinNodes } from '../../../src/core/nodes/registry';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { schemaErrors } from './miniJsonSchema';
import { edge, node, validWorkflow } from './fixtures';

const repo = join(__dirname, '..', '..', '..');
const schema = generateWorkflowJsonSchema();

function workflow(nodes: ReturnType<typeof node>[], edges: ReturnType<typeof edge>[] = []): Record<string, unknown> {
  return { formatVersion: 1, name: 'T', nodes, edges };
}

test('schema/workflow.schema.json is up to date', () => {
  let committed = '';
  try {
    committed = readFileSync(join(repo, 'schema', 'workflow.schema.json'), 'utf8');
  } catch {
    // missing file: reported by the comparison below
  }
  if (committed !== workflowJsonSchemaText()) assert.fail('schema/workflow.schema.json is out of date: run npm run schema');
});

test('generation is deterministic and names itself', () => {
  assert.equal(workflowJsonSchemaText(), workflowJsonSchemaText());
  assert.ok(workflowJsonSchemaText().endsWith('}\n'));
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(typeof schema.$id, 'string');
  assert.equal(typeof schema.title, 'string');
});

test('every registered type is offered for "type" and has its config schema', () => {
  const items = ((schema.properties as Record<string, { items: Record<string, unknown> }>).nodes).items;
  const typeSchema = (items.properties as Record<string, { anyOf: { const?: string; description?: string }[]; description?: string }>).type;
  const offered = typeSchema.anyOf.filter((b) => b.const !== undefined).map((b) => b.const);
  assert.deepEqual(offered, builtinNodes.map((d) => d.type).sort());
  assert.ok(typeSchema.description, 'the zod description of "type" is kept');
  assert.equal((items.allOf as unknown[]).length, builtinNodes.length);
  for (const d of builtinNodes) assert.ok(`config.${d.type}` in (schema.definitions as object), d.type);
});

test('the example workflows are accepted', () => {
  const dirs = [join(repo, 'examples'), join(repo, 'examples', 'lib')];
  const files = dirs.flatMap((dir) => {
    try {
      return readdirSync(dir).filter((f) => f.endsWith('.workflow.json')).map((f) => join(dir, f));
    } catch {
      return [];
    }
  });
  for (const file of files) assert.deepEqual(schemaErrors(schema, JSON.parse(readFileSync(file, 'utf8'))), [], file);
  const { nodes, edges } = validWorkflow();
  assert.deepEqual(schemaErrors(schema, workflow(nodes, edges)), []);
});

test('obviously bad files are rejected', () => {
  assert.notDeepEqual(schemaErrors(schema, []), []);
  assert.notDeepEqual(schemaErrors(schema, { formatVersion: 1, name: 'x' }), [], 'nodes and edges are required');
  assert.notDeepEqual(schemaErrors(schema, { ...workflow([]), formatVersion: 2 }), []);
  assert.notDeepEqual(schemaErrors(schema, workflow([node('a', 'data.set', { values: {} }, { position: { x: 'left', y: 0 } })])), []);
  assert.notDeepEqual(schemaErrors(schema, workflow([{ ...node('a', 'data.set', { values: {} }), surprise: true }])), []);
});

test('config is checked by type, templates are allowed anywhere a value goes', () => {
  assert.deepEqual(schemaErrors(schema, workflow([node('a', 'data.set', { values: { a: 1 } })])), []);
  assert.notDeepEqual(schemaErrors(schema, workflow([node('a', 'data.set', { values: 5 })])), []);
  assert.deepEqual(schemaErrors(schema, workflow([node('a', 'data.set', { values: '{{ $input }}' })])), []);
  assert.notDeepEqual(schemaErrors(schema, workflow([node('a', 'data.set', { values: 'no template' })])), []);
  // a type nobody knows is the validator's business: any config goes
  assert.deepEqual(schemaErrors(schema, workflow([node('a', 'x.unknown', { anything: [1, 2] })])), []);
});

test('each registered type: defaults and example fit, a template fits each templatable key', () => {
  for (const d of builtinNodes) {
    assert.deepEqual(schemaErrors(schema, workflow([node('a', d.type, d.defaults)])), [], `${d.type} defaults`);
    assert.deepEqual(schemaErrors(schema, workflow([node('a', d.type, d.example)])), [], `${d.type} example`);
    const raw = new Set(d.rawConfigKeys ?? []);
    for (const key of Object.keys(d.example)) {
      if (raw.has(key)) continue;
      assert.deepEqual(schemaErrors(schema, workflow([node('a', d.type, { ...d.example, [key]: '{{ $vars.x }}' })])), [], `${d.type}.${key} as a template`);
    }
  }
});

test('the schema is never stricter than the validator (property)', () => {
  const types = [...builtinNodes.map((d) => d.type), 'x.unknown'];
  const configValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('{{ x }}', 'GET', 'utf8', 'info', 'object', 1000, true, ''));
  const arbitraryNode = fc.record({
    id: fc.constantFrom('a', 'b', ' c', ''),
    type: fc.constantFrom(...types),
    config: fc.oneof(fc.dictionary(fc.constantFrom('values', 'url', 'method', 'ms', 'items', 'path', 'cases', 'message', 'level', 'expression', 'condition', 'command'), configValue, { maxKeys: 4 }), fc.jsonValue({ maxDepth: 1 })),
    onError: fc.constantFrom(undefined, 'fail', 'errorOutput', 'never'),
  });
  fc.assert(
    fc.property(fc.array(arbitraryNode, { maxLength: 3 }), (nodes) => {
      const value = workflow(nodes.map((n) => ({ ...node(n.id, n.type, n.config as Record<string, unknown>), ...(n.onError ? { onError: n.onError } : {}) })));
      if (schemaErrors(schema, value).length === 0) return;
      const errors = validate(serializeWorkflow(value), '/w/x.workflow.json', { fileExists: () => true }).filter((d) => d.severity === 'error');
      assert.ok(errors.length > 0, `the schema refuses what the validator accepts: ${JSON.stringify(value)} — ${schemaErrors(schema, value).join('; ')}`);
    }),
    { numRuns: 1500 },
  );
});
