import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCatalog } from '../../../src/extension/editor/catalog';
import { generateWorkflowJsonSchema } from '../../../src/core/validation/workflowJsonSchema';
import {
  fieldKind,
  formFields,
  formatJsonText,
  formatScalar,
  labelOf,
  parseJsonText,
  parseNumber,
  parseScalar,
  placeholderOf,
  problemField,
  problemNodeIndex,
  withKey,
  type FieldSpec,
  type JsonSchema,
} from '../../../webview/inspector/schemaForm';

function typeFields(type: string): FieldSpec[] {
  const view = nodeCatalog().find((t) => t.type === type);
  assert.ok(view, type);
  return formFields(view.configSchema, { rawConfigKeys: view.rawConfigKeys, expressionConfigKeys: view.expressionConfigKeys, nodeType: view.type });
}

function byKey(fields: FieldSpec[]): Record<string, FieldSpec> {
  return Object.fromEntries(fields.map((f) => [f.key, f]));
}

test('http.request: text, enum, records, JSON, number with bounds, checkbox; labels, defaults, required', () => {
  const f = byKey(typeFields('http.request'));
  assert.deepEqual(Object.keys(f), ['method', 'url', 'headers', 'query', 'body', 'timeoutMs', 'allowErrorStatus']);
  assert.deepEqual(f.method!.kind, { kind: 'enum', options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] });
  assert.equal(f.method!.default, 'GET');
  assert.deepEqual(f.url!.kind, { kind: 'text', multiline: false, monospace: false });
  assert.equal(f.url!.required, true);
  assert.equal(f.url!.label, 'URL');
  assert.match(f.url!.description!, /Absolute http/);
  assert.deepEqual(f.headers!.kind, { kind: 'record', value: { kind: 'scalar', types: ['string', 'number', 'boolean'] } });
  assert.deepEqual(f.query!.kind, { kind: 'record', value: { kind: 'json' } }, 'values that may be lists or null are JSON');
  assert.deepEqual(f.body!.kind, { kind: 'json' });
  assert.deepEqual(f.timeoutMs!.kind, { kind: 'number', integer: true, min: 1, max: 2147483647 });
  assert.equal(f.timeoutMs!.label, 'Timeout (ms)');
  assert.deepEqual(f.allowErrorStatus!.kind, { kind: 'boolean' });
  assert.equal(f.allowErrorStatus!.label, 'Allow error status');
});

test('code and expressions get monospace multi-line fields; lists, nested objects, multi-enums, refs', () => {
  assert.deepEqual(byKey(typeFields('code.javascript')).code!.kind, { kind: 'text', multiline: true, monospace: true, language: 'javascript' });
  assert.deepEqual(byKey(typeFields('code.javascript')).timeoutMs!.kind, { kind: 'number', integer: true, exclusiveMin: 0, max: 2147483647 });
  assert.deepEqual(byKey(typeFields('data.transform')).expression!.kind, { kind: 'text', multiline: true, monospace: true, language: 'jsonata' });
  assert.deepEqual(byKey(typeFields('flow.switch')).cases!.kind, { kind: 'list', item: { kind: 'scalar', types: ['string', 'number', 'boolean'] } });
  assert.deepEqual(byKey(typeFields('data.set')).values!.kind, { kind: 'record', value: { kind: 'json' } });
  assert.deepEqual(byKey(typeFields('flow.if')).condition!.kind, { kind: 'json' });
  // util.log's message is a $ref to a recursive JSON union: edited as JSON (plain text stays text)
  assert.deepEqual(byKey(typeFields('util.log')).message!.kind, { kind: 'json' });
  const webhook = byKey(typeFields('trigger.webhook'));
  assert.equal(webhook.auth!.kind.kind, 'object');
  const auth = webhook.auth!.kind.kind === 'object' ? byKey([...webhook.auth!.kind.fields]) : {};
  assert.equal(auth.secret!.required, true);
  assert.equal(auth.signatureHeader!.default, 'x-hub-signature-256');
  assert.deepEqual(byKey(typeFields('trigger.file')).events!.kind, { kind: 'multiEnum', options: ['created', 'changed', 'deleted'] });
  assert.deepEqual(typeFields('trigger.manual'), []);
});

test('every built-in node type maps to a form (the template-friendly file schema too)', () => {
  for (const type of nodeCatalog()) assert.ok(Array.isArray(typeFields(type.type)), type.type);
  // The workflow file's schema wraps values in anyOf [value, template]: the form unwraps them.
  const fileSchema = generateWorkflowJsonSchema() as JsonSchema & { definitions: Record<string, JsonSchema> };
  const http = fileSchema.definitions['config.http.request']!;
  const f = byKey(formFields(http, {}, fileSchema));
  assert.deepEqual(f.timeoutMs!.kind, { kind: 'number', integer: true, min: 1, max: 2147483647 });
  assert.equal(f.method!.kind.kind, 'enum');
  assert.equal(f.allowErrorStatus!.kind.kind, 'boolean');
  assert.equal(fieldKind({ $ref: '#/definitions/x' }, { definitions: { x: { type: 'boolean' } } }).kind, 'boolean');
});

