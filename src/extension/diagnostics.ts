/**
 * Validation findings in the Problems panel: for open `*.workflow.json` documents as they change
 * (debounced), and for every workflow file of the workspace through Validate All. Positions come
 * from the validator, so a finding points at the exact value.
 */
import * as vscode from 'vscode';
import { validate, type Diagnostic } from '../core/validation/validate';
import { COMMANDS, WORKFLOW_GLOB, type ExtensionServices } from './contract';
import { registerFailableCommand } from './commands/failable';
import { diagnosticRange, summarizeValidation, tallyFile, type ValidationTally } from './commands/logic/problems';
import { isWorkflowUri } from './views/activeWorkflow';

/** Quiet time after the last keystroke before a document is validated again. */
const DEBOUNCE_MS = 300;

const SEVERITIES: Readonly<Record<Diagnostic['severity'], vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toVscode(diagnostic: Diagnostic): vscode.Diagnostic {
  const range = diagnosticRange(diagnostic);
  const result = new vscode.Diagnostic(new vscode.Range(range.line, range.startCharacter, range.line, range.endCharacter), diagnostic.message, SEVERITIES[diagnostic.severity]);
  result.code = diagnostic.code;
  result.source = 'workflow';
  return result;
}

/** Validates text; untitled or virtual documents have no file name to resolve sub-workflows from. */
function findingsOf(text: string, uri: vscode.Uri): Diagnostic[] {
  return validate(text, uri.scheme === 'file' ? uri.fsPath : '');
}

/** Whether VS Code's JSON language features check `document`'s syntax (on unless the user turned them off). */
function jsonCheckerCovers(document: vscode.TextDocument): boolean {
  return (document.languageId === 'json' || document.languageId === 'jsonc') && vscode.workspace.getConfiguration('json').get<boolean>('validate.enable', true);
}

/** Registers the diagnostics collection, its document listeners and Validate All. */
export function registerDiagnostics(services: ExtensionServices): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('workflow');
  const timers = new Map<string, NodeJS.Timeout>();

  const check = (document: vscode.TextDocument): void => {
    if (!isWorkflowUri(document.uri) || document.uri.scheme === 'workflow-version') return;
    const findings = findingsOf(document.getText(), document.uri);
    // VS Code's JSON checker already lists the syntax errors of an open JSON document: listing
    // ours too would show each one twice. Validate All (closed files) keeps them.
    const shown = jsonCheckerCovers(document) ? findings.filter((d) => d.code !== 'JSON_SYNTAX') : findings;
    collection.set(document.uri, shown.map(toVscode));
  };
  const schedule = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        check(document);
      }, DEBOUNCE_MS),
    );
  };

  for (const document of vscode.workspace.textDocuments) check(document);

  return vscode.Disposable.from(
    collection,
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && isWorkflowUri(event.document.uri)) schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(timers.get(document.uri.toString()));
      timers.delete(document.uri.toString());
      collection.delete(document.uri);
    }),
    // A deleted or renamed file must not leave its problems behind.
    vscode.workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => collection.delete(uri))),
    registerFailableCommand(services, COMMANDS.validateAll, () =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Validating workflows' }, async () => {
        const uris = await vscode.workspace.findFiles(WORKFLOW_GLOB, '**/node_modules/**');
        let tally: ValidationTally = { files: 0, filesWithErrors: 0, errors: 0, warnings: 0 };
        for (const uri of uris) {
          // An open document may hold unsaved edits: validate what the user sees.
          const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          let findings: Diagnostic[];
          try {
            findings = findingsOf(open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), uri);
          } catch (error) {
            findings = [{ severity: 'error', code: 'FILE_UNREADABLE', message: `cannot read the file: ${error instanceof Error ? error.message : String(error)}`, path: '', line: 1, column: 1 }];
          }
          collection.set(uri, findings.map(toVscode));
          tally = tallyFile(tally, findings);
        }
        const summary = summarizeValidation(tally);
        services.output.info(`Validate All: ${summary}`);
        if (tally.errors > 0 || tally.warnings > 0) {
          // Not awaited: the command (and its progress) ends now, not when the notification is dismissed.
          void vscode.window.showWarningMessage(summary, 'Show Problems').then((choice) => {
            if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
          });
        } else void vscode.window.showInformationMessage(summary);
      }),
    ),
  );
}
