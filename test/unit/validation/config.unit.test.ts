import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { z } from 'zod';
import { validate } from '../../../src/core/validation/validate';
import { edge, node, only, positionOf, registeredType, workflowText } from './fixtures';

const start = () => node('start', 'trigger.manual', {}, { name: 'Start' });

test('unknown node type: an error at the type, with a suggestion, and the node is kept for the graph', () => {
  const text = workflowText([start(), node('x', 'data.sett', { values: {} }, { name: 'Mystery' })], [edge('e1', 'start', 'x')]);
  const diagnostics = validate(text, 'x');
  const unknown = only(diagnostics, 'UNKNOWN_NODE_TYPE');
  assert.equal(unknown.message, 'node "Mystery" (x): unknown node type "data.sett" (did you mean "data.set"?)');
  assert.equal(unknown.nodeId, 'x');
  assert.deepEqual([unknown.line, unknown.column], [positionOf(text, '"data.sett"').line, positionOf(text, '"data.sett"').column]);
  // edge to it is fine (no EDGE_MISSING_NODE), it is reachable (no UNREACHABLE), its handles are not judged
  assert.deepEqual(diagnostics.map((d) => d.code), ['UNKNOWN_NODE_TYPE']);
  assert.ok(!validate(workflowText([start(), node('x', 'zzz.qqq.www')]), 'x')[0].message.includes('did you mean'));
});

test('config is checked against the type schema; a missing key points at "config"', () => {
  const text = workflowText([start(), node('set', 'data.set', { values: 'nope' }, { name: 'Set' }), node('check', 'flow.if', {}, { name: 'Check' })], [edge('e1', 'start', 'set'), edge('e2', 'set', 'check')]);
  const diagnostics = validate(text, 'x').filter((d) => d.code === 'CONFIG');
  assert.deepEqual(diagnostics.map((d) => d.message), ['node "Set" (set): config.values must be an object, not a string', 'node "Check" (check): config.condition is required']);
  assert.deepEqual([diagnostics[0].line, diagnostics[0].column], [positionOf(text, '"nope"').line, positionOf(text, '"nope"').column]);
  assert.equal(diagnostics[0].path, '/nodes/1/config/values');
});

test('a required config key that is missing: "config.X is required" at the config key', (t) => {
  const definition = registeredType((d) => {
    const shape = d.configSchema instanceof z.ZodObject ? (d.configSchema.shape as Record<string, z.ZodType>) : {};
    return Object.values(shape).some((field) => !field.safeParse(undefined).success);
  });
  if (!definition) return t.skip('no registered type has a required config key');
  const shape = (definition.configSchema as z.ZodObject).shape as Record<string, z.ZodType>;
  const key = Object.keys(shape).find((k) => !shape[k].safeParse(undefined).success)!;
  const text = workflowText([start(), node('n', definition.type, {}, { name: 'Needs config' })], [edge('e1', 'start', 'n')]);
  const diagnostic = validate(text, 'x').find((d) => d.code === 'CONFIG' && d.path === `/nodes/1/config/${key}`);
  assert.ok(diagnostic, JSON.stringify(validate(text, 'x')));
  assert.equal(diagnostic.message, `node "Needs config" (n): config.${key} is required`);
  assert.deepEqual([diagnostic.line, diagnostic.column], [positionOf(text, '"config"', '"Needs config"').line, positionOf(text, '"config"', '"Needs config"').column]);
});

test('a {{ template }} where the schema wants another type is not an error, nor is anything inside one', (t) => {
  const forEach = registeredType((d) => d.type === 'flow.forEach');
  if (!forEach) return t.skip('flow.forEach is not registered');
  const loop = node('loop', 'flow.forEach', { items: '{{ orders }}', concurrency: '{{ $vars.parallel }}' });
  const set = node('set', 'data.set', { values: '{{ $input }}' });
  const text = workflowText([start(), loop, set], [edge('e1', 'start', 'loop'), edge('e2', 'loop', 'set', { sourceHandle: 'done' })]);
  assert.deepEqual(validate(text, 'x'), []);
  // …but a literal of the wrong type still is
  const wrong = workflowText([start(), node('loop', 'flow.forEach', { items: [], concurrency: 'fast' })], [edge('e1', 'start', 'loop')]);
  assert.equal(only(validate(wrong, 'x'), 'CONFIG').message, 'node "Loop" (loop): config.concurrency must be a number, not a string');
});

