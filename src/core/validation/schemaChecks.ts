/** The file format check: the parsed value against `WorkflowSchema`. */
import { WorkflowSchema, type Workflow } from '../model/workflow';
import { findingsOfIssues, issueText } from './issues';
import type { Reporter } from './reporter';

/** Reports every format issue as a SCHEMA error; returns the typed workflow when there is none. */
export function checkFileFormat(value: unknown, reporter: Reporter): Workflow | undefined {
  const result = WorkflowSchema.safeParse(value, { error: issueText });
  if (result.success) return result.data;
  for (const finding of findingsOfIssues(value, [], result.error.issues)) {
    reporter.error('SCHEMA', finding.message, finding.path, { atKey: finding.atKey, nodeId: finding.nodeId });
  }
  return undefined;
}
