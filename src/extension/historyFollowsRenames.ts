/**
 * The history follows a workflow file when it is renamed or moved in this window (Explorer,
 * the Rename command, a WorkspaceEdit): the store moves the record of the old
 * workspace-relative path, with its versions and runs, to the new one. Renaming a folder moves
 * every workflow recorded under it. A file moved to another workspace folder (another
 * database) keeps its history where it was. Renames made outside VS Code are not seen.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from './contract';
import { movesForRename } from './renameMoves';
import { isWorkflowFileName } from '../shared/workflowFile';

export function registerHistoryFollowsRenames(services: ExtensionServices): vscode.Disposable {
  const { history, output } = services;
  return vscode.workspace.onDidRenameFiles(async ({ files }) => {
    const changed = new Map<string, vscode.WorkspaceFolder>();
    for (const { oldUri, newUri } of files) {
      if (oldUri.scheme !== 'file' || newUri.scheme !== 'file') continue;
      const oldFolder = vscode.workspace.getWorkspaceFolder(oldUri);
      const newFolder = vscode.workspace.getWorkspaceFolder(newUri);
      if (!oldFolder || !newFolder) continue;
      if (oldFolder.uri.toString() !== newFolder.uri.toString()) {
        if (isWorkflowFileName(oldUri.path)) {
          output.warn(`${oldUri.fsPath} moved to another workspace folder: its run history stays in ${oldFolder.name}`);
        }
        continue;
      }
      try {
        const oldPath = history.relativePath(oldUri);
        const newPath = history.relativePath(newUri);
        if (!isWorkflowFileName(oldPath) && !(await isDirectory(newUri))) continue;
        const { store, folder } = await history.storeFor(newUri);
        for (const [from, to] of await movesForRename(store, oldPath, newPath)) {
          try {
            if (await store.moveWorkflowByPath(from, to)) {
              changed.set(folder.uri.toString(), folder);
              output.info(`history of ${from} moved to ${to}`);
            }
          } catch (error) {
            output.warn(`could not move the history of ${from} to ${to}: ${(error as Error).message}`);
          }
        }
      } catch (error) {
        output.warn(`could not move the history of ${oldUri.fsPath}: ${(error as Error).message}`);
      }
    }
    for (const folder of changed.values()) history.notifyChanged({ folder, kinds: ['workflows', 'executions', 'versions'] });
  });
}

async function isDirectory(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