test('a string with "{{" but no complete template is a literal, and is checked as one', (t) => {
  if (!registeredType((d) => d.type === 'flow.forEach')) return t.skip('flow.forEach is not registered');
  const text = workflowText([start(), node('loop', 'flow.forEach', { items: [], concurrency: '{{ n' })], [edge('e1', 'start', 'loop')]);
  assert.equal(only(validate(text, 'x'), 'CONFIG').path, '/nodes/1/config/concurrency');
});

test('raw config keys are neither templates nor expressions', (t) => {
  const rawOnly = (d: { rawConfigKeys?: readonly string[]; expressionConfigKeys?: readonly string[] }) =>
    (d.rawConfigKeys ?? []).filter((k) => !(d.expressionConfigKeys ?? []).includes(k));
  const raw = registeredType((d) => rawOnly(d).length > 0);
  if (!raw) return t.skip('no registered type has raw config keys');
  const key = rawOnly(raw)[0];
  const config = { ...raw.defaults, [key]: 'const x = "{{ not an expression ]]"; // {{ ( }}' };
  const text = workflowText([start(), node('raw', raw.type, config)], [edge('e1', 'start', 'raw')]);
  assert.deepEqual(validate(text, 'x').filter((d) => d.code === 'EXPRESSION'), []);
});

test('sub-workflow path: missing file is an error at config.path, relative to the file', () => {
  const seen: string[] = [];
  const fileExists = (path: string) => {
    seen.push(path);
    return path.endsWith('present.workflow.json');
  };
  const text = workflowText(
    [start(), node('a', 'flow.subworkflow', { path: './lib/absent.workflow.json' }, { name: 'Child' }), node('b', 'flow.subworkflow', { path: 'present.workflow.json' }), node('c', 'flow.subworkflow', { path: '{{ $vars.child }}' })],
    [edge('e1', 'start', 'a'), edge('e2', 'start', 'b'), edge('e3', 'start', 'c')],
  );
  const file = resolve('/repo/flows/main.workflow.json');
  const diagnostic = only(validate(text, file, { fileExists }), 'SUBWORKFLOW_NOT_FOUND');
  assert.match(diagnostic.message, /^node "Child" \(a\): config\.path: sub-workflow file "\.\/lib\/absent\.workflow\.json" does not exist/);
  assert.equal(diagnostic.path, '/nodes/1/config/path');
  assert.deepEqual([diagnostic.line, diagnostic.column], [positionOf(text, '"./lib/absent').line, positionOf(text, '"./lib/absent').column]);
  assert.deepEqual(seen, [resolve('/repo/flows/lib/absent.workflow.json'), resolve('/repo/flows/present.workflow.json')]);
});

test('sub-workflow path: the default looks at the real file system', () => {
  const text = workflowText([start(), node('a', 'flow.subworkflow', { path: './fixtures.ts' })], [edge('e1', 'start', 'a')]);
  assert.deepEqual(validate(text, resolve(__dirname, 'here.workflow.json')).filter((d) => d.code === 'SUBWORKFLOW_NOT_FOUND'), []);
  assert.equal(validate(text, '/nowhere/at/all/x.workflow.json').filter((d) => d.code === 'SUBWORKFLOW_NOT_FOUND').length, 1);
});

test('a fileExists that throws counts as "does not exist", never as a crash', () => {
  const text = workflowText([start(), node('a', 'flow.subworkflow', { path: 'x.workflow.json' })], [edge('e1', 'start', 'a')]);
  const fileExists = () => {
    throw new Error('EACCES');
  };
  assert.equal(only(validate(text, '/w/a.workflow.json', { fileExists }), 'SUBWORKFLOW_NOT_FOUND').severity, 'error');
});
