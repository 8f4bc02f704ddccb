/// <reference types="mocha" />
/**
 * In-host: renaming a workflow file in VS Code moves its run history with it, so the CLI lists
 * the old runs under the new path (historyFollowsRenames.ts).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, EXTENSION_ID, exists, fileUri, until } from './helpers';

const WORKFLOW = {
  formatVersion: 1,
  name: 'Rename me',
  description: 'In-host fixture: renamed by the test, its runs must follow.',
  nodes: [
    { id: 'start', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} },
    { id: 'set', type: 'data.set', name: 'Set', position: { x: 240, y: 0 }, config: { values: { ok: true } } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'set' }],
};

suite('Workflow Studio: the history follows renames', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  teardown(closeAllEditors);

  test('renaming a workflow file (WorkspaceEdit.renameFile) keeps its runs, as the CLI sees them', async () => {
    const bin = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'bin', 'workflow.js');
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    const history = (uri: vscode.Uri): string[] | undefined => {
      const result = cli('history', uri.fsPath, '--json');
      if (result.status === 2 && /no history for/.test(result.stderr)) return undefined;
      assert.equal(result.status, 0, result.stderr);
      return (JSON.parse(result.stdout) as { id: string }[]).map((run) => run.id);
    };
    const before = fileUri('rename-test/rename-me.workflow.json');
    const after = fileUri('rename-test/moved/renamed.workflow.json');
    await vscode.workspace.fs.writeFile(before, new TextEncoder().encode(JSON.stringify(WORKFLOW, null, 2) + '\n'));
    try {
      for (let i = 0; i < 2; i++) {
        const run = cli('run', before.fsPath);
        assert.equal(run.status, 0, run.stderr);
      }
      const runs = history(before);
      assert.equal(runs?.length, 2);

      const edit = new vscode.WorkspaceEdit();
      edit.renameFile(before, after);
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      assert.equal(await exists(after), true);
      await until('the old runs listed under the new path', () => JSON.stringify(history(after)) === JSON.stringify(runs));
      assert.equal(history(before), undefined, 'nothing is left under the old path');
    } finally {
      await vscode.workspace.fs.delete(fileUri('rename-test'), { recursive: true }).then(undefined, () => undefined);
    }
  });
});
