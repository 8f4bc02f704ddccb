/**
 * Set Secret, Delete Secret, Clear History. Secret values are typed in a password box and
 * handed to SecretStorage; only names are ever shown or logged.
 */
import * as vscode from 'vscode';
import type { WorkflowStore } from '../../core/store';
import { COMMANDS, type ExtensionServices } from '../contract';
import { registerFailableCommand, required } from './failable';

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The deletion the store does not offer yet (docs/store.md has no such method). Clear History
 * uses it as soon as the store grows it, and says what is missing until then.
 */
interface ExecutionDeleter {
  deleteExecutions(filter: { workflowId?: string }): Promise<number>;
}

function canDelete(store: WorkflowStore): store is WorkflowStore & ExecutionDeleter {
  return typeof (store as Partial<ExecutionDeleter>).deleteExecutions === 'function';
}

/** Registers the maintenance commands. */
export function registerMaintenanceCommands(services: ExtensionServices): vscode.Disposable[] {
  const { secrets } = services;
  return [
    // (name?: string, value?: string): both given, nothing is asked.
    registerFailableCommand(services, COMMANDS.setSecret, async (name?: unknown, valueArg?: unknown) => {
      const existing = await secrets.names();
      const chosen =
        typeof name === 'string' && SECRET_NAME.test(name)
          ? name
          : required(
              await vscode.window.showInputBox({
                title: 'Set Secret',
                prompt: `Name used as $secrets.NAME in workflows${existing.length > 0 ? ` (stored: ${existing.join(', ')})` : ''}`,
                validateInput: (value) => (SECRET_NAME.test(value) ? undefined : 'Letters, digits and _, not starting with a digit.'),
              }),
            );
      const value = typeof valueArg === 'string' ? valueArg : required(await vscode.window.showInputBox({ title: `Value of ${chosen}`, password: true, prompt: 'Kept in VS Code\'s secret storage, never written to files or logs', ignoreFocusOut: true }));
      await secrets.set(chosen, value);
      services.output.info(`Secret ${chosen} set.`);
      void vscode.window.showInformationMessage(`Secret ${chosen} saved.`);
    }),

    registerFailableCommand(services, COMMANDS.deleteSecret, async (name?: unknown) => {
      const names = await secrets.names();
      if (names.length === 0 && typeof name !== 'string') {
        void vscode.window.showInformationMessage('No secret is stored.');
        return;
      }
      const chosen = typeof name === 'string' ? name : required(await vscode.window.showQuickPick(names, { title: 'Delete Secret' }));
      await secrets.delete(chosen);
      services.output.info(`Secret ${chosen} deleted.`);
      void vscode.window.showInformationMessage(`Secret ${chosen} deleted.`);
    }),

    // (options?: { confirm: false }): skips the confirmation, for callers that already asked.
    registerFailableCommand(services, COMMANDS.clearHistory, async (options?: unknown) => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      if (folders.length === 0) throw new Error('no workspace folder is open');
      const stores = await Promise.all(folders.map(async (folder) => ({ folder, store: (await services.history.storeFor(folder.uri)).store })));
      if (!stores.every(({ store }) => canDelete(store))) {
        throw new Error('clearing the run history is not supported by this version of the history store yet');
      }
      const confirmed =
        (typeof options === 'object' && options !== null && (options as { confirm?: unknown }).confirm === false) ||
        (await vscode.window.showWarningMessage(
          'Delete every recorded execution, node result and log line of this workspace? Workflow files and versions stay.',
          { modal: true },
          'Clear History',
        )) === 'Clear History';
      if (!confirmed) return;
      let deleted = 0;
      for (const { folder, store } of stores) {
        if (!canDelete(store)) continue;
        deleted += await store.deleteExecutions({});
        services.history.notifyChanged({ folder, kinds: ['executions', 'workflows'] });
      }
      void vscode.window.showInformationMessage(`Deleted ${deleted} execution(s).`);
    }),
  ];
}
