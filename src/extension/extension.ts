/**
 * VS Code entry point. Thin glue over src/core: for now it puts the validator's diagnostics
 * of open `*.workflow.json` files in the Problems panel; the custom editor, commands and views
 * arrive with their own issue.
 */
import * as vscode from 'vscode';
import { validate } from '../core/validation/validate';

const DEBOUNCE_MS = 250;

export function activate(context: vscode.ExtensionContext): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('workflow');
  const timers = new Map<string, NodeJS.Timeout>();

  const isWorkflow = (doc: vscode.TextDocument) => doc.uri.path.endsWith('.workflow.json');
  const refresh = (doc: vscode.TextDocument) => {
    if (!isWorkflow(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      const problems = validate(doc.getText(), doc.uri.fsPath).map((d) => {
        const line = Math.max(0, d.line - 1);
        const column = Math.max(0, d.column - 1);
        const range = new vscode.Range(line, column, line, column + Math.max(1, d.length ?? 1));
        const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error
          : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
        const diagnostic = new vscode.Diagnostic(range, d.message, severity);
        diagnostic.code = d.code;
        diagnostic.source = 'workflow';
        return diagnostic;
      });
      diagnostics.set(doc.uri, problems);
    }, DEBOUNCE_MS));
  };

  vscode.workspace.textDocuments.forEach(refresh);
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => diagnostics.delete(doc.uri)),
    { dispose: () => timers.forEach(clearTimeout) },
  );
}

export function deactivate(): void {}
