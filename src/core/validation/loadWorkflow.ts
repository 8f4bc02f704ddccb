/**
 * Loading a workflow for running it: the engine and the CLI go through here, so a file that
 * does not validate never reaches the runner, and a bad file is a list of diagnostics rather
 * than an exception.
 */
import { readFile } from 'node:fs/promises';
import type { Workflow } from '../model/workflow';
import { messageOf } from '../errors';
import type { Diagnostic } from './diagnostic';
import { analyzeWorkflowText, type ValidateOptions } from './validate';

/** A loaded workflow file: `workflow` is set only when no diagnostic is an error. */
export interface LoadedWorkflow {
  workflow?: Workflow;
  diagnostics: Diagnostic[];
}

/** Validates `text` (the content of `fileName`) and returns the workflow when it is usable. */
export function loadWorkflowText(text: string, fileName: string, options: ValidateOptions = {}): LoadedWorkflow {
  // Only what may run: an editor's `draft` (a file with node-level errors) never reaches a runner.
  const { workflow, diagnostics } = analyzeWorkflowText(text, fileName, options);
  return workflow ? { workflow, diagnostics } : { diagnostics };
}

/**
 * Reads and validates a workflow file. An unreadable file gives a FILE_UNREADABLE diagnostic;
 * this never rejects. A leading byte order mark is ignored, as editors do.
 */
export async function loadWorkflowFile(path: string, options: ValidateOptions = {}): Promise<LoadedWorkflow> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? 'no such file' : messageOf(error);
    return {
      diagnostics: [{ severity: 'error', code: 'FILE_UNREADABLE', message: `cannot read ${path}: ${reason}`, path: '', line: 1, column: 1, length: 1 }],
    };
  }
  return loadWorkflowText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, path, options);
}
