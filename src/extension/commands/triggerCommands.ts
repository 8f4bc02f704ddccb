/**
 * Activate, Pause, Copy Webhook URL and Show Triggers. Activate and Pause set the history
 * record's status (as Set Status does) and re-sync the trigger host at once, so that a webhook
 * answers (or answers 503) as soon as the command returns.
 */
import * as vscode from 'vscode';
import { formatTime } from '../../core/store';
import { loadWorkflowText } from '../../core/validation/loadWorkflow';
import { COMMANDS, type ExtensionServices } from '../contract';
import { triggerItems, type TriggerView } from '../views/model/triggerItems';
import { WorkflowTriggerNode } from '../views/workflowsView';
import { activatedNotice, activationNotice } from './logic/activation';
import { requireWorkflowUri, workflowUriOf } from './args';
import { registerFailableCommand, required } from './failable';
import { setWorkflowStatus } from './workflowRecords';

/** Options of Show Triggers for callers that want the states, not a picker. */
interface ShowTriggersOptions {
  pick?: boolean;
}

async function savedText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function fileLabel(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** Registers the trigger commands. */
export function registerTriggerCommands(services: ExtensionServices): vscode.Disposable[] {
  const { triggers } = services;

  /** Tells why nothing will fire, when nothing can (restricted mode, setting off). */
  const warnIfInactive = (): void => {
    const reason = triggers.inactiveReason;
    if (reason) void vscode.window.showWarningMessage(`Workflow Studio: ${reason}.`);
  };

  return [
    registerFailableCommand(services, COMMANDS.activate, async (arg?: unknown) => {
      const uri = requireWorkflowUri(arg);
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      // Triggers run the saved file: unsaved edits are not armed until saved.
      const text = await savedText(uri);
      const { record } = await setWorkflowStatus(services, uri, 'active');
      await triggers.resync();
      const hasErrors = loadWorkflowText(text, uri.fsPath).workflow === undefined;
      const notice = activationNotice(record.name, text, hasErrors);
      if (notice) void vscode.window.showInformationMessage(notice);
      else if (document?.isDirty) void vscode.window.showInformationMessage(`${record.name} is active with its saved content; save to arm your latest changes.`);
      else void vscode.window.showInformationMessage(activatedNotice(record.name, triggers.states(uri), Date.now()));
      warnIfInactive();
      services.output.info(`${fileLabel(uri)}: activated`);
    }),

    registerFailableCommand(services, COMMANDS.pause, async (arg?: unknown) => {
      const uri = requireWorkflowUri(arg);
      await setWorkflowStatus(services, uri, 'paused');
      await triggers.resync();
      services.output.info(`${fileLabel(uri)}: paused; its webhooks answer 503 until it is activated again`);
    }),

    // (webhook item | workflow?, nodeId?: string): copies the URL and returns it.
    registerFailableCommand(services, COMMANDS.copyWebhookUrl, async (arg?: unknown, nodeIdArg?: unknown) => {
      let url = arg instanceof WorkflowTriggerNode ? arg.spec.url : undefined;
      if (url === undefined) {
        const uri = requireWorkflowUri(arg);
        const webhooks = triggers.states(uri).filter((s) => s.kind === 'webhook' && (typeof nodeIdArg !== 'string' || s.nodeId === nodeIdArg));
        const listening = webhooks.filter((s) => s.url !== undefined);
        if (listening.length === 0) {
          const why = triggers.inactiveReason ?? webhooks.find((s) => s.error)?.error ?? 'activate the workflow first (Workflow: Activate); only active and paused workflows have webhook routes';
          throw new Error(`${fileLabel(uri)} has no webhook URL: ${why}`);
        }
        url =
          listening.length === 1
            ? listening[0]!.url
            : required(await vscode.window.showQuickPick(listening.map((s) => ({ label: s.nodeName, description: s.url, url: s.url })), { title: 'Copy Webhook URL' })).url;
      }
      if (url === undefined) throw new Error('this trigger has no URL');
      await vscode.env.clipboard.writeText(url);
      vscode.window.setStatusBarMessage(`$(clippy) Copied ${url}`, 4000);
      return url;
    }),

    // (workflow?, options?: { pick: false }): returns the trigger states; with `pick: false`
    // nothing is shown (scripts and tests read the next run or the URL this way).
    registerFailableCommand(services, COMMANDS.showTriggers, async (arg?: unknown, options?: unknown) => {
      const uri = arg === undefined ? undefined : workflowUriOf(arg);
      const states: TriggerView[] = triggers.states(uri);
      if ((options as ShowTriggersOptions | undefined)?.pick === false) return states;
      if (states.length === 0) {
        const reason = triggers.inactiveReason ?? 'no active workflow has a schedule, webhook, file, poll or workflow trigger';
        void vscode.window.showInformationMessage(`No trigger is armed: ${reason}.`);
        return states;
      }
      const now = Date.now();
      const items = triggerItems(states, now).map((spec, i) => {
        const state = states[i]!;
        return { label: `${state.nodeName}`, description: `${state.kind} · ${spec.description}`, detail: `${fileLabel(vscode.Uri.file(state.file))}${state.nextRunAt ? ` · next ${formatTime(state.nextRunAt)}` : ''}`, state, url: spec.url };
      });
      const picked = await vscode.window.showQuickPick(items, { title: 'Armed Triggers (pick a webhook to copy its URL)', matchOnDescription: true, matchOnDetail: true });
      if (!picked) return states;
      if (picked.url !== undefined) {
        await vscode.env.clipboard.writeText(picked.url);
        vscode.window.setStatusBarMessage(`$(clippy) Copied ${picked.url}`, 4000);
      } else await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(picked.state.file));
      return states;
    }),
  ];
}
