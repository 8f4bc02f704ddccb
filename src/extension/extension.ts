/**
 * VS Code entry point: builds the services once (output, secrets, history, runs) and hands them
 * to each part. Thin glue: everything that is not about VS Code lives in src/core.
 */
import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME, type ExtensionServices, type HistoryService, type RunService, type TriggerService } from './contract';
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
import { createTriggerService } from './triggers/triggerHost';
import { disposeSharedCodeRunner } from '../core/code/codeRunner';

/** How long deactivation waits for runs that triggers started before the rest is cancelled. */
const TRIGGERED_RUNS_GRACE_MS = 3_000;

/** The services that end in `deactivate()`, after triggered runs had their moment. */
let ending: { triggers: TriggerService; runs: RunService; history: HistoryService; output: vscode.LogOutputChannel } | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  const secrets = createSecretsService(context);
  const history = createHistoryService(context, output);
  const runs = createRunService({ context, output, history, secrets });
  const triggers = createTriggerService({ output, history, runs, secrets });
  const services: ExtensionServices = { context, output, history, runs, secrets, triggers };
  // VS Code disposes the subscriptions right after calling deactivate(), without waiting for it;
  // these four end in deactivate() instead, in this order: triggers stop firing and their runs
  // get a moment to finish, then runs stop (recorded as cancelled) before the stores close.
  ending = { triggers, runs, history, output };
  context.subscriptions.push(
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
  const services = ending;
  ending = undefined;
  if (services) {
    await services.triggers.shutdown(TRIGGERED_RUNS_GRACE_MS);
    for (const service of [services.triggers, services.runs, services.history, services.output]) service.dispose();
  }
  await disposeSharedCodeRunner();
}
