/**
 * The sample input kept beside a workflow: `<name>.input.json` next to `<name>.workflow.json`
 * (the examples ship one). Run on the canvas and "Workflow: Run" use it when it is there, and
 * "Run with Input…" offers it first, so a workflow that needs input runs right on its first try.
 */
import * as vscode from 'vscode';
import { parseRunInput } from '../commands/logic/workflowText';
import { isWorkflowFileName, withoutWorkflowSuffix } from '../../shared/workflowFile';

/** The sibling input's file name for a workflow file name, or undefined for another kind of file. */
export function siblingInputName(workflowFileName: string): string | undefined {
  return isWorkflowFileName(workflowFileName) ? `${withoutWorkflowSuffix(workflowFileName)}.input.json` : undefined;
}

/** The sibling input of `workflowUri`, if that file exists. */
export async function findSiblingInput(workflowUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const name = siblingInputName(workflowUri.path.slice(workflowUri.path.lastIndexOf('/') + 1));
  if (!name) return undefined;
  const uri = vscode.Uri.joinPath(workflowUri, '..', name);
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return stat.type & vscode.FileType.File ? uri : undefined;
  } catch {
    return undefined;
  }
}

/** The JSON of an input file; an error that names the file when it is not JSON. */
export async function readRunInputFile(uri: vscode.Uri): Promise<unknown> {
  const parsed = parseRunInput(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  if (!parsed.ok) throw new Error(`${vscode.workspace.asRelativePath(uri)}: ${parsed.error}`);
  return parsed.value;
}

/** The input a plain Run uses: the sibling input when there is one, else `{}`. */
export async function defaultRunInput(workflowUri: vscode.Uri): Promise<unknown> {
  const sibling = await findSiblingInput(workflowUri);
  return sibling ? readRunInputFile(sibling) : {};
}
