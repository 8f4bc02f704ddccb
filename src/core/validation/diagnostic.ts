/**
 * What the validator reports. The same value feeds the Problems panel, the canvas badges and
 * the CLI, so it carries both a JSON pointer (for tools) and a 1-based line/column (for people).
 */

/** How bad a finding is: only `error` stops a workflow from loading and running. */
export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** One finding of the validator. */
export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** Stable machine-readable kind, e.g. `CONFIG` or `CYCLE` (see `DiagnosticCode`). */
  code: string;
  /** One line that names the node and the field, e.g. `node "Fetch" (fetch): config.url is required`. */
  message: string;
  /** Id of the node the finding is about, so the canvas can badge it. */
  nodeId?: string;
  /** JSON pointer of the value concerned, e.g. `/nodes/2/config/url`; `""` is the whole file. */
  path: string;
  /** 1-based line of the first character concerned. */
  line: number;
  /** 1-based column (UTF-16 code units, as editors count them). */
  column: number;
  /** Characters concerned from `column`, never past the end of that line. */
  length?: number;
}

/** Every code the validator emits. */
export type DiagnosticCode =
  | 'JSON_SYNTAX'
  | 'DUPLICATE_KEY'
  | 'SCHEMA'
  | 'UNKNOWN_NODE_TYPE'
  | 'DUPLICATE_NODE_ID'
  | 'DUPLICATE_EDGE_ID'
  | 'DUPLICATE_STICKY_ID'
  | 'EDGE_MISSING_NODE'
  | 'EDGE_MISSING_HANDLE'
  | 'TRIGGER_HAS_INPUT'
  | 'CYCLE'
  | 'CONFIG'
  | 'EXPRESSION'
  | 'UNCONVERTED_EXPRESSION'
  | 'UNREACHABLE'
  | 'LOOP_BODY_ESCAPE'
  | 'SUBWORKFLOW_NOT_FOUND'
  | 'MERGE_CONFLICT'
  | 'EMPTY_WORKFLOW'
  | 'FILE_UNREADABLE'
  | 'INTERNAL';

/**
 * Codes of errors in the node-level content of a file that otherwise loads: a config value, an
 * expression, a node type, a sub-workflow path or an unresolved merge conflict (which an editor
 * shows so that a side can be chosen). The file is still a workflow an editor can show
 * and change (and fix); only the CLI and the engine refuse to run it. Every other error code is
 * structural: the text is no workflow (syntax, format) or no sound graph (ids, edges, cycles).
 */
export const NODE_LEVEL_CODES: ReadonlySet<string> = new Set<DiagnosticCode>(['UNKNOWN_NODE_TYPE', 'CONFIG', 'EXPRESSION', 'SUBWORKFLOW_NOT_FOUND', 'MERGE_CONFLICT']);

/** True for an error that keeps the file from being shown as a graph at all. */
export function isStructuralError(diagnostic: Diagnostic): boolean {
  return diagnostic.severity === 'error' && !NODE_LEVEL_CODES.has(diagnostic.code);
}

/** True when at least one diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by position, keeping the order of equal positions (Array.sort is stable). */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}
