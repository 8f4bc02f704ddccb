import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../../src/core/validation/validate';
import { loadWorkflowText } from '../../../src/core/validation/loadWorkflow';
import { MAX_NESTING } from '../../../src/core/validation/syntax';
import { codes, only, positionOf, summary, validWorkflow, workflowText } from './fixtures';

const valid = () => workflowText(validWorkflow().nodes, validWorkflow().edges);

test('a valid workflow has no diagnostics and loads', () => {
  const text = valid();
  assert.deepEqual(validate(text, '/w/a.workflow.json'), []);
  const loaded = loadWorkflowText(text, '/w/a.workflow.json');
  assert.equal(loaded.workflow?.nodes.length, 3);
  assert.deepEqual(loaded.diagnostics, []);
});

test('empty and whitespace-only text: one JSON_SYNTAX error at 1:1', () => {
  for (const text of ['', '   ', '\n\n']) {
    const diagnostics = validate(text, 'a.workflow.json');
    assert.equal(diagnostics.length, 1, text);
    assert.equal(diagnostics[0].code, 'JSON_SYNTAX');
    assert.equal(diagnostics[0].severity, 'error');
  }
  assert.deepEqual(summary(validate('', 'x')), ['JSON_SYNTAX @ 1:1']);
});

test('a syntax error is reported at its line and column, and nothing else is checked', () => {
  const text = valid().replace('"name": "Set total",', '"name": "Set total"');
  const diagnostics = validate(text, 'a.workflow.json');
  assert.ok(diagnostics.length >= 1);
  assert.ok(diagnostics.every((d) => d.code === 'JSON_SYNTAX'), JSON.stringify(diagnostics));
  // jsonc-parser reports the missing comma where the next property starts
  const next = positionOf(text, '"position"', '"Set total"');
  assert.equal(diagnostics[0].line, next.line);
  assert.equal(diagnostics[0].column, next.column);
  assert.match(diagnostics[0].message, /comma expected/);
  assert.equal(loadWorkflowText(text, 'a.workflow.json').workflow, undefined);
});

test('several syntax errors are all reported', () => {
  const diagnostics = validate('{\n  "a": 1 "b": 2,\n  "c": tru\n}', 'x');
  assert.ok(diagnostics.filter((d) => d.code === 'JSON_SYNTAX').length >= 2, JSON.stringify(diagnostics));
  assert.deepEqual(diagnostics.map((d) => d.line).slice(0, 2), [2, 3]);
});

test('unterminated string, bad escape, control character and leading zero are errors', () => {
  for (const text of ['{"name": "abc', '{"name": "a\\qb"}', '{"name": "a\u0001b"}', '{"n": 01}', '{"n": 1.}', '{"n": NaN}', "{'n': 1}"]) {
    const diagnostics = validate(text, 'x');
    assert.ok(diagnostics.some((d) => d.code === 'JSON_SYNTAX'), `${JSON.stringify(text)} → ${JSON.stringify(diagnostics)}`);
  }
});

test('comments and trailing commas are errors, but the rest of the file is still checked', () => {
  const base = valid();
  const text = base.replace('{\n  "formatVersion"', '// my workflow\n{\n  "formatVersion"').replace('"currency": "USD"', '"currency": "USD",').replace('"type": "flow.if"', '"type": "flow.iff"');
  const diagnostics = validate(text, 'x');
  const syntax = diagnostics.filter((d) => d.code === 'JSON_SYNTAX');
  assert.equal(syntax.length, 2, JSON.stringify(diagnostics));
  assert.deepEqual([syntax[0].line, syntax[0].column], [1, 1]);
  assert.match(syntax[0].message, /comments are not allowed/);
  const comma = positionOf(text, ',', '"currency": "USD"');
  assert.deepEqual([syntax[1].line, syntax[1].column], [comma.line, comma.column]);
  assert.match(syntax[1].message, /trailing comma/);
  // the unknown type is found too, at the right place despite the comment line
  const unknown = only(diagnostics, 'UNKNOWN_NODE_TYPE');
  assert.deepEqual([unknown.line, unknown.column], [positionOf(text, '"flow.iff"').line, positionOf(text, '"flow.iff"').column]);
  assert.equal(loadWorkflowText(text, 'x').workflow, undefined);
});

test('block comments and a trailing comma in an array are reported', () => {
  const text = '{ /* c */ "formatVersion": 1, "name": "x", "nodes": [], "edges": [1,] }';
  const syntax = validate(text, 'x').filter((d) => d.code === 'JSON_SYNTAX');
  assert.deepEqual(syntax.map((d) => d.column), [3, text.indexOf(',]') + 1]);
});

test('a repeated key is an error at the second occurrence', () => {
  const text = valid().replace('"name": "Test",', '"name": "Test",\n  "name": "Again",');
  const duplicate = only(validate(text, 'x'), 'DUPLICATE_KEY');
  assert.equal(duplicate.severity, 'error');
  assert.equal(duplicate.path, '/name');
  assert.deepEqual([duplicate.line, duplicate.column], [4, 3]);
  assert.equal(loadWorkflowText(text, 'x').workflow, undefined);
});

test('"__proto__" is data, never a prototype', () => {
  const { nodes, edges } = validWorkflow();
  const text = workflowText(nodes, edges).replace('"currency": "USD"', '"__proto__": { "polluted": true }');
  const loaded = loadWorkflowText(text, 'x');
  assert.deepEqual(loaded.diagnostics, []);
  const values = loaded.workflow!.nodes[1].config.values as Record<string, unknown>;
  assert.ok(Object.hasOwn(values, '__proto__'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test(`nesting deeper than ${MAX_NESTING} levels is refused without a stack overflow`, () => {
  for (const text of ['['.repeat(200_000), '['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
    const diagnostics = validate(text, 'x');
    assert.equal(diagnostics[0].code, 'JSON_SYNTAX');
    assert.ok(diagnostics.length <= 3);
  }
  const deep = validate('['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1), 'x');
  assert.match(deep[0].message, /nested deeper/);
  assert.equal(deep[0].column, MAX_NESTING + 1);
  // just inside the limit parses (and is then only a schema error)
  assert.deepEqual(codes(validate('['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING), 'x')), ['SCHEMA']);
});

test('line and column count CRLF and CR line ends like an editor does', () => {
  const lf = valid().replace('"type": "flow.if"', '"type": "flow.nope"');
  const expected = positionOf(lf, '"flow.nope"');
  for (const eol of ['\r\n', '\r']) {
    const diagnostic = only(validate(lf.replace(/\n/g, eol), 'x'), 'UNKNOWN_NODE_TYPE');
    assert.deepEqual([diagnostic.line, diagnostic.column], [expected.line, expected.column], JSON.stringify(eol));
  }
});

test('the top level must be an object', () => {
  for (const text of ['[]', '1', '"workflow"', 'null']) {
    const diagnostics = validate(text, 'x');
    assert.deepEqual(codes(diagnostics), ['SCHEMA'], text);
    assert.match(diagnostics[0].message, /^the workflow must be an object/);
  }
});
