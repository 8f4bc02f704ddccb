/**
 * VS Code entry point: builds the services once (output, secrets, history, runs) and hands them
 * to each part. Thin glue: everything that is not about VS Code lives in src/core.
 */
import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME, type ExtensionServices } from './contract';
import { createSecretsService } from './services/secrets';
import { createHistoryService } from './services/history';
import { createRunService } from './services/runs';
import { registerWorkflowEditor } from './editor/registerEditor';
import { registerViews } from './views/registerViews';
import { registerCommands } from './commands/registerCommands';
import { registerDiagnostics } from './diagnostics';
import { registerStatusBar } from './statusBar';
import { registerRunLog } from './runLog';
import { registerVersionOnSave } from './versionOnSave';
import { registerHistoryFollowsRenames } from './historyFollowsRenames';
import { disposeSharedCodeRunner } from '../core/code/codeRunner';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const secrets = createSecretsService(context);
  const history = createHistoryService(context, output);
  const runs = createRunService({ context, output, history, secrets });
  const services: ExtensionServices = { context, output, history, runs, secrets };
  // Disposed in this order: runs stop (and are recorded as cancelled) before the stores close.
  context.subscriptions.push(
    runs,
    history,
    output,
    registerWorkflowEditor(services),
    registerViews(services),
    registerCommands(services),
    registerDiagnostics(services),
    registerStatusBar(services),
    registerRunLog(services),
    registerVersionOnSave(services),
    registerHistoryFollowsRenames(services),
  );
  output.info(`Workflow Studio activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export async function deactivate(): Promise<void> {
  await disposeSharedCodeRunner();
}
