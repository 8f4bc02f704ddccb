/**
 * Importers of foreign workflow formats into our version-1 file format. Each format has its own
 * reader producing a draft; `assembleWorkflow` then applies the rules every format shares
 * (unique ids and names, integer positions, handles fitted to our node types, nothing dropped,
 * a warning for every loss).
 */
import { WorkflowSchema, type Workflow } from '../model/workflow';
import type { DraftWorkflow } from './draft';
import { assembleWorkflow } from './assemble';
import { readGlyphic } from './glyphicSeed';
import { ImportError } from './importError';
import { isRecord, parseJsonText, readPosition } from './jsonValues';
import { readLiteGraph } from './litegraph';
import { readReactFlow } from './reactFlow';
import { readSessionsRow } from './sessionsSeed';

export { ImportError } from './importError';

/** The formats `importWorkflow` reads. */
export const IMPORT_FORMATS = ['reactflow', 'sessions', 'glyphic', 'litegraph'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** True when `value` names an import format. */
export function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

/** What an import produced. */
export interface ImportResult {
  workflow: Workflow;
  format: ImportFormat;
  /** Everything that was repaired, guessed or could not be carried over, one sentence each. */
  warnings: string[];
}

/** Options of `importWorkflow`. */
export interface ImportOptions {
  /** Read the input as this format instead of detecting it. */
  format?: ImportFormat;
  /** Name of the workflow; by default the source's own name, else the file name. */
  name?: string;
  /** Path of the input, used for the default name. */
  sourceFile?: string;
}

const READERS: Readonly<Record<ImportFormat, (value: unknown, warnings: string[]) => DraftWorkflow>> = {
  reactflow: readReactFlow,
  sessions: readSessionsRow,
  glyphic: readGlyphic,
  litegraph: readLiteGraph,
};

/** Columns only a sessions row has (a React Flow export has none of them). */
const SESSIONS_MARKERS = ['trigger', 'variables', 'name', 'description', 'user_id', 'is_current_version'] as const;

function isItemList(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** Which format `value` (parsed JSON) is in, or undefined when it is none of ours. */
export function detectFormat(value: unknown): ImportFormat | undefined {
  if (!isRecord(value) || 'formatVersion' in value) return undefined;
  if ('workflow_data' in value) return 'glyphic';
  const { nodes, edges } = value;
  if (typeof nodes === 'string' || typeof edges === 'string') return 'sessions';
  if (isItemList(nodes) && isItemList(value.links)) return 'litegraph';
  if ('nodes' in value && SESSIONS_MARKERS.some((key) => key in value)) return 'sessions';
  if (!isItemList(nodes)) return undefined;
  const items = nodes.filter(isRecord);
  const glyphicNode = (node: Record<string, unknown>): boolean =>
    'pos' in node || (isRecord(node.data) && isRecord(node.data.fields) && !('position' in node));
  if (isItemList(edges) && (items.some(glyphicNode) || 'last_node_id' in value)) return 'glyphic';
  const reactFlowNode = (node: Record<string, unknown>): boolean => readPosition(node.position) !== undefined || 'data' in node;
  if ('viewport' in value || isItemList(edges) || items.some(reactFlowNode)) return 'reactflow';
  return undefined;
}

/** Explains why nothing matched, so the user knows what the importer looks for. */
function undetectedMessage(value: unknown): string {
  if (Array.isArray(value)) return `the input is a list of ${value.length} item(s); import one workflow (one row) at a time`;
  if (isRecord(value) && 'formatVersion' in value) return 'the input is already a Workflow Studio file (it has "formatVersion")';
  const expected = 'a React Flow export ({ nodes, edges, viewport }), a workflow sessions row, a Glyphic workflow, or a LiteGraph/ComfyUI workflow ({ nodes, links })';
  if (!isRecord(value)) return `cannot tell the format: expected an object, ${expected}`;
  return `cannot tell the format: expected ${expected}; if it is one of them, name the format (--format)`;
}

/** Default workflow name from a file path: `flows/price-alert.json` → `price-alert`. */
function nameFromFile(sourceFile: string | undefined): string | undefined {
  const base = sourceFile?.split(/[\\/]/).pop()?.replace(/(\.workflow)?\.json$/i, '').trim();
  return base ? base : undefined;
}

/**
 * Imports an already parsed value. Throws an ImportError when the format cannot be told or the
 * input is malformed (the message names the place).
 */
export function importWorkflowValue(value: unknown, options: ImportOptions = {}): ImportResult {
  const format = options.format ?? detectFormat(value);
  if (!format) throw new ImportError(undetectedMessage(value));
  const warnings: string[] = [];
  const draft = READERS[format](value, warnings);
  const name = options.name?.trim() || draft.name || nameFromFile(options.sourceFile) || 'Imported workflow';
  const workflow = assembleWorkflow(draft, name, warnings);
  const checked = WorkflowSchema.safeParse(workflow);
  // The assembler's job is to make this impossible; failing loudly beats writing a broken file.
  if (!checked.success) throw new Error(`import produced an invalid workflow: ${checked.error.issues[0]?.message ?? 'unknown issue'}`);
  return { workflow, format, warnings };
}

/** Imports JSON text in one of the foreign formats (detected unless `options.format` is given). */
export function importWorkflow(text: string, options: ImportOptions = {}): ImportResult {
  return importWorkflowValue(parseJsonText(text), options);
}
