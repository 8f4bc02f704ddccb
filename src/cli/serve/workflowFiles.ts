/**
 * Finding the workflow files `workflow serve` runs: every `*.workflow.json` under a directory,
 * outside dependency, VCS and history folders. The directories visited are returned too, so the
 * watcher can watch exactly those.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isWorkflowFileName } from '../../shared/workflowFile';

/** Directories never searched: they hold no workflows of this workspace, and can be huge. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.workflow-studio']);

export interface WorkflowFileScan {
  /** Absolute paths of workflow files, sorted (stable log order). */
  files: string[];
  /** Every directory searched, `dir` included. */
  directories: string[];
}

/** Walks `dir`; an unreadable subdirectory is skipped (it may vanish between listing and reading). */
export async function findWorkflowFiles(dir: string): Promise<WorkflowFileScan> {
  const files: string[] = [];
  const directories: string[] = [];
  const visit = async (path: string, isRoot: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      if (isRoot) throw error;
      return;
    }
    directories.push(path);
    const children: Promise<void>[] = [];
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) children.push(visit(child, false));
      } else if (isWorkflowFileName(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
        files.push(child);
      }
    }
    await Promise.all(children);
  };
  await visit(dir, true);
  files.sort();
  directories.sort();
  return { files, directories };
}
