/// <reference types="mocha" />
/** In-host, restricted workspace (Workspace Trust on, folder not trusted): editing works, Run is refused. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/contract';
import { activateExtension, closeAllEditors, exists, fileUri, openInCanvas, sleep } from './helpers';

suite('Workflow Studio: restricted workspace', () => {
  teardown(closeAllEditors);

  test('the workspace is not trusted and the extension still activates (limited support)', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await activateExtension();
  });

  test('the canvas opens in a restricted workspace', async () => {
    await openInCanvas(fileUri('price-alert.workflow.json'));
  });

  test('Run is refused: the workflow does not run', async () => {
    const uri = fileUri('hello.workflow.json');
    await openInCanvas(uri);
    await vscode.commands.executeCommand(COMMANDS.run, uri);
    await sleep(4000);
    assert.equal(await exists(fileUri('e2e-output/hello.json')), false, 'no node ran');
  });
});
