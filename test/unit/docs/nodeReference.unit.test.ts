import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { builtinNodes } from '../../../src/core/nodes/registry';
import { defineNode, type NodeDefinition } from '../../../src/core/nodes/definition';
import { NodeSchema } from '../../../src/core/model/workflow';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import {
  COMMON_KEYS_EXAMPLE,
  configFields,
  exampleNode,
  headingAnchor,
  nodeHeading,
  nodeJson,
  nodeReferenceMarkdown,
  nodeTypeMarkdown,
} from '../../../src/core/nodes/reference';

const DOCS_PATH = join(__dirname, '..', '..', '..', 'docs', 'nodes.md');
// Normalized so that a checkout with CRLF line endings (git autocrlf) is not "out of date".
const committed = readFileSync(DOCS_PATH, 'utf8').replace(/\r\n/g, '\n');

/** The text from a heading line up to the next heading of the same or a higher level. */
function section(doc: string, heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `no section "${heading}" in docs/nodes.md`);
  const level = /^#+/.exec(heading)?.[0].length ?? 0;
  const rest = doc.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return next < 0 ? rest : rest.slice(0, next);
}

/** Property names of a schema as users write it, straight from zod (independent of reference.ts). */
function schemaProperties(schema: z.ZodType): [string, string | undefined][] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return Object.entries(json.properties ?? {}).map(([key, value]) => [key, typeof value === 'boolean' ? undefined : value.description]);
}

function codeBlocks(text: string): string[] {
  return [...text.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '');
}

test('docs/nodes.md is up to date with the node definitions', () => {
  assert.ok(committed === nodeReferenceMarkdown(builtinNodes), 'docs/nodes.md is out of date: run npm run docs:nodes');
});

test('every registered type has a section with a complete example node', () => {
  for (const definition of builtinNodes) {
    const text = section(committed, `### ${nodeHeading(definition)}`);
    assert.ok(text.includes(definition.description), `${definition.type}: description missing`);
    const examples = codeBlocks(text).map((block) => JSON.parse(block) as unknown);
    assert.equal(examples.length, 1, `${definition.type}: expected one example block`);
    const node = NodeSchema.parse(examples[0]);
    assert.equal(node.type, definition.type);
    assert.deepEqual(node.config, JSON.parse(JSON.stringify(definition.example)), `${definition.type}: example config differs`);
  }
});

test('every config field of every type has a described row in its table', () => {
  for (const definition of builtinNodes) {
    const text = section(committed, `### ${nodeHeading(definition)}`);
    for (const [key, description] of schemaProperties(definition.configSchema)) {
      assert.ok(description?.trim(), `${definition.type}: config field "${key}" has no .describe() text`);
      assert.ok(text.includes(`\n| \`${key}\` |`), `${definition.type}: config field "${key}" is not in its table (run npm run docs:nodes)`);
    }
  }
});

test('the common node keys are all documented once, with a valid example', () => {
  const text = section(committed, '## Common node keys');
  for (const [key] of schemaProperties(NodeSchema)) assert.ok(text.includes(`\n| \`${key}\` |`), `node key "${key}" is not documented`);
  const [example] = codeBlocks(text);
  assert.ok(example);
  assert.deepEqual(NodeSchema.parse(JSON.parse(example)), COMMON_KEYS_EXAMPLE);
  assert.ok(builtinNodes.some((d) => d.type === COMMON_KEYS_EXAMPLE.type), 'the common-keys example uses an unknown type');
});

test('table of contents links resolve to unique headings', () => {
  const anchors = [...committed.matchAll(/^#{2,3} (.+)$/gm)].map((m) => headingAnchor(m[1] ?? ''));
  assert.equal(new Set(anchors).size, anchors.length, 'two headings share an anchor');
  const links = [...committed.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
  assert.equal(links.length, builtinNodes.length + 1);
  for (const link of links) assert.ok(link && anchors.includes(link), `broken link #${link}`);
  assert.equal(headingAnchor('`flow.forEach` — For Each'), 'flowforeach--for-each');
});

test('nodeJson prints a node exactly as the serializer does inside a file', () => {
  const node = { ...exampleNode(builtinNodes[0] as NodeDefinition<unknown>), config: { list: [1, { a: 'x\n}' }], empty: {} } };
  const file = serializeWorkflow({ formatVersion: 1, name: 'w', nodes: [node], edges: [] });
  const indented = nodeJson(node)
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  assert.ok(file.includes(`  "nodes": [\n${indented}\n  ],`));
});

const probe = defineNode({
  type: 'test.probe',
  title: 'Probe',
  category: 'utility',
  icon: 'beaker',
  description: 'A made-up type for the formatter.',
  docs: '',
  inputs: [{ name: 'in', label: 'Input', description: 'Data.' }],
  outputs: (config) => (Array.isArray(config.names) ? config.names.map((name) => ({ name: String(name) })) : []),
  configSchema: z.object({
    mode: z.enum(['a', 'b']).default('a').describe('Pick one | or the other.'),
    count: z.number().int().min(0).optional().describe('How many.\nAt least zero.'),
    names: z.array(z.string()).describe('Handle names.'),
    message: z.json().describe('Anything JSON.'),
    nested: z.object({ inner: z.boolean().describe('Inner flag.') }).describe('A group.'),
  }),
  defaults: {},
  example: { names: ['left', 'right'], message: 'hi', nested: { inner: true } },
  rawConfigKeys: ['names'],
  run: () => ({}),
});

test('config rows: types, defaults, required, nested fields', () => {
  const rows = configFields(probe as NodeDefinition<unknown>);
  assert.deepEqual(
    rows.map((r) => [r.name, r.type, r.default, r.required]),
    [
      ['mode', '"a" | "b"', '"a"', false],
      ['count', 'integer (≥ 0)', undefined, false],
      ['names', 'string[]', undefined, true],
      ['message', 'JSON value', undefined, true],
      ['nested', 'object', undefined, true],
      ['nested.inner', 'boolean', undefined, true],
    ],
  );
});

test('a section escapes table cells and shows config-dependent outputs for the example', () => {
  const text = nodeTypeMarkdown(probe as NodeDefinition<unknown>, 2);
  assert.ok(text.startsWith('## `test.probe` — Probe\n\nA made-up type for the formatter.\n\n**Inputs**'));
  assert.ok(text.includes('- `in` (label “Input”): Data.'));
  assert.ok(text.includes('**Outputs** (they depend on the config'));
  assert.ok(text.includes('- `left`\n- `right`'));
  assert.ok(text.includes('| `mode` | `"a" \\| "b"` | `"a"` | no | Pick one \\| or the other. |'));
  assert.ok(text.includes('How many.<br>At least zero.'));
  assert.ok(text.includes('`names`: taken literally'));
});
