/** Which recorded workflows a rename moves (no `vscode` import, so unit tests can reach it). */

import { isWorkflowFileName } from '../shared/workflowFile';

/** What this needs of the store: the recorded workflows' workspace-relative paths. */
export interface RecordedWorkflows {
  listWorkflows(): Promise<readonly { path: string }[]>;
}

/**
 * [old path, new path] of each recorded workflow that renaming `oldPath` to `newPath`
 * (workspace-relative, forward slashes) moves: the file itself when it is a *.workflow.json
 * that stays one, or, for a folder, every *.workflow.json recorded under it.
 */
export async function movesForRename(store: RecordedWorkflows, oldPath: string, newPath: string): Promise<[string, string][]> {
  if (oldPath === '' || newPath === '' || oldPath === newPath || oldPath.startsWith('../') || newPath.startsWith('../')) return [];
  if (isWorkflowFileName(oldPath)) return isWorkflowFileName(newPath) ? [[oldPath, newPath]] : [];
  const prefix = `${oldPath}/`;
  return (await store.listWorkflows())
    .filter((record) => record.path.startsWith(prefix) && isWorkflowFileName(record.path))
    .map((record): [string, string] => [record.path, `${newPath}/${record.path.slice(prefix.length)}`]);
}
