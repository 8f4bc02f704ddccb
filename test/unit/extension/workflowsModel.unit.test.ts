import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkflowRecord } from '../../../src/core/store';
import {
  WorkflowsModel,
  describeWorkflow,
  groupWorkflows,
  readWorkflowHeader,
  type WorkflowFileEntry,
  type WorkflowListItem,
} from '../../../src/extension/views/model/workflowsModel';

function entry(path: string, name: string, tags: string[] = [], workspaceFolder = 'ws'): WorkflowFileEntry {
  return { key: `file:///${workspaceFolder}/${path}`, workspaceFolder, relativePath: path, name, tags };
}

function record(path: string, patch: Partial<WorkflowRecord> = {}): WorkflowRecord {
  return { id: `wf_${path}`, path, name: path, tags: [], favorite: false, status: 'active', isTemplate: false, executionCount: 0, createdAt: 0, updatedAt: 0, ...patch };
}

test('folder grouping: directories, root group last, favorites first then by name', () => {
  const items: WorkflowListItem[] = [
    { entry: entry('b.workflow.json', 'Zulu') },
    { entry: entry('flows/x.workflow.json', 'Beta') },
    { entry: entry('flows/y.workflow.json', 'Alpha') },
    { entry: entry('flows/z.workflow.json', 'Omega'), history: { record: record('flows/z.workflow.json', { favorite: true }) } },
  ];
  const groups = groupWorkflows(items, 'folder');
  assert.deepEqual(groups.map((g) => g.label), ['flows', '(workspace root)']);
  assert.deepEqual(groups[0]!.items.map((i) => i.entry.name), ['Omega', 'Alpha', 'Beta']);
});

test('folder grouping uses the store folder when set, and prefixes workspace folders in multi-root', () => {
  const items: WorkflowListItem[] = [
    { entry: entry('a.workflow.json', 'A'), history: { record: record('a.workflow.json', { folder: 'Finance' }) } },
    { entry: entry('a.workflow.json', 'A2', [], 'other') },
  ];
  assert.deepEqual(groupWorkflows(items, 'folder').map((g) => g.label), ['Finance', '(workspace root)']);
  assert.deepEqual(groupWorkflows(items, 'folder', true).map((g) => g.label), ['ws: Finance', 'other: (workspace root)']);
});

test('tag grouping lists an item under each tag, untagged last', () => {
  const items: WorkflowListItem[] = [{ entry: entry('a.workflow.json', 'A', ['x', 'y', 'x']) }, { entry: entry('b.workflow.json', 'B') }];
  const groups = groupWorkflows(items, 'tag');
  assert.deepEqual(groups.map((g) => [g.label, g.items.length]), [['x', 1], ['y', 1], ['(untagged)', 1]]);
});

test('status grouping follows the lifecycle order; files without a record are drafts', () => {
  const items: WorkflowListItem[] = [
    { entry: entry('a.workflow.json', 'A'), history: { record: record('a', { status: 'archived' }) } },
    { entry: entry('b.workflow.json', 'B'), history: { record: record('b', { status: 'active' }) } },
    { entry: entry('c.workflow.json', 'C') },
  ];
  const groups = groupWorkflows(items, 'status');
  assert.deepEqual(groups.map((g) => g.label), ['active', 'draft', 'archived']);
  assert.deepEqual(JSON.stringify(groups[1]).includes('c.workflow.json'), true, 'the file without a record is under draft');
});

test('description shows favorite, status and last result', () => {
  const now = 10 * 60_000;
  assert.equal(describeWorkflow({ entry: entry('a', 'A') }, now), 'draft · never run');
  const item: WorkflowListItem = { entry: entry('a', 'A'), history: { record: record('a', { favorite: true, status: 'paused' }), lastStatus: 'failed', lastRunAt: now - 5 * 60_000 } };
  assert.equal(describeWorkflow(item, now), '★ paused · failed 5 min ago');
  assert.equal(describeWorkflow(item, now, 'next in 4 min'), '★ paused · next in 4 min · failed 5 min ago');
  assert.match(describeWorkflow({ entry: { ...entry('a', 'A'), problem: 'invalid JSON' } }, now), /cannot read: invalid JSON/);
});

test('model: events on change only, history merged by folder and path', () => {
  const model = new WorkflowsModel();
  let events = 0;
  const sub = model.onDidChange(() => (events += 1));
  model.setFiles([entry('a.workflow.json', 'A')]);
  model.upsertFile(entry('a.workflow.json', 'A'));
  assert.equal(events, 1, 'an unchanged file fires nothing');
  model.upsertFile(entry('a.workflow.json', 'A renamed'));
  assert.equal(events, 2);
  model.setHistory('ws', new Map([['a.workflow.json', { record: record('a.workflow.json'), lastStatus: 'success' as const }]]));
  assert.equal(model.item('file:///ws/a.workflow.json')?.history?.lastStatus, 'success');
  model.setGroupMode('tag');
  model.setGroupMode('tag');
  assert.equal(events, 4);
  model.removeFile('file:///ws/a.workflow.json');
  model.removeFile('file:///ws/a.workflow.json');
  assert.equal(events, 5);
  sub.dispose();
  model.setGroupMode('folder');
  assert.equal(events, 5);
});

test('readWorkflowHeader never throws', () => {
  assert.deepEqual(readWorkflowHeader('{"name":"N","tags":["a",1,""]}', 'f'), { name: 'N', tags: ['a'] });
  assert.deepEqual(readWorkflowHeader('{', 'f'), { name: 'f', tags: [], problem: 'invalid JSON' });
  assert.deepEqual(readWorkflowHeader('[]', 'f'), { name: 'f', tags: [], problem: 'not a JSON object' });
  assert.equal(readWorkflowHeader('{"name":"  "}', 'f').name, 'f');
});
