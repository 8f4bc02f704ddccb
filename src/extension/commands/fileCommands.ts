/**
 * Commands that create or edit workflow files: New Workflow, New from Example, Import (in
 * `importCommand.ts`), Duplicate, Rename, Add Tag, Open as Text. File content goes through the
 * serializer; edits of open documents are WorkspaceEdits, so they are undoable and the canvas
 * follows.
 */
import * as vscode from 'vscode';
import { siblingInputName } from '../services/siblingInput';
import { isWorkflowFileName } from '../../shared/workflowFile';
import { COMMANDS, EDITOR_VIEW_TYPE, type ExtensionServices } from '../contract';
import { readWorkflowHeader } from '../views/model/workflowsModel';
import { addTagInText, checkTag, checkWorkflowName, copyFileName, newWorkflowText, renameInText, workflowFileName } from './logic/workflowText';
import { documentOf, replaceDocumentText, requireWorkflowUri } from './args';
import { registerFailableCommand, required } from './failable';
import { registerImportCommand } from './importCommand';
import { findRecord } from './workflowRecords';

const encoder = new TextEncoder();

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A folder for a new file: the folder the menu was opened on, else one the user picks. */
async function targetFolder(arg: unknown, title: string): Promise<vscode.Uri> {
  if (arg instanceof vscode.Uri) {
    const stat = await vscode.workspace.fs.stat(arg).then((s) => s, () => undefined);
    if (stat?.type === vscode.FileType.Directory) return arg;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new Error('open a folder first: workflows live in the workspace');
  const [picked] = required(await vscode.window.showOpenDialog({ title, canSelectFiles: false, canSelectFolders: true, canSelectMany: false, defaultUri: folders[0]!.uri, openLabel: 'Create Here' }));
  return picked!;
}

/** Writes a new file, refusing to overwrite, and opens it on the canvas. */
async function createAndOpen(uri: vscode.Uri, text: string): Promise<void> {
  if (await exists(uri)) throw new Error(`${vscode.workspace.asRelativePath(uri)} already exists`);
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  await vscode.commands.executeCommand('vscode.openWith', uri, EDITOR_VIEW_TYPE);
}

async function askName(title: string, value: string): Promise<string> {
  return required(await vscode.window.showInputBox({ title, value, prompt: 'Workflow name', validateInput: checkWorkflowName })).trim();
}

/**
 * A workflow name passed by the caller (`executeCommand(id, target, name)`), checked like a typed
 * one; `undefined` when none was passed, so the command asks.
 */
function nameArgument(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const problem = checkWorkflowName(value);
  if (problem) throw new Error(`invalid workflow name "${value}": ${problem}`);
  return value.trim();
}

/** Registers the file commands. */
export function registerFileCommands(services: ExtensionServices): vscode.Disposable[] {
  return [
    // (folder?: Uri, name?: string): both given, nothing is asked.
    registerFailableCommand(services, COMMANDS.newWorkflow, async (arg?: unknown, nameArg?: unknown) => {
      const name = nameArgument(nameArg) ?? (await askName('New Workflow', 'New workflow'));
      const folder = await targetFolder(arg, 'Folder of the New Workflow');
      await createAndOpen(vscode.Uri.joinPath(folder, workflowFileName(name)), newWorkflowText(name));
    }),

    registerFailableCommand(services, COMMANDS.newFromExample, async (arg?: unknown) => {
      const examplesDir = vscode.Uri.joinPath(services.context.extensionUri, 'examples');
      const entries = await vscode.workspace.fs.readDirectory(examplesDir).then((e) => e, () => [] as [string, vscode.FileType][]);
      const picks = await Promise.all(
        entries
          .filter(([name, type]) => type === vscode.FileType.File && isWorkflowFileName(name))
          .map(async ([name]) => {
            const uri = vscode.Uri.joinPath(examplesDir, name);
            const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
            const header = readWorkflowHeader(text, name);
            const description = (JSON.parse(text) as { description?: unknown }).description;
            return { label: header.name, description: name, detail: typeof description === 'string' ? description : undefined, uri, name, text };
          }),
      );
      if (picks.length === 0) throw new Error('this installation ships no examples');
      const example = required(await vscode.window.showQuickPick(picks, { title: 'New Workflow from Example', matchOnDetail: true }));
      const folder = await targetFolder(arg, 'Folder of the New Workflow');
      const taken = new Set((await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n));
      const target = vscode.Uri.joinPath(folder, taken.has(example.name) ? copyFileName(example.name, (c) => taken.has(c)) : example.name);
      // The example's sample input, as the new file's sibling input (named after the new file,
      // which may be a numbered copy): Run uses it at once.
      const inputName = siblingInputName(example.name);
      const targetInputName = siblingInputName(target.path.slice(target.path.lastIndexOf('/') + 1));
      if (inputName && targetInputName) {
        const input = vscode.Uri.joinPath(examplesDir, inputName);
        const targetInput = vscode.Uri.joinPath(folder, targetInputName);
        if ((await exists(input)) && !(await exists(targetInput))) await vscode.workspace.fs.copy(input, targetInput);
      }
      await createAndOpen(target, example.text);
    }),

    registerImportCommand(services),

    // (workflow?, name?: string)
    registerFailableCommand(services, COMMANDS.duplicate, async (arg?: unknown, nameArg?: unknown) => {
      const uri = requireWorkflowUri(arg);
      const text = (await documentOf(uri)).getText();
      const header = readWorkflowHeader(text, 'workflow');
      const name = nameArgument(nameArg) ?? (await askName('Duplicate Workflow', `${header.name} copy`));
      const directory = vscode.Uri.joinPath(uri, '..');
      const fileName = uri.path.split('/').pop()!;
      const taken = new Set((await vscode.workspace.fs.readDirectory(directory)).map(([n]) => n));
      const target = vscode.Uri.joinPath(directory, copyFileName(fileName, (candidate) => taken.has(candidate)));
      await vscode.workspace.fs.writeFile(target, encoder.encode(renameInText(text, name) ?? text));
      const { store, folder, record } = await findRecord(services, uri);
      if (record) {
        // Carries the folder and tags over; the copy starts as a draft (docs/store.md).
        await store.duplicateWorkflow(record.id, { path: services.history.relativePath(target), name });
        services.history.notifyChanged({ folder, kinds: ['workflows', 'versions'] });
      }
      await vscode.commands.executeCommand('vscode.open', target);
    }),

    // (workflow?, name?: string, renameFile?: boolean): with a name passed, the file is renamed
    // only when renameFile is true (nothing is asked).
    registerFailableCommand(services, COMMANDS.rename, async (arg?: unknown, nameArg?: unknown, renameFileArg?: unknown) => {
      const uri = requireWorkflowUri(arg);
      const document = await documentOf(uri);
      const current = readWorkflowHeader(document.getText(), 'workflow').name;
      const passed = nameArgument(nameArg);
      const name = passed ?? (await askName('Rename Workflow', current));
      const text = renameInText(document.getText(), name);
      if (text !== undefined) await replaceDocumentText(document, text);
      const newFileName = workflowFileName(name);
      const oldFileName = uri.path.split('/').pop();
      if (newFileName === oldFileName) return;
      const renameFile =
        passed !== undefined
          ? renameFileArg === true
          : (await vscode.window.showInformationMessage(
              `Also rename the file to ${newFileName}? Its run history moves with it.`,
              'Rename File',
              'Keep File Name',
            )) === 'Rename File';
      if (!renameFile) return;
      const target = vscode.Uri.joinPath(uri, '..', newFileName);
      if (await exists(target)) throw new Error(`${vscode.workspace.asRelativePath(target)} already exists`);
      const edit = new vscode.WorkspaceEdit();
      edit.renameFile(uri, target);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused to rename the file');
    }),

    // (workflow?, tag?: string)
    registerFailableCommand(services, COMMANDS.addTag, async (arg?: unknown, tagArg?: unknown) => {
      const uri = requireWorkflowUri(arg);
      if (typeof tagArg === 'string' && checkTag(tagArg)) throw new Error(`invalid tag "${tagArg}": ${checkTag(tagArg)}`);
      const tag = (typeof tagArg === 'string' ? tagArg : required(await vscode.window.showInputBox({ title: 'Add Tag', prompt: 'Tag to add to the workflow (stored in the file)', validateInput: checkTag }))).trim();
      const document = await documentOf(uri);
      const text = addTagInText(document.getText(), tag);
      if (text === undefined) {
        void vscode.window.showInformationMessage(`The workflow already has the tag "${tag}".`);
        return;
      }
      await replaceDocumentText(document, text);
    }),

    registerFailableCommand(services, COMMANDS.openAsText, async (arg?: unknown) => {
      await vscode.commands.executeCommand('vscode.openWith', requireWorkflowUri(arg), 'default');
    }),
  ];
}
