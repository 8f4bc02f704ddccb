/// <reference types="mocha" />
/**
 * In-host: activation, the custom editor, dirty/undo, external edits (the TextDocument is the
 * model). What must be seen on the canvas is in e2e/ui.test.mjs.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, EDITOR_VIEW_TYPE } from '../../src/extension/contract';
import { activateExtension, closeAllEditors, EXTENSION_ID, fileUri, openInCanvas, readText, until } from './helpers';

suite('Workflow Studio: activation and editor host', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  teardown(closeAllEditors);

  test('every command of the contract is registered and contributed', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = Object.values(COMMANDS).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `registered commands missing: ${missing.join(', ')}`);
    const extension = await activateExtension();
    const manifest = extension.packageJSON as { contributes: { commands: { command: string; category: string }[] } };
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    assert.deepEqual(Object.values(COMMANDS).filter((id) => !contributed.has(id)), []);
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Workflow', c.command);
  });

  test('a *.workflow.json opens in the workflow canvas by default (vscode.open)', async () => {
    const uri = fileUri('price-alert.workflow.json');
    await vscode.commands.executeCommand('vscode.open', uri);
    const input = await until('the custom editor to be the active tab', () => {
      const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return active instanceof vscode.TabInputCustom ? active : undefined;
    });
    assert.equal(input.viewType, EDITOR_VIEW_TYPE);
    assert.equal(input.uri.toString(), uri.toString());
  });

  test('an edit makes the document dirty; undo restores the text', async () => {
    const uri = fileUri('price-alert.workflow.json');
    await openInCanvas(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const original = document.getText();
    assert.equal(document.isDirty, false);
    const edit = new vscode.WorkspaceEdit();
    const at = original.indexOf('"Price alert"');
    assert.ok(at > 0);
    edit.replace(uri, new vscode.Range(document.positionAt(at), document.positionAt(at + '"Price alert"'.length)), '"Price alert (edited)"');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.equal(document.isDirty, true);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom, 'the canvas is still the active editor');
    await until('the tab to show the dirty marker', () => tab.isDirty || vscode.window.tabGroups.activeTabGroup.activeTab?.isDirty);
    await vscode.commands.executeCommand('undo');
    await until('undo to restore the text', () => document.getText() === original);
    await until('the document to be clean again', () => !document.isDirty);
    assert.equal(await readText(uri), original, 'nothing was written to disk');
  });

  test('an external change of the file reaches the document', async () => {
    const uri = fileUri('order-pipeline.workflow.json');
    await openInCanvas(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const original = await readText(uri);
    const parsed = JSON.parse(original) as { name: string };
    const changed = original.replace(JSON.stringify(parsed.name), JSON.stringify(`${parsed.name} (changed on disk)`));
    assert.notEqual(changed, original);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(changed));
    await until('the document to follow the file on disk', () => document.getText() === changed);
    assert.equal(document.isDirty, false);
  });

  test('saving a changed workflow records a version in the history the CLI reads', async () => {
    const uri = fileUri('order-pipeline.workflow.json');
    const bin = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'bin', 'workflow.js');
    // the real CLI, reading the same workspace database as the extension
    const versions = (): number => {
      const result = spawnSync(process.execPath, [bin, 'versions', uri.fsPath, '--json'], { encoding: 'utf8' });
      if (result.status === 2 && /no history for/.test(result.stderr)) return 0;
      assert.equal(result.status, 0, result.stderr);
      return (JSON.parse(result.stdout) as { versions: unknown[] }).versions.length;
    };
    const before = versions();
    await openInCanvas(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    const at = text.indexOf('"description": "') + '"description": "'.length;
    assert.ok(at > 20);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, document.positionAt(at), 'Saved from the editor. ');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.equal(await document.save(), true);
    await until('the saved version to reach the history', () => versions() === before + 1);
  });
});
