/**
 * Which files are workflows: names ending in `.workflow.json`, compared without regard to case.
 *
 * Case-insensitive on purpose, on every platform: VS Code opens the canvas for a file when its
 * base name matches the custom editor's `filenamePattern`, and it lowercases both the pattern and
 * the name before matching, so `Orders.Workflow.JSON` opens in the canvas even on Linux. Every
 * other part (runs, triggers, versions on save, the views, the CLI) must agree with the editor
 * about which files are workflows, or a file would show as a canvas but never run or be versioned.
 */

/** The ending that makes a file a workflow (in its canonical case, for new file names). */
export const WORKFLOW_FILE_SUFFIX = '.workflow.json';

/** True when the file name or path (any separator) ends in `.workflow.json`, in any case. */
export function isWorkflowFileName(nameOrPath: string): boolean {
  return nameOrPath.toLowerCase().endsWith(WORKFLOW_FILE_SUFFIX);
}

/** `name` without its `.workflow.json` ending (in any case); unchanged when it has none. */
export function withoutWorkflowSuffix(name: string): string {
  return isWorkflowFileName(name) ? name.slice(0, -WORKFLOW_FILE_SUFFIX.length) : name;
}
