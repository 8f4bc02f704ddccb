/**
 * Workflow: Import…: converts an n8n workflow, Node-RED flows, a ComfyUI/LiteGraph workflow, a
 * React Flow export or a seed row into `.workflow.json` files, opens the result on the canvas
 * and shows the import report (counts in → out, type mapping, lossy steps, secrets to set) as a
 * Markdown preview beside it; the same text goes to the output channel.
 */
import * as vscode from 'vscode';
import { FORMAT_NAMES, formatReport, formatReportMarkdown, importWorkflows, IMPORT_FORMATS, type ImportReport, type ImportResult } from '../../core/importers';
import { workflowFileName } from '../../core/model/fileName';
import { serializeWorkflow } from '../../core/model/serialize';
import { isWorkflowFileName } from '../../shared/workflowFile';
import { COMMANDS, EDITOR_VIEW_TYPE, type ExtensionServices } from '../contract';
import { registerFailableCommand, required } from './failable';

const encoder = new TextEncoder();

/** What the command returns (for callers and tests): the files written and their reports. */
export interface ImportCommandResult {
  files: string[];
  reports: ImportReport[];
  /** The Markdown report shown beside the canvas. */
  reportFile: string;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    (stat) => stat.type === vscode.FileType.Directory,
    () => false,
  );
}

const ALL_TABS = 'all';

/** Several Node-RED tabs: the user picks one, or all of them (one file each). */
async function pickTabs(results: readonly ImportResult[]): Promise<readonly ImportResult[]> {
  const items = [
    ...results.map((result) => ({ label: result.tab?.label ?? result.workflow.name, description: `${result.workflow.nodes.length} nodes`, result })),
    { label: 'All tabs', description: 'one .workflow.json each, in a folder', result: undefined },
  ];
  const picked = required(await vscode.window.showQuickPick(items, { title: 'Import which Node-RED tab?' }));
  return picked.result ? [picked.result] : results;
}

/** Where one workflow goes: the target passed in, else a save dialog in the workspace. */
async function singleTarget(result: ImportResult, source: vscode.Uri, targetArg: unknown): Promise<vscode.Uri> {
  if (targetArg instanceof vscode.Uri && !(await isFolder(targetArg))) {
    const fixed = isWorkflowFileName(targetArg.path) ? targetArg : targetArg.with({ path: targetArg.path.replace(/(\.json)?$/, '.workflow.json') });
    // A target passed in was not confirmed by the user: it is never overwritten.
    if (await exists(fixed)) throw new Error(`${vscode.workspace.asRelativePath(fixed)} already exists`);
    return fixed;
  }
  const folder = targetArg instanceof vscode.Uri ? targetArg : (vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.joinPath(source, '..'));
  const picked = required(
    await vscode.window.showSaveDialog({ title: 'Save Imported Workflow', defaultUri: vscode.Uri.joinPath(folder, workflowFileName(result.workflow.name)), filters: { Workflow: ['workflow.json'] } }),
  );
  const fixed = isWorkflowFileName(picked.path) ? picked : picked.with({ path: picked.path.replace(/(\.json)?$/, '.workflow.json') });
  // The save dialog asked before replacing a file; a name changed above was not confirmed.
  if (fixed !== picked && (await exists(fixed))) throw new Error(`${vscode.workspace.asRelativePath(fixed)} already exists`);
  return fixed;
}

/** Several workflows (Node-RED tabs) go side by side into a folder, named after their tabs, so that links between tabs find each other. */
async function folderTargets(results: readonly ImportResult[], targetArg: unknown): Promise<vscode.Uri[]> {
  let folder: vscode.Uri;
  if (targetArg instanceof vscode.Uri) folder = targetArg;
  else {
    const defaultUri = vscode.workspace.workspaceFolders?.[0]?.uri;
    [folder] = required(await vscode.window.showOpenDialog({ title: 'Folder for the Imported Tabs', canSelectFiles: false, canSelectFolders: true, canSelectMany: false, defaultUri, openLabel: 'Import Here' })) as [vscode.Uri];
  }
  const targets = results.map((result) => vscode.Uri.joinPath(folder, workflowFileName(result.tab?.label ?? result.workflow.name)));
  for (const target of targets) if (await exists(target)) throw new Error(`${vscode.workspace.asRelativePath(target)} already exists`);
  return targets;
}

