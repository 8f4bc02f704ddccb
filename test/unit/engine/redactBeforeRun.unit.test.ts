import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactBeforeRun } from '../../../src/core/engine/redactBeforeRun';
import { node, workflow } from './helpers';

const usesSecret = workflow([node('set', 'data.set', { values: { auth: '{{ $secrets.API }}' } })], []);
const noSecret = workflow([node('set', 'data.set', { values: { a: 1 } })], []);

test('what a host stores before the run hides the secrets the workflow names, in their spellings', () => {
  const body = { echo: 'tok-123456', b64: Buffer.from('tok-123456').toString('base64'), other: 'kept' };
  const stored = redactBeforeRun(usesSecret, { get: (name) => (name === 'API' ? 'tok-123456' : undefined) }, body);
  assert.deepEqual(stored, { echo: '***', b64: '***', other: 'kept' });
  assert.equal(body.echo, 'tok-123456', 'the data the run gets stays in clear');
});

test('a workflow that names no secret is stored as it came; a provider that answers later hides the whole value', () => {
  const body = { echo: 'x' };
  assert.equal(redactBeforeRun(noSecret, { get: () => 'x' }, body), body);
  assert.equal(redactBeforeRun(usesSecret, { get: async () => 'x' }, body), '***');
});
