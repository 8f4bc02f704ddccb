/**
 * Validator diagnostics in the shape the Problems panel needs, free of vscode.
 */
import type { Diagnostic } from '../../../core/validation/diagnostic';

/** A 0-based range on one line, as `vscode.Range` takes it. */
export interface LineRange {
  line: number;
  startCharacter: number;
  endCharacter: number;
}

/** The 0-based range of a diagnostic (the validator counts from 1); at least one character. */
export function diagnosticRange(diagnostic: Diagnostic): LineRange {
  const line = Math.max(0, diagnostic.line - 1);
  const startCharacter = Math.max(0, diagnostic.column - 1);
  return { line, startCharacter, endCharacter: startCharacter + Math.max(1, diagnostic.length ?? 1) };
}

/** Counts per severity of a workspace validation, for the summary message. */
export interface ValidationTally {
  files: number;
  filesWithErrors: number;
  errors: number;
  warnings: number;
}

/** Adds one file's diagnostics to the tally. */
export function tallyFile(tally: ValidationTally, diagnostics: readonly Diagnostic[]): ValidationTally {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return {
    files: tally.files + 1,
    filesWithErrors: tally.filesWithErrors + (errors > 0 ? 1 : 0),
    errors: tally.errors + errors,
    warnings: tally.warnings + diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

/** "3 workflow files: all valid." / "3 workflow files: 2 errors in 1 file, 1 warning." */
export function summarizeValidation(tally: ValidationTally): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const head = `${plural(tally.files, 'workflow file')}:`;
  if (tally.errors === 0 && tally.warnings === 0) return `${head} all valid.`;
  const parts: string[] = [];
  if (tally.errors > 0) parts.push(`${plural(tally.errors, 'error')} in ${plural(tally.filesWithErrors, 'file')}`);
  if (tally.warnings > 0) parts.push(plural(tally.warnings, 'warning'));
  return `${head} ${parts.join(', ')}.`;
}

/** "1 workflow run" / "3 workflow runs": the status bar text after the spinner. */
export function runningRunsText(count: number): string {
  return `${count} workflow run${count === 1 ? '' : 's'}`;
}
