/** Which recorded workflows a rename in the workspace moves (historyFollowsRenames.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { movesForRename } from '../../../src/extension/renameMoves';

const recorded = {
  listWorkflows: async () =>
    ['a.workflow.json', 'flows/b.workflow.json', 'flows/deep/c.workflow.json', 'flowsX/d.workflow.json', 'flows/notes.json'].map((path) => ({ path })),
};

describe('movesForRename', () => {
  it('moves a renamed workflow file', async () => {
    assert.deepEqual(await movesForRename(recorded, 'a.workflow.json', 'z/a2.workflow.json'), [['a.workflow.json', 'z/a2.workflow.json']]);
  });

  it('moves every workflow recorded under a renamed folder, and nothing beside it', async () => {
    assert.deepEqual(await movesForRename(recorded, 'flows', 'pipelines/flows'), [
      ['flows/b.workflow.json', 'pipelines/flows/b.workflow.json'],
      ['flows/deep/c.workflow.json', 'pipelines/flows/deep/c.workflow.json'],
    ]);
  });

  it('moves nothing when the file stops being a workflow, stays put or leaves the folder', async () => {
    assert.deepEqual(await movesForRename(recorded, 'a.workflow.json', 'a.json'), []);
    assert.deepEqual(await movesForRename(recorded, 'a.workflow.json', 'a.workflow.json'), []);
    assert.deepEqual(await movesForRename(recorded, 'a.workflow.json', '../a.workflow.json'), []);
    assert.deepEqual(await movesForRename(recorded, '', 'x'), []);
    assert.deepEqual(await movesForRename(recorded, 'other', 'other2'), []);
  });
});
