/// <reference types="mocha" />
/** In-host, restricted workspace (Workspace Trust on, folder not trusted): editing works, Run is refused. */
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/contract';
import { activateExtension, cli, closeAllEditors, exists, fileUri, openInCanvas, sleep } from './helpers';

suite('Workflow Studio: restricted workspace', () => {
  teardown(closeAllEditors);

  test('the workspace is not trusted and the extension still activates (limited support)', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await activateExtension();
  });

  test('the canvas opens in a restricted workspace', async () => {
    await openInCanvas(fileUri('price-alert.workflow.json'));
  });

  test('Activate arms nothing in Restricted Mode: no trigger state, no webhook URL', async () => {
    const uri = fileUri('restricted-triggers/hook.workflow.json');
    mkdirSync(dirname(uri.fsPath), { recursive: true });
    const nodes = [
      { id: 'hook', type: 'trigger.webhook', name: 'Hook', position: { x: 0, y: 0 }, config: { path: 'restricted' } },
      { id: 'tick', type: 'trigger.schedule', name: 'Tick', position: { x: 0, y: 120 }, config: { cron: '* * * * * *' } },
    ];
    writeFileSync(uri.fsPath, JSON.stringify({ formatVersion: 1, name: 'Restricted hook', nodes, edges: [] }, null, 2) + '\n');
    await vscode.commands.executeCommand(COMMANDS.activate, uri);
    await sleep(2500);
    assert.deepEqual(await vscode.commands.executeCommand(COMMANDS.showTriggers, uri, { pick: false }), []);
    const history = await cli(['history', uri.fsPath, '--json']);
    assert.deepEqual(history.status === 0 ? JSON.parse(history.stdout) : [], [], 'the every-second schedule never ran');
    await vscode.commands.executeCommand(COMMANDS.pause, uri);
  });

  test('Run is refused: the workflow does not run', async () => {
    const uri = fileUri('hello.workflow.json');
    await openInCanvas(uri);
    await vscode.commands.executeCommand(COMMANDS.run, uri);
    await sleep(4000);
    assert.equal(await exists(fileUri('e2e-output/hello.json')), false, 'no node ran');
  });
});
