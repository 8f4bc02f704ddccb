/** Shared helpers of the in-host tests (bundled into each test file by e2e/build-tests.mjs). */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EDITOR_VIEW_TYPE } from '../../src/extension/contract';

export const EXTENSION_ID = 'workflow-studio.workflow-studio';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has a workspace folder');
  return folder.uri;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value. */
export async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : String(last)})`);
    }
    await sleep(100);
  }
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is loaded as the development extension`);
  await extension.activate();
  assert.equal(extension.isActive, true);
  return extension;
}

/** Opens `uri` in the workflow custom editor and waits until it is the active tab. */
export async function openInCanvas(uri: vscode.Uri): Promise<vscode.Tab> {
  await vscode.commands.executeCommand('vscode.openWith', uri, EDITOR_VIEW_TYPE);
  return until(`the custom editor tab of ${uri.path}`, () => {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const input = tab?.input;
    return input instanceof vscode.TabInputCustom && input.viewType === EDITOR_VIEW_TYPE && input.uri.toString() === uri.toString()
      ? tab
      : undefined;
  });
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * The real CLI on the workspace database. Asynchronous: a synchronous child process would block
 * the extension host, whose work (the store's writes) the tests are waiting for.
 */
export function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const bin = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'bin', 'workflow.js');
  const db = join(workspaceRoot().fsPath, '.workflow-studio', 'history.sqlite');
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args, '--db', db], { encoding: 'utf8', cwd: workspaceRoot().fsPath }, (error, stdout, stderr) => {
      const code = error ? (error as { code?: unknown }).code : 0;
      resolve({ status: typeof code === 'number' ? code : null, stdout, stderr: stderr || (error && typeof code !== 'number' ? error.message : '') });
    });
  });
}
