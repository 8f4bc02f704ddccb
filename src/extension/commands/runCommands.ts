/**
 * Run, Run with Input…, Stop, Re-run Execution, Show Execution, Show Logs.
 */
import * as vscode from 'vscode';
import { COMMANDS, SETTINGS, type ExtensionServices } from '../contract';
import { DOCUMENT_LOG_LIMIT, executionDocumentUri } from '../views/documents';
import { executionLabel } from '../views/model/executionFormat';
import { parseLogLevel, storedExecutionBlock } from '../views/model/logLines';
import { defaultRunInput, findSiblingInput, readRunInputFile } from '../services/siblingInput';
import { parseRunInput } from './logic/workflowText';
import { executionOf, requireWorkflowUri } from './args';
import { registerFailableCommand, required } from './failable';

const TYPE_INPUT = '$(edit) Type JSON…';
const PICK_FILE = '$(file) Pick a .json File…';

/** Asks for a run input: the workflow's sibling `<name>.input.json` first, typed JSON (checked as typed) or a JSON file. */
async function askRunInput(workflowUri: vscode.Uri): Promise<unknown> {
  const sibling = await findSiblingInput(workflowUri);
  const siblingLabel = sibling ? `$(json) ${sibling.path.slice(sibling.path.lastIndexOf('/') + 1)}` : undefined;
  const choices = siblingLabel ? [siblingLabel, TYPE_INPUT, PICK_FILE] : [TYPE_INPUT, PICK_FILE];
  const way = required(await vscode.window.showQuickPick(choices, { title: 'Run with Input' }));
  if (sibling && way === siblingLabel) return readRunInputFile(sibling);
  if (way === TYPE_INPUT) {
    const text = required(
      await vscode.window.showInputBox({
        title: 'Run Input (JSON)',
        prompt: 'The input of the run, as JSON; empty means {}',
        placeHolder: '{ "symbol": "ACME" }',
        validateInput: (value) => {
          const parsed = parseRunInput(value);
          return parsed.ok ? undefined : parsed.error;
        },
      }),
    );
    const parsed = parseRunInput(text);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  }
  const [file] = required(
    await vscode.window.showOpenDialog({ title: 'Run Input File', canSelectMany: false, filters: { JSON: ['json'] }, defaultUri: vscode.Uri.joinPath(workflowUri, '..') }),
  );
  return readRunInputFile(file!);
}

/** Registers the run commands. */
export function registerRunCommands(services: ExtensionServices): vscode.Disposable[] {
  const { runs, history, output } = services;
  return [
    registerFailableCommand(services, COMMANDS.run, async (arg?: unknown) => {
      const uri = requireWorkflowUri(arg);
      await runs.run({ uri, input: await defaultRunInput(uri), showProgress: true });
    }),
    registerFailableCommand(services, COMMANDS.runWithInput, async (arg?: unknown) => {
      const uri = requireWorkflowUri(arg);
      const input = await askRunInput(uri);
      await runs.run({ uri, input, showProgress: true });
    }),
    registerFailableCommand(services, COMMANDS.stop, async (arg?: unknown) => {
      const fromTree = executionOf(arg);
      if (fromTree) return runs.stop(fromTree.execution.id);
      if (typeof arg === 'string') return runs.stop(arg);
      if (runs.active.length === 0) {
        void vscode.window.showInformationMessage('No workflow is running.');
        return;
      }
      const picked = required(
        await vscode.window.showQuickPick(
          runs.active.map((run) => ({ label: run.workflowName, description: vscode.workspace.asRelativePath(run.uri), detail: `execution ${run.executionId}`, run })),
          { title: 'Stop Workflow Run' },
        ),
      );
      runs.stop(picked.run.executionId);
    }),
    registerFailableCommand(services, COMMANDS.rerunExecution, async (arg?: unknown) => {
      const node = executionOf(arg);
      if (!node) throw new Error('pick an execution in the Executions view to re-run it');
      if (!node.execution.workflowPath) throw new Error('the execution does not record its workflow file');
      const uri = vscode.Uri.joinPath(node.anchor, node.execution.workflowPath);
      const { store } = await history.storeFor(node.anchor);
      const detail = await store.getExecution(node.execution.id, { logLimit: 0 });
      if (detail.input !== null && typeof detail.input === 'object' && '$truncated' in detail.input) {
        throw new Error('the recorded input was too large to keep in full, so the run cannot be repeated exactly');
      }
      await runs.run({ uri, input: detail.input ?? {}, triggerNodeId: detail.triggerNodeId, showProgress: true });
    }),
    registerFailableCommand(services, COMMANDS.showExecution, async (arg?: unknown) => {
      const node = executionOf(arg);
      if (!node) throw new Error('pick an execution in the Executions view');
      const uri = executionDocumentUri(node.anchor, node.execution.id, executionLabel(node.execution));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: true, preserveFocus: true });
    }),
    registerFailableCommand(services, COMMANDS.showLogs, async (arg?: unknown) => {
      const node = executionOf(arg);
      if (node) {
        // Runs from the CLI or an earlier session never went through this channel: print the stored block.
        const { store } = await history.storeFor(node.anchor);
        const detail = await store.getExecution(node.execution.id, { logLimit: DOCUMENT_LOG_LIMIT });
        const minimum = parseLogLevel(vscode.workspace.getConfiguration('workflowStudio').get(SETTINGS.logLevel));
        for (const line of storedExecutionBlock(detail, minimum)) output[line.level](line.text);
      }
      output.show(true);
    }),
  ];
}
