/**
 * Importers of foreign workflow formats into our version-1 file format. `detect` picks the
 * reader (or refuses, saying what each format missed); each reader produces a draft;
 * `assembleWorkflow` then applies the rules every format shares (unique ids and names, integer
 * positions, handles fitted to our node types, nothing dropped, a warning for every loss); the
 * report says what came in, what went out and what was lost.
 */
import { WorkflowSchema, type Workflow } from '../model/workflow';
import type { DraftWorkflow } from './draft';
import { assembleWorkflow } from './assemble';
import { detect, type ImportFormat } from './detect';
import { readGlyphic } from './glyphicSeed';
import { ImportError } from './importError';
import { parseJsonText } from './jsonValues';
import { readLiteGraph } from './litegraph';
import { readN8n } from './n8n';
import { readNodeRedFlows } from './nodeRed';
import { readReactFlow } from './reactFlow';
import { buildReport, type ImportReport } from './report';
import { readSessionsRow } from './sessionsSeed';

export { ImportError } from './importError';
export { detect, detectFormat, FORMAT_NAMES, IMPORT_FORMATS, isImportFormat, type ImportFormat } from './detect';
export { formatReport, formatReportMarkdown, type ImportReport } from './report';
export { workflowFileName } from '../model/fileName';

/** What an import produced. */
export interface ImportResult {
  workflow: Workflow;
  format: ImportFormat;
  /** Everything that was repaired, guessed or could not be carried over, one sentence each. */
  warnings: string[];
  /** Counts in → out, type mapping, lossy steps and secrets to set. */
  report: ImportReport;
  /** The Node-RED tab it came from, when the source has tabs. */
  tab?: { id: string; label: string };
}

/** Options of `importWorkflow`. */
export interface ImportOptions {
  /** Read the input as this format instead of detecting it. */
  format?: ImportFormat;
  /** Name of the workflow; by default the source's own name, else the file name. */
  name?: string;
  /** Path of the input, used for the default name. */
  sourceFile?: string;
  /** Node-RED: the tab to import (its label or id); required by `importWorkflow` when the flows hold several. */
  tab?: string;
}

type Reader = (value: unknown, warnings: string[]) => DraftWorkflow;

const READERS: Readonly<Record<Exclude<ImportFormat, 'nodered'>, Reader>> = {
  n8n: readN8n,
  reactflow: readReactFlow,
  sessions: readSessionsRow,
  glyphic: readGlyphic,
  litegraph: readLiteGraph,
};

/** Default workflow name from a file path: `flows/price-alert.json` → `price-alert`. */
function nameFromFile(sourceFile: string | undefined): string | undefined {
  const base = sourceFile?.split(/[\\/]/).pop()?.replace(/(\.workflow)?\.json$/i, '').trim();
  return base ? base : undefined;
}

/** Assembles one draft into a checked workflow and its report. */
function finish(format: ImportFormat, draft: DraftWorkflow, warnings: string[], name: string | undefined, sourceFile: string | undefined): ImportResult {
  const workflowName = name?.trim() || draft.name || nameFromFile(sourceFile) || 'Imported workflow';
  const workflow = assembleWorkflow(draft, workflowName, warnings);
  const checked = WorkflowSchema.safeParse(workflow);
  // The assembler's job is to make this impossible; failing loudly beats writing a broken file.
  if (!checked.success) throw new Error(`import produced an invalid workflow: ${checked.error.issues[0]?.message ?? 'unknown issue'}`);
  return { workflow, format, warnings, report: buildReport(format, draft, workflow, warnings) };
}

/** The format to read `value` as, and the value itself (unwrapped from a container). */
function resolveFormat(value: unknown, options: ImportOptions): { format: ImportFormat; value: unknown } {
  if (options.format) return { format: options.format, value };
  const detection = detect(value);
  if ('refusal' in detection) throw new ImportError(detection.refusal);
  return detection;
}

/**
 * Imports an already parsed value: one workflow per Node-RED tab (or the one `options.tab`
 * names), one workflow for every other format. Throws an ImportError when the format cannot be
 * told or the input is malformed (the message names the place).
 */
export function importWorkflowValues(input: unknown, options: ImportOptions = {}): ImportResult[] {
  const { format, value } = resolveFormat(input, options);
  if (format !== 'nodered') {
    const warnings: string[] = [];
    return [finish(format, READERS[format](value, warnings), warnings, options.name, options.sourceFile)];
  }
  const flows = readNodeRedFlows(value);
  const tabs = options.tab === undefined ? flows.tabs : [flows.tab(options.tab)];
  // A name given for the import names the one workflow; several tabs keep their own labels.
  const name = tabs.length === 1 ? options.name : undefined;
  return tabs.map((tab) => {
    const warnings: string[] = [];
    return { ...finish(format, flows.read(tab, warnings), warnings, name, options.sourceFile), tab: { id: tab.id, label: tab.label } };
  });
}

/**
 * Imports an already parsed value as one workflow. Node-RED flows with several tabs need
 * `options.tab` (the message lists them). Throws an ImportError for unusable input.
 */
export function importWorkflowValue(value: unknown, options: ImportOptions = {}): ImportResult {
  const results = importWorkflowValues(value, options);
  if (results.length === 1) return results[0]!;
  const tabs = results.map((result) => `"${result.tab?.label ?? result.workflow.name}"`).join(', ');
  throw new ImportError(`the flows hold ${results.length} tabs (${tabs}); pick one (--tab <label or id>) or import each into its own file`);
}

/** Imports JSON text in one of the foreign formats (detected unless `options.format` is given). */
export function importWorkflow(text: string, options: ImportOptions = {}): ImportResult {
  return importWorkflowValue(parseJsonText(text), options);
}

/** Imports JSON text into one workflow per Node-RED tab (one for other formats). */
export function importWorkflows(text: string, options: ImportOptions = {}): ImportResult[] {
  return importWorkflowValues(parseJsonText(text), options);
}
