/**
 * Saving a workflow records a version in the history (when its content changed), so the
 * Versions view has something to compare and restore without a run. Invalid files are skipped:
 * a version is always a runnable workflow.
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from './contract';
import { isWorkflowUri } from './views/activeWorkflow';
import { loadWorkflowText } from '../core/validation/loadWorkflow';
import { gitHeadCommit } from '../core/store';

export function registerVersionOnSave(services: ExtensionServices): vscode.Disposable {
  const { history, output } = services;
  return vscode.workspace.onDidSaveTextDocument(async (document) => {
    if (!isWorkflowUri(document.uri) || document.uri.scheme !== 'file') return;
    if (!vscode.workspace.getWorkspaceFolder(document.uri)) return;
    const loaded = loadWorkflowText(document.getText(), document.uri.fsPath);
    if (!loaded.workflow) return;
    try {
      const { store, folder, root } = await history.storeFor(document.uri);
      const registered = await store.registerWorkflow({ path: history.relativePath(document.uri), content: loaded.workflow, gitCommit: gitHeadCommit(root) });
      await store.flush();
      history.notifyChanged({ folder, kinds: registered.created ? ['workflows', 'versions'] : ['versions'] });
      output.debug(`saved ${history.relativePath(document.uri)}: version ${registered.versionNumber}${registered.changeSummary ? ` (${registered.changeSummary})` : ''}`);
    } catch (error) {
      output.warn(`could not record a version of ${document.uri.fsPath}: ${(error as Error).message}`);
    }
  });
}
