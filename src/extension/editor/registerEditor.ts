/**
 * Registers the workflow canvas as the default editor of `*.workflow.json`.
 */
import * as vscode from 'vscode';
import { EDITOR_VIEW_TYPE, type ExtensionServices } from '../contract';
import { WorkflowEditorProvider } from './workflowEditorProvider';

/** Registers the custom editor; disposing the result unregisters it and closes its sessions. */
export function registerWorkflowEditor(services: ExtensionServices): vscode.Disposable {
  const provider = new WorkflowEditorProvider(services.context.extensionUri, services.output, services);
  const registration = vscode.window.registerCustomEditorProvider(EDITOR_VIEW_TYPE, provider, {
    // Two canvases on one file stay in sync through the document, so splitting is allowed.
    supportsMultipleEditorsPerDocument: true,
    // Not retained when hidden: the webview re-asks for its state (`ready`) and restores its
    // viewport from `setState`, which is cheaper than keeping a hidden React app alive.
    webviewOptions: { retainContextWhenHidden: false },
  });
  return vscode.Disposable.from(registration, provider);
}
