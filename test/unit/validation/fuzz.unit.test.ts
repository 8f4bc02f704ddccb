import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validate, type Diagnostic } from '../../../src/core/validation/validate';
import { loadWorkflowText } from '../../../src/core/validation/loadWorkflow';
import { serializeWorkflow } from '../../../src/core/model/serialize';
import { builtinNodes } from '../../../src/core/nodes/registry';
import { edge, node, validWorkflow } from './fixtures';

const SEVERITIES = new Set(['error', 'warning', 'info']);
const noFiles = { fileExists: () => false };

/** Every diagnostic is well-formed and points inside the text. */
function assertWellFormed(text: string, diagnostics: readonly Diagnostic[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    assert.ok(SEVERITIES.has(d.severity), JSON.stringify(d));
    assert.ok(typeof d.code === 'string' && /^[A-Z_]+$/.test(d.code), JSON.stringify(d));
    assert.notEqual(d.code, 'INTERNAL', `the validator failed on ${JSON.stringify(text.slice(0, 300))}: ${d.message}`);
    assert.ok(typeof d.message === 'string' && d.message.length > 0);
    assert.ok(d.path === '' || d.path.startsWith('/'), d.path);
    assert.ok(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines.length, `line ${d.line} of ${lines.length}`);
    assert.ok(Number.isInteger(d.column) && d.column >= 1 && d.column <= lines[d.line - 1].length + 1, `column ${d.column} of line ${d.line}`);
    assert.ok(d.length === undefined || (Number.isInteger(d.length) && d.length >= 1));
  }
}

/** validate() and loadWorkflowText() agree, and JSON syntax errors appear exactly when JSON.parse refuses. */
function check(text: string): void {
  const diagnostics = validate(text, '/fuzz/x.workflow.json', noFiles);
  assertWellFormed(text, diagnostics);
  let parses = true;
  try {
    JSON.parse(text);
  } catch {
    parses = false;
  }
  const syntax = diagnostics.some((d) => d.code === 'JSON_SYNTAX');
  // Only the nesting limit may refuse JSON that JSON.parse takes.
  assert.equal(syntax && !diagnostics.some((d) => /nested deeper/.test(d.message)), !parses, JSON.stringify(text.slice(0, 300)));
  const loaded = loadWorkflowText(text, '/fuzz/x.workflow.json', noFiles);
  assert.equal(loaded.workflow !== undefined, !diagnostics.some((d) => d.severity === 'error'));
}

test('never throws on random strings (property)', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.stringMatching(/^[{}[\]",:0-9a-z \n\\/*-]{0,80}$/)), check),
    { numRuns: 2000 },
  );
});

test('never throws on random JSON, and reports schema errors for it (property)', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, pretty) => {
      const text = JSON.stringify(value, null, pretty ? 2 : undefined) ?? 'null';
      check(text);
    }),
    { numRuns: 2000 },
  );
});

// A workflow that uses every registered type with its example config.
function richWorkflow(): Record<string, unknown> {
  const base = validWorkflow();
  const nodes = [...base.nodes];
  const edges = [...base.edges];
  builtinNodes.forEach((definition, index) => {
    const id = `t${index}`;
    nodes.push(node(id, definition.type, structuredClone(definition.example), { name: definition.title }));
    if (!definition.isTrigger) edges.push(edge(`x${index}`, 'set', id));
  });
  nodes[1].onError = 'errorOutput';
  nodes[1].retry = { maxAttempts: 3 };
  return { formatVersion: 1, name: 'Rich', description: 'fuzz base', tags: ['a'], variables: { k: 1 }, settings: { concurrency: 2 }, nodes, edges };
}

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

interface Mutation {
  kind: 'set' | 'delete' | 'duplicate' | 'rename';
  pick: number;
  value: unknown;
  name: string;
}

function apply(root: Record<string, unknown>, mutation: Mutation): void {
  const paths = pathsOf(root).filter((p) => p.length > 0);
  if (paths.length === 0) return;
  const path = paths[mutation.pick % paths.length];
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root) as Record<string | number, unknown> | unknown[];
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') {
    if (mutation.kind === 'delete') parent.splice(last, 1);
    else if (mutation.kind === 'duplicate') parent.splice(last, 0, structuredClone(parent[last]));
    else parent[last] = mutation.value;
    return;
  }
  const object = parent as Record<string, unknown>;
  if (mutation.kind === 'delete') delete object[last];
  else if (mutation.kind === 'rename') {
    object[mutation.name] = object[last];
    delete object[last];
  } else if (mutation.kind === 'duplicate') object[mutation.name] = structuredClone(object[last]);
  else object[last] = mutation.value;
}

const interesting = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('{{ a b }}', '{{ price * 2 }}', '{{ }}', 'out', 'in', 'true', 'error', 'done', 'item', 'start', 'set', 'check', 'trigger.manual', 'flow.if', 'errorOutput', ''),
);
const mutation = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('set', 'set', 'delete', 'duplicate', 'rename'),
  pick: fc.nat(),
  value: interesting,
  name: fc.constantFrom('id', 'type', 'name', 'config', 'source', 'target', 'sourceHandle', 'targetHandle', 'extra', 'nodes', 'edges'),
});

test('never throws on random structural mutations of a valid workflow (property)', () => {
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
      const workflow = richWorkflow();
      for (const m of mutations) apply(workflow, m);
      check(serializeWorkflow(workflow));
    }),
    { numRuns: 1000 },
  );
});

test('never throws on random text edits of a valid workflow (property)', () => {
  const text = serializeWorkflow(richWorkflow());
  const edit = fc.record({
    at: fc.nat({ max: text.length }),
    remove: fc.nat({ max: 3 }),
    insert: fc.stringMatching(/^[{}[\]",:0-9a-z \n\\/*.-]{0,3}$/),
  });
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
      let mutated = text;
      for (const e of edits) mutated = mutated.slice(0, e.at) + e.insert + mutated.slice(e.at + e.remove);
      check(mutated);
    }),
    { numRuns: 2000 },
  );
});

test('the example config of every registered type passes the validator', () => {
  const text = serializeWorkflow(richWorkflow());
  const diagnostics = validate(text, '/w/rich.workflow.json', { fileExists: () => true });
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
});
