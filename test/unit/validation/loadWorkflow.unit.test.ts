import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkflowFile, loadWorkflowText } from '../../../src/core/validation/loadWorkflow';
import { edge, node, validWorkflow, workflowText } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'wf-load-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('loadWorkflowText: the workflow comes with warnings, never with errors', () => {
  const { nodes, edges } = validWorkflow();
  const withWarning = workflowText([...nodes, node('lost', 'data.set', { values: {} })], edges);
  const loaded = loadWorkflowText(withWarning, 'x.workflow.json');
  assert.equal(loaded.workflow?.name, 'Test');
  assert.deepEqual(loaded.diagnostics.map((d) => d.code), ['UNREACHABLE']);

  const withError = workflowText(nodes, [...edges, edge('e9', 'check', 'nowhere', { sourceHandle: 'true' })]);
  const failed = loadWorkflowText(withError, 'x.workflow.json');
  assert.equal(failed.workflow, undefined);
  assert.deepEqual(failed.diagnostics.map((d) => d.code), ['EDGE_MISSING_NODE']);
});

test('loadWorkflowText: the workflow is the file as written, nothing added', () => {
  const text = workflowText(validWorkflow().nodes, validWorkflow().edges);
  assert.deepEqual(loadWorkflowText(text, 'x').workflow, JSON.parse(text));
});

test('loadWorkflowFile reads, validates and resolves sub-workflows next to the file', async () => {
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(join(dir, 'lib', 'child.workflow.json'), workflowText([node('s', 'trigger.manual')]));
  const parent = join(dir, 'parent.workflow.json');
  const sub = (path: string) => workflowText([node('start', 'trigger.manual'), node('sub', 'flow.subworkflow', { path })], [edge('e1', 'start', 'sub')]);
  writeFileSync(parent, sub('./lib/child.workflow.json'));
  const ok = await loadWorkflowFile(parent);
  assert.deepEqual(ok.diagnostics, []);
  assert.equal(ok.workflow?.nodes[1].type, 'flow.subworkflow');

  writeFileSync(parent, sub('./lib/missing.workflow.json'));
  const missing = await loadWorkflowFile(parent);
  assert.deepEqual(missing.diagnostics.map((d) => d.code), ['SUBWORKFLOW_NOT_FOUND']);
  assert.equal(missing.workflow, undefined);
});

test('loadWorkflowFile ignores a byte order mark', async () => {
  const path = join(dir, 'bom.workflow.json');
  writeFileSync(path, '\ufeff' + workflowText(validWorkflow().nodes, validWorkflow().edges));
  assert.deepEqual((await loadWorkflowFile(path)).diagnostics, []);
});

test('loadWorkflowFile: a missing or unreadable file is a diagnostic, never a rejection', async () => {
  const missing = await loadWorkflowFile(join(dir, 'nope.workflow.json'));
  assert.equal(missing.workflow, undefined);
  assert.deepEqual(missing.diagnostics.map((d) => [d.code, d.severity, d.line, d.column]), [['FILE_UNREADABLE', 'error', 1, 1]]);
  assert.match(missing.diagnostics[0].message, /nope\.workflow\.json: no such file/);
  const directory = await loadWorkflowFile(dir);
  assert.equal(directory.diagnostics[0].code, 'FILE_UNREADABLE');
});
