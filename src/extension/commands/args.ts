/**
 * What a command acts on. Menus pass a Uri (explorer, editor title) or a tree node; the palette
 * passes nothing, and then the active workflow editor is meant.
 */
import * as vscode from 'vscode';
import { activeWorkflowUri, isWorkflowUri } from '../views/activeWorkflow';
import { ExecutionNode, NodeResultNode } from '../views/executionsView';
import { VersionNode } from '../views/versionsView';
import { WorkflowFileNode, WorkflowTriggerNode } from '../views/workflowsView';

/** Thrown when a command has nothing to act on; its message tells the user what to do. */
export class NoTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoTargetError';
  }
}

/** The workflow file an argument names, or the active one. */
export function workflowUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return isWorkflowUri(arg) ? arg : undefined;
  if (arg instanceof WorkflowFileNode || arg instanceof WorkflowTriggerNode) return arg.uri;
  if (arg instanceof VersionNode) return arg.fileUri;
  const execution = executionOf(arg);
  if (execution?.execution.workflowPath) return vscode.Uri.joinPath(execution.anchor, execution.execution.workflowPath);
  return arg === undefined ? activeWorkflowUri() : undefined;
}

/** Like `workflowUriOf`, throwing a helpful message when there is none. */
export function requireWorkflowUri(arg: unknown): vscode.Uri {
  const uri = workflowUriOf(arg);
  if (!uri) throw new NoTargetError('open a *.workflow.json file or pick one in the Workflows view first');
  return uri;
}

/** The execution a tree node names (a node result names its execution). */
export function executionOf(arg: unknown): ExecutionNode | undefined {
  if (arg instanceof ExecutionNode) return arg;
  if (arg instanceof NodeResultNode) return arg.parent;
  return undefined;
}

/** The version a tree node names. */
export function versionOf(arg: unknown): VersionNode | undefined {
  return arg instanceof VersionNode ? arg : undefined;
}

/** The open document of `uri`, opened (not shown) when needed. */
export function documentOf(uri: vscode.Uri): Thenable<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(uri);
}

/** Replaces a document's whole text as one undoable edit; fails loudly when VS Code refuses. */
export async function replaceDocumentText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit of ${vscode.workspace.asRelativePath(document.uri)}`);
}
