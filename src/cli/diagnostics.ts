/** Prints validator diagnostics as `file:line:column severity message [code]`, the format editors and CI parse. */
import { relative } from 'node:path';
import type { CliIo } from './command';
import type { Diagnostic } from '../core/validation/diagnostic';

export function formatDiagnostic(d: Diagnostic, file: string, cwd: string): string {
  const shown = relative(cwd, file) || file;
  return `${shown}:${d.line}:${d.column} ${d.severity} ${d.message} [${d.code}]`;
}

/** Errors and warnings of one file to stderr. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], file: string, io: CliIo): void {
  for (const d of diagnostics) io.stderr(formatDiagnostic(d, file, io.cwd) + '\n');
}
