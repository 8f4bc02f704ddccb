/**
 * Commands on a workflow's history record and versions: Toggle Favorite, Set Status, Move to
 * Folder, Search Workflows, Restore Version…, Compare with Current.
 */
import * as vscode from 'vscode';
import { formatTime, WORKFLOW_STATUSES, type VersionRecord, type WorkflowPatch } from '../../core/store';
import { COMMANDS, WORKFLOW_GLOB, type ExtensionServices } from '../contract';
import { versionDocumentUri } from '../views/documents';
import { versionDescription, versionLabel } from '../views/model/versionFormat';
import { documentOf, replaceDocumentText, requireWorkflowUri, versionOf } from './args';
import { registerFailableCommand, required } from './failable';
import { ensureRecord } from './workflowRecords';

async function patchRecord(services: ExtensionServices, uri: vscode.Uri, patch: (current: { favorite: boolean; folder?: string }) => WorkflowPatch | undefined): Promise<void> {
  const { store, folder, record } = await ensureRecord(services, uri);
  const change = patch(record);
  if (!change) return;
  await store.updateWorkflow(record.id, change);
  services.history.notifyChanged({ folder, kinds: ['workflows'] });
}

/** The version a command acts on: the tree node, else one picked from the workflow's history. */
async function pickVersion(services: ExtensionServices, arg: unknown, title: string, numberArg?: unknown): Promise<{ version: VersionRecord; fileUri: vscode.Uri }> {
  const node = versionOf(arg);
  if (node) return { version: node.version, fileUri: node.fileUri };
  const fileUri = requireWorkflowUri(arg);
  const { store } = await services.history.storeFor(fileUri);
  const record = await store.findWorkflowByPath(services.history.relativePath(fileUri));
  if (typeof numberArg === 'number') {
    const version = record ? (await store.versionHistory(record.id)).find((v) => v.number === numberArg) : undefined;
    if (!version) throw new Error(`${vscode.workspace.asRelativePath(fileUri)} has no version ${numberArg}`);
    return { version, fileUri };
  }
  const versions = record ? (await store.versionHistory(record.id)).filter((v) => !v.archived) : [];
  if (versions.length === 0) throw new Error('no stored versions of this workflow yet (they are recorded on save and run)');
  const now = Date.now();
  const picked = required(
    await vscode.window.showQuickPick(
      versions.map((version) => ({ label: versionLabel(version), description: versionDescription(version, now), detail: formatTime(version.createdAt), version })),
      { title, matchOnDescription: true },
    ),
  );
  return { version: picked.version, fileUri };
}

function assertNotArchived(version: VersionRecord): void {
  if (version.archived) throw new Error(`version ${version.number} is archived: only its metadata was kept`);
}

/** Registers the history commands. */
export function registerHistoryCommands(services: ExtensionServices): vscode.Disposable[] {
  return [
    registerFailableCommand(services, COMMANDS.toggleFavorite, (arg?: unknown) => patchRecord(services, requireWorkflowUri(arg), (r) => ({ favorite: !r.favorite }))),

    registerFailableCommand(services, COMMANDS.setStatus, async (arg?: unknown, status?: unknown) => {
      const uri = requireWorkflowUri(arg);
      const chosen =
        typeof status === 'string' && (WORKFLOW_STATUSES as readonly string[]).includes(status)
          ? status
          : required(await vscode.window.showQuickPick([...WORKFLOW_STATUSES], { title: 'Set Workflow Status' }));
      await patchRecord(services, uri, () => ({ status: chosen as WorkflowPatch['status'] }));
    }),

    registerFailableCommand(services, COMMANDS.moveToFolder, async (arg?: unknown) => {
      const uri = requireWorkflowUri(arg);
      const { record } = await ensureRecord(services, uri);
      const value = required(
        await vscode.window.showInputBox({
          title: 'Move to Folder',
          prompt: 'Folder in the Workflows view (the file stays where it is); empty puts it back under its directory',
          value: record.folder ?? '',
        }),
      ).trim();
      await patchRecord(services, uri, () => ({ folder: value === '' ? null : value }));
    }),

    registerFailableCommand(services, COMMANDS.search, async () => {
      const text = required(await vscode.window.showInputBox({ title: 'Search Workflows', prompt: 'Words matched against names, descriptions, tags and node names' })).trim();
      const picks: { label: string; description: string; detail?: string; uri: vscode.Uri }[] = [];
      const seen = new Set<string>();
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const { store } = await services.history.storeFor(folder.uri);
        for (const record of await store.searchWorkflows({ text, limit: 50 })) {
          const uri = vscode.Uri.joinPath(folder.uri, record.path);
          seen.add(uri.toString());
          picks.push({ label: record.name, description: record.path, detail: [record.status, ...record.tags.map((t) => `#${t}`), record.description].filter(Boolean).join(' · '), uri });
        }
      }
      // Files the history has not seen yet are found by their file name.
      const words = text.toLowerCase().split(/\s+/).filter(Boolean);
      for (const uri of await vscode.workspace.findFiles(WORKFLOW_GLOB, '**/node_modules/**')) {
        const path = vscode.workspace.asRelativePath(uri).toLowerCase();
        if (!seen.has(uri.toString()) && words.every((w) => path.includes(w))) picks.push({ label: uri.path.split('/').pop()!, description: vscode.workspace.asRelativePath(uri), uri });
      }
      if (picks.length === 0) {
        void vscode.window.showInformationMessage(`No workflow matches "${text}".`);
        return;
      }
      const picked = required(await vscode.window.showQuickPick(picks, { title: `Workflows matching "${text}"`, matchOnDescription: true, matchOnDetail: true }));
      await vscode.commands.executeCommand('vscode.open', picked.uri);
    }),

    // (workflow or version node?, versionNumber?: number)
    registerFailableCommand(services, COMMANDS.compareVersion, async (arg?: unknown, numberArg?: unknown) => {
      const { version, fileUri } = await pickVersion(services, arg, 'Compare Version with Current', numberArg);
      assertNotArchived(version);
      const title = `${fileUri.path.split('/').pop()} (version ${version.number}) ↔ current`;
      // The right side is the file as a text document, so the diff shows unsaved edits too.
      await vscode.commands.executeCommand('vscode.diff', versionDocumentUri(fileUri, version.id, version.number), fileUri, title, { preview: true });
    }),

    // (workflow or version node?, versionNumber?: number): a version number passed by the caller
    // is restored without a pick or a confirmation (the edit is undoable).
    registerFailableCommand(services, COMMANDS.restoreVersion, async (arg?: unknown, numberArg?: unknown) => {
      const { version, fileUri } = await pickVersion(services, arg, 'Restore Version', numberArg);
      assertNotArchived(version);
      const confirmed =
        typeof numberArg === 'number' ||
        (await vscode.window.showWarningMessage(
          `Replace the content of ${vscode.workspace.asRelativePath(fileUri)} with version ${version.number}? You can undo it in the editor.`,
          { modal: true },
          'Restore',
        )) === 'Restore';
      if (!confirmed) return;
      const { store } = await services.history.storeFor(fileUri);
      const restored = await store.restoreVersion(version.id);
      const document = await documentOf(fileUri);
      if (document.getText() === restored.content) {
        void vscode.window.showInformationMessage(`The file already holds version ${version.number}.`);
        return;
      }
      // An edit, not a file write: undo brings the previous text back, and saving records a new version.
      await replaceDocumentText(document, restored.content);
      await vscode.commands.executeCommand('vscode.open', fileUri);
    }),
  ];
}
