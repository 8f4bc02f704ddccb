/**
 * `workflow validate <files or directories…>`: checks workflow files the way the editor does
 * and prints one `file:line:column severity message [code]` line per finding, for people, CI
 * logs and problem matchers. Exit codes: 0 no errors (warnings allowed), 1 errors found,
 * 2 a path does not exist or the arguments are wrong.
 */
import { relative } from 'node:path';
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { parseCliArgs } from '../options';
import { formatDiagnostic } from '../diagnostics';
import { collectFiles } from '../findFiles';
import { loadWorkflowFile } from '../../core/validation/loadWorkflow';
import type { Diagnostic } from '../../core/validation/diagnostic';
import { WORKFLOW_FILE_SUFFIX } from '../../shared/workflowFile';

const USAGE = `Usage: workflow validate <file or directory>... [--json]

Checks workflow files: JSON syntax, the file format, node types and their configs,
{{ expressions }}, edges, cycles, reachability and sub-workflow paths. Directories are
searched for *${WORKFLOW_FILE_SUFFIX} files (node_modules and dot-folders are skipped).

Prints one line per finding, file:line:column severity message [code], then a summary.

Options:
  --json    print [{ "file", "diagnostics": [...] }] instead (file relative to the current directory)

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 a path does not exist or bad arguments.
`;

/** The findings of one file. */
export interface FileReport {
  /** Relative to the current directory. */
  file: string;
  diagnostics: Diagnostic[];
}


function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function summaryLine(reports: readonly FileReport[]): string {
  const all = reports.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  const infos = all.length - errors - warnings;
  const checked = `${plural(reports.length, 'file')} checked`;
  if (all.length === 0) return `${checked}: no problems\n`;
  const parts = [plural(errors, 'error'), plural(warnings, 'warning'), ...(infos > 0 ? [plural(infos, 'info')] : [])];
  const failing = reports.filter((r) => r.diagnostics.some((d) => d.severity === 'error')).length;
  return `${checked}: ${parts.join(', ')}${errors > 0 ? ` (${plural(failing, 'file')} with errors)` : ''}\n`;
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, { json: { type: 'boolean' } });
  if (positionals.length === 0) throw new CliError('name at least one file or directory (see `workflow validate --help`)');
  const files = await collectFiles(positionals, WORKFLOW_FILE_SUFFIX, io, 'validate');
  if (!files) return EXIT.invalid;
  const reports: FileReport[] = [];
  for (const file of files) {
    const { diagnostics } = await loadWorkflowFile(file);
    reports.push({ file: relative(io.cwd, file) || file, diagnostics });
  }
  if (values.json) {
    io.stdout(JSON.stringify(reports, null, 2) + '\n');
  } else {
    for (const [index, report] of reports.entries()) {
      for (const d of report.diagnostics) io.stdout(formatDiagnostic(d, files[index], io.cwd) + '\n');
    }
    io.stdout(summaryLine(reports));
  }
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? EXIT.failed : EXIT.ok;
}

/** `workflow validate`. */
export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check workflow files (syntax, format, configs, expressions, graph) and list the problems',
  usage: USAGE,
  run,
};
