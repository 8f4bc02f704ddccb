/**
 * The validator of `*.workflow.json` text: JSON syntax, the file format, node types and
 * configs, expressions and the graph. It never throws: whatever the text, the answer is a
 * list of diagnostics (an unexpected failure of a check becomes an INTERNAL diagnostic).
 */
import { existsSync } from 'node:fs';
import type { Workflow } from '../model/workflow';
import { messageOf } from '../errors';
import { checkNodeConfigs } from './configChecks';
import { checkMergeConflicts } from './conflictChecks';
import { hasErrors, isStructuralError, sortDiagnostics, type Diagnostic } from './diagnostic';
import { collectEntries, isPlainObject } from './entries';
import { checkNodeExpressions } from './expressionChecks';
import { checkGraph } from './graphChecks';
import { Reporter } from './reporter';
import { checkFileFormat } from './schemaChecks';
import { parseStrictJson } from './syntax';

export type { Diagnostic, DiagnosticCode, DiagnosticSeverity } from './diagnostic';
export { NODE_LEVEL_CODES, isStructuralError } from './diagnostic';

/** Ways to answer the validator's questions about the outside world. */
export interface ValidateOptions {
  /** Whether a file exists (for sub-workflow paths); `fs.existsSync` by default. */
  fileExists?(absolutePath: string): boolean;
}

/** The diagnostics of a text and, when it has no error, the workflow it holds. */
export interface ValidationResult {
  diagnostics: Diagnostic[];
  /** Set only when no diagnostic is an error: what the CLI and the engine run. */
  workflow?: Workflow;
  /**
   * Set when the text is a workflow with a sound graph, though nodes may still have errors (a
   * config value, an expression, an unknown type: see `NODE_LEVEL_CODES`). Editors show and
   * change a draft; nothing runs one.
   */
  draft?: Workflow;
}

/** Validates the text of a workflow file; `fileName` locates relative sub-workflow paths. */
export function validate(text: string, fileName: string, options: ValidateOptions = {}): Diagnostic[] {
  return analyzeWorkflowText(text, fileName, options).diagnostics;
}

/** Like `validate`, and also returns the parsed workflow when it is free of errors. */
export function analyzeWorkflowText(text: string, fileName: string, options: ValidateOptions = {}): ValidationResult {
  const source = typeof text === 'string' ? text : '';
  try {
    return analyze(source, typeof fileName === 'string' ? fileName : '', options);
  } catch (error) {
    return {
      diagnostics: [
        { severity: 'error', code: 'INTERNAL', message: `the validator failed (please report this): ${messageOf(error)}`, path: '', line: 1, column: 1, length: 1 },
      ],
    };
  }
}

function analyze(text: string, fileName: string, options: ValidateOptions): ValidationResult {
  const reporter = new Reporter(text);
  const parsed = parseStrictJson(text, reporter);
  if (!parsed) return { diagnostics: sortDiagnostics(reporter.diagnostics) };
  const workflow = checkFileFormat(parsed.value, reporter);
  const entries = collectEntries(parsed.value);
  checkNodeConfigs(parsed.value, entries.nodes, reporter, { fileName, fileExists: options.fileExists ?? existsSync });
  checkNodeExpressions(entries.nodes, reporter);
  checkMergeConflicts(parsed.value, entries.nodes, reporter);
  checkGraph(entries, reporter);
  if (isPlainObject(parsed.value) && Array.isArray(parsed.value.nodes) && parsed.value.nodes.length === 0) {
    reporter.warning('EMPTY_WORKFLOW', 'the workflow has no nodes', ['nodes']);
  }
  const diagnostics = sortDiagnostics(reporter.diagnostics);
  if (!workflow || diagnostics.some(isStructuralError)) return { diagnostics };
  return hasErrors(diagnostics) ? { diagnostics, draft: workflow } : { diagnostics, workflow, draft: workflow };
}
