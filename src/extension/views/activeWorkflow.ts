/**
 * Which workflow file the user is looking at: the active custom editor or text editor of a
 * `*.workflow.json`. Custom editors are not text editors, so the tab model is the only source
 * that sees both.
 */
import * as vscode from 'vscode';
import { isWorkflowFileName } from '../../shared/workflowFile';

/** True for a `*.workflow.json` URI (any scheme: untitled or remote files count). */
export function isWorkflowUri(uri: vscode.Uri): boolean {
  return isWorkflowFileName(uri.path);
}

/** The workflow file of the active tab, if it is one. */
export function activeWorkflowUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) {
    return isWorkflowUri(input.uri) ? input.uri : undefined;
  }
  const editorUri = vscode.window.activeTextEditor?.document.uri;
  return editorUri && isWorkflowUri(editorUri) ? editorUri : undefined;
}

/** Fires (with the new URI) when the active workflow changes; repeats are dropped. */
export function onDidChangeActiveWorkflow(listener: (uri: vscode.Uri | undefined) => void): vscode.Disposable {
  let current = activeWorkflowUri()?.toString();
  const check = (): void => {
    const uri = activeWorkflowUri();
    if (uri?.toString() === current) return;
    current = uri?.toString();
    listener(uri);
  };
  return vscode.Disposable.from(vscode.window.tabGroups.onDidChangeTabs(check), vscode.window.tabGroups.onDidChangeTabGroups(check), vscode.window.onDidChangeActiveTextEditor(check));
}