/** Writes the Markdown report to the extension's storage and shows its preview to the side. */
async function showReport(services: ExtensionServices, written: readonly { uri: vscode.Uri; result: ImportResult }[]): Promise<vscode.Uri> {
  const markdown = written.map(({ uri, result }) => formatReportMarkdown(result.report, vscode.workspace.asRelativePath(uri))).join('\n---\n\n');
  const storage = services.context.globalStorageUri;
  await vscode.workspace.fs.createDirectory(storage);
  const reportUri = vscode.Uri.joinPath(storage, 'import-report.md');
  await vscode.workspace.fs.writeFile(reportUri, encoder.encode(markdown));
  for (const { uri, result } of written) {
    services.output.info(`Import of ${vscode.workspace.asRelativePath(uri)}:\n${formatReport(result.report)}`);
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', reportUri);
  } catch {
    // Without the built-in Markdown extension the report opens as text.
    await vscode.window.showTextDocument(reportUri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
  }
  return reportUri;
}

/**
 * Registers Import. Arguments (all optional; each one not given is asked for): the file to
 * import, the `.workflow.json` to create (or a folder: one file per Node-RED tab), and the
 * Node-RED tab (label or id, or "all"). A target passed in is never overwritten.
 */
export function registerImportCommand(services: ExtensionServices): vscode.Disposable {
  return registerFailableCommand(services, COMMANDS.import, async (sourceArg?: unknown, targetArg?: unknown, tabArg?: unknown): Promise<ImportCommandResult> => {
    const formats = IMPORT_FORMATS.map((format) => FORMAT_NAMES[format]).join(', ');
    const [source] =
      sourceArg instanceof vscode.Uri
        ? [sourceArg]
        : required(await vscode.window.showOpenDialog({ title: `Import Workflow (${formats})`, canSelectMany: false, filters: { JSON: ['json'] } }));
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source!));
    const tab = typeof tabArg === 'string' && tabArg !== ALL_TABS ? tabArg : undefined;
    const results = importWorkflows(text, { sourceFile: source!.path, ...(tab !== undefined ? { tab } : {}) });
    const chosen = results.length > 1 && tabArg !== ALL_TABS ? await pickTabs(results) : results;
    const targets = chosen.length === 1 ? [await singleTarget(chosen[0]!, source!, targetArg)] : await folderTargets(chosen, targetArg);
    const written = chosen.map((result, index) => ({ uri: targets[index]!, result }));
    for (const { uri, result } of written) await vscode.workspace.fs.writeFile(uri, encoder.encode(serializeWorkflow(result.workflow)));
    const reportFile = await showReport(services, written);
    // After the report, so that the canvas is the active editor, in the first column.
    await vscode.commands.executeCommand('vscode.openWith', written[0]!.uri, EDITOR_VIEW_TYPE, { viewColumn: vscode.ViewColumn.One });
    const lossy = written.reduce((sum, { result }) => sum + result.report.lossy.length, 0);
    const secrets = written.flatMap(({ result }) => result.report.secrets.map((secret) => secret.name));
    const what = written.length === 1 ? `"${written[0]!.result.workflow.name}"` : `${written.length} workflows`;
    const details = [lossy > 0 ? `${lossy} lossy step(s)` : 'nothing lost', ...(secrets.length > 0 ? [`secrets to set: ${secrets.join(', ')}`] : [])].join('; ');
    // Not awaited: the command ends now, not when the notification is dismissed.
    void vscode.window.showInformationMessage(`Imported ${what} (${written[0]!.result.report.formatName}): ${details}. The report is beside the canvas.`);
    return { files: written.map(({ uri }) => uri.toString()), reports: written.map(({ result }) => result.report), reportFile: reportFile.toString() };
  });
}
