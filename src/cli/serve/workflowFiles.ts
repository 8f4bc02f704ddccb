/**
 * Finding the workflow files `workflow serve` runs: every `*.workflow.json` under a directory,
 * outside the folders the watcher skips too (dependencies, VCS, history).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isWorkflowFileName } from '../../shared/workflowFile';
import { IGNORED_DIRECTORIES } from '../../core/watch/directoryWatcher';

export interface WorkflowFileScan {
  /** Absolute paths of workflow files, sorted (stable log order). */
  files: string[];
}

/** Walks `dir`; an unreadable subdirectory is skipped (it may vanish between listing and reading). */
export async function findWorkflowFiles(dir: string): Promise<WorkflowFileScan> {
  const files: string[] = [];
  const visit = async (path: string, isRoot: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      if (isRoot) throw error;
      return;
    }
    const children: Promise<void>[] = [];
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_DIRECTORIES.has(entry.name)) children.push(visit(child, false));
      } else if (isWorkflowFileName(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
        files.push(child);
      }
    }
    await Promise.all(children);
  };
  await visit(dir, true);
  files.sort();
  return { files };
}
