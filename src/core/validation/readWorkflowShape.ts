/**
 * Reading a workflow for comparing or merging it, not for running it: only JSON syntax and the
 * file format must hold. Unknown node types, bad configs, dangling edges or cycles do not stop a
 * diff or a merge (they are what a diff should show and a merge may carry), and skipping those
 * checks keeps a diff of two 1,000-node versions fast.
 */
import type { Workflow } from '../model/workflow';
import { sortDiagnostics, type Diagnostic } from './diagnostic';
import { Reporter } from './reporter';
import { checkFileFormat } from './schemaChecks';
import { parseStrictJson } from './syntax';

/** The workflow of `text`, or the first syntax or format error (with line and column). */
export function readWorkflowShape(text: string): { workflow: Workflow } | { error: Diagnostic } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const reporter = new Reporter(source);
  const parsed = parseStrictJson(source, reporter);
  const workflow = parsed ? checkFileFormat(parsed.value, reporter) : undefined;
  const errors = sortDiagnostics(reporter.diagnostics.filter((d) => d.severity === 'error'));
  if (workflow && errors.length === 0) return { workflow };
  return { error: errors[0] ?? { severity: 'error', code: 'SCHEMA', message: 'not a workflow file', path: '', line: 1, column: 1 } };
}