test('labels', () => {
  assert.equal(labelOf('maxBodyBytes'), 'Max body (bytes)');
  assert.equal(labelOf('intervalSeconds'), 'Interval (s)');
  assert.equal(labelOf('failOnNonZeroExit'), 'Fail on non zero exit');
  assert.equal(labelOf('cwd'), 'Working directory');
  assert.equal(labelOf('json'), 'JSON');
});

test('JSON fields: templates and words stay text, JSON is parsed, bad JSON is an error', () => {
  for (const value of ['{{ price > 100 }}', 'hello world', { a: [1, 2] }, [1], 42, true, null, '42', 'true', '{"not":"json"}', ' padded ']) {
    const text = formatJsonText(value);
    const back = parseJsonText(text);
    assert.ok(back.ok, `${JSON.stringify(value)} → ${text}`);
    assert.deepEqual(back.value, value, `${JSON.stringify(value)} round-trips through ${text}`);
  }
  assert.equal(formatJsonText('{{ x }}'), '{{ x }}');
  assert.equal(formatJsonText('42'), '"42"');
  const bad = parseJsonText('{ "a": ');
  assert.ok(!bad.ok && /Not valid JSON/.test(bad.error));
  assert.deepEqual(parseJsonText('  '), { ok: true, value: undefined });
});

test('scalar and number fields', () => {
  const types = ['string', 'number', 'boolean'] as const;
  assert.deepEqual(parseScalar('5', types), { ok: true, value: 5 });
  assert.deepEqual(parseScalar('true', types), { ok: true, value: true });
  assert.deepEqual(parseScalar('Bearer x', types), { ok: true, value: 'Bearer x' });
  assert.deepEqual(parseScalar('{{ $secrets.T }}', types), { ok: true, value: '{{ $secrets.T }}' });
  assert.deepEqual(parseScalar('5', ['string']), { ok: true, value: '5' });
  assert.equal(parseScalar('x', ['number']).ok, false);
  assert.equal(formatScalar(5), '5');
  assert.equal(formatScalar(undefined), '');
  assert.deepEqual(parseNumber('', true), { ok: true, value: undefined });
  assert.deepEqual(parseNumber('1500', true), { ok: true, value: 1500 });
  assert.deepEqual(parseNumber('-3', true), { ok: true, value: -3 }, 'range is the validator\'s to judge');
  assert.deepEqual(parseNumber('1.5', true), { ok: false, error: 'Enter a whole number' });
  assert.deepEqual(parseNumber('abc', false), { ok: false, error: 'Enter a number' });
  assert.deepEqual(parseNumber('{{ $vars.ms }}', false), { ok: true, value: '{{ $vars.ms }}' });
});

test('placeholders, config keys, problem paths', () => {
  assert.equal(placeholderOf({ default: 30000 }), '30000');
  assert.equal(placeholderOf({ default: {} }), undefined);
  assert.equal(placeholderOf({ default: 'GET' }), 'GET');
  assert.deepEqual(withKey({ a: 1, b: 2 }, 'a', undefined), { b: 2 });
  assert.deepEqual(withKey({ a: 1 }, 'b', 'x'), { a: 1, b: 'x' });
  assert.equal(problemField('/nodes/3/config/url'), 'config.url');
  assert.equal(problemField('/nodes/3/config/headers/X-Api'), 'config.headers');
  assert.equal(problemField('/nodes/3/config'), 'config');
  assert.equal(problemField('/nodes/0/retry/maxAttempts'), 'retry.maxAttempts');
  assert.equal(problemField('/nodes/0/retry'), 'retry');
  assert.equal(problemField('/nodes/0/name'), 'name');
  assert.equal(problemField('/edges/0/source'), undefined);
  assert.equal(problemField(undefined), undefined);
  assert.equal(problemNodeIndex('/nodes/12/config/url'), 12);
  assert.equal(problemNodeIndex('/nodes/12'), 12);
  assert.equal(problemNodeIndex('/edges/1'), undefined);
});

test('the inspector\'s node settings match the model (retry fields, onError values)', async () => {
  const { OnErrorSchema, RetrySchema } = await import('../../../src/core/model/workflow');
  const { ON_ERROR_OPTIONS, RETRY_FIELDS, DEFAULT_ON_ERROR, DEFAULT_RETRY } = await import('../../../webview/inspector/nodeSettings');
  assert.deepEqual(ON_ERROR_OPTIONS.map((o) => o.value), OnErrorSchema.options);
  assert.equal(DEFAULT_ON_ERROR, OnErrorSchema.options[0]);
  assert.deepEqual(RETRY_FIELDS.map((f) => f.key), Object.keys(RetrySchema.shape));
  const generated = byKey(formFields(JSON.parse(JSON.stringify((await import('zod')).z.toJSONSchema(RetrySchema, { target: 'draft-7', io: 'input' })))));
  for (const field of RETRY_FIELDS) {
    assert.deepEqual(field.kind, generated[field.key]!.kind, field.key);
    assert.equal(field.required, generated[field.key]!.required, field.key);
  }
  assert.ok(RetrySchema.safeParse(DEFAULT_RETRY).success);
});
