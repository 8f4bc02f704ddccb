/**
 * Which format a parsed file is in. Every format has a sniffer that says how sure it is, from
 * markers only that format has (`sure`) or from a shape several formats share (`likely`), or
 * what it missed. The surest wins; a file no sniffer is at least `likely` about is refused with
 * what each format missed. Files of tools we do not read (Flowise) and our own format are
 * recognized first, so that they are never taken for something else.
 */
import { isRecord, readPosition } from './jsonValues';

/** The formats `importWorkflow` reads. */
export const IMPORT_FORMATS = ['n8n', 'nodered', 'reactflow', 'sessions', 'glyphic', 'litegraph'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What each format is called in messages and reports. */
export const FORMAT_NAMES: Readonly<Record<ImportFormat, string>> = {
  n8n: 'n8n workflow',
  nodered: 'Node-RED flows',
  reactflow: 'React Flow export',
  sessions: 'workflow sessions row',
  glyphic: 'Glyphic workflow',
  litegraph: 'LiteGraph/ComfyUI workflow',
};

/** True when `value` names an import format. */
export function isImportFormat(value: string): value is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(value);
}

/** How sure a sniffer is. */
export type Confidence = 'sure' | 'likely';

/** A sniffer's answer: a match with its confidence, or what the file lacks to be that format. */
export type Sniff = { confidence: Confidence; reason: string } | { missing: string };

/** The outcome of detection: a format, or a refusal explaining why. */
export type Detection = { format: ImportFormat; confidence: Confidence; reason: string; value: unknown } | { refusal: string };

const list = (value: unknown): value is unknown[] => Array.isArray(value);
const records = (value: unknown): Record<string, unknown>[] => (list(value) ? value.filter(isRecord) : []);

const N8N_TYPE = /^(n8n-nodes-|@n8n\/)/;

function sniffN8n(value: unknown): Sniff {
  if (!isRecord(value) || !list(value.nodes)) return { missing: 'an object with "nodes" and "connections"' };
  const nodes = records(value.nodes);
  if (nodes.some((node) => typeof node.type === 'string' && N8N_TYPE.test(node.type))) return { confidence: 'sure', reason: 'node types start with n8n-nodes-' };
  const n8nShaped = nodes.length > 0 && nodes.every((node) => 'parameters' in node && 'typeVersion' in node);
  if (isRecord(value.connections) && n8nShaped) return { confidence: 'sure', reason: '"connections" by node name and nodes with parameters and typeVersion' };
  if (isRecord(value.connections)) return { confidence: 'likely', reason: '"connections" by node name' };
  return { missing: '"connections" (an object keyed by node name)' };
}

function isNodeRedItem(item: unknown): boolean {
  return isRecord(item) && typeof item.id === 'string' && typeof item.type === 'string';
}

function sniffNodeRed(value: unknown): Sniff {
  if (!list(value)) return { missing: 'a JSON list of nodes with "id", "type" and "wires"' };
  if (value.length === 0 || !value.every(isNodeRedItem)) return { missing: 'list items with string "id" and "type"' };
  const items = records(value);
  if (items.some((item) => list(item.wires) || item.type === 'tab' || item.type === 'subflow')) return { confidence: 'sure', reason: 'nodes with "wires", tabs' };
  return { missing: 'nodes with "wires" or a "tab"' };
}

function sniffLiteGraph(value: unknown): Sniff {
  if (!isRecord(value) || !list(value.nodes) || !list(value.links)) return { missing: '"nodes" and "links" lists' };
  const nodes = records(value.nodes);
  const litegraphNode = (node: Record<string, unknown>): boolean => 'pos' in node || 'widgets_values' in node || 'inputs' in node || 'outputs' in node;
  if (nodes.some(litegraphNode) || 'last_node_id' in value || (value.version !== undefined && 'state' in value)) return { confidence: 'sure', reason: 'nodes with "pos" and slots, "links"' };
  return { confidence: 'likely', reason: '"nodes" and "links" lists' };
}

function sniffGlyphic(value: unknown): Sniff {
  if (!isRecord(value)) return { missing: 'an object' };
  if ('workflow_data' in value) return { confidence: 'sure', reason: '"workflow_data"' };
  if (!list(value.nodes) || !list(value.edges)) return { missing: '"workflow_data", or "nodes" and "edges" lists' };
  const glyphicNode = (node: Record<string, unknown>): boolean => 'pos' in node || (isRecord(node.data) && isRecord(node.data.fields) && !('position' in node));
  if (records(value.nodes).some(glyphicNode) || 'last_node_id' in value) return { confidence: 'sure', reason: 'nodes with "pos" or "data.fields", and "edges"' };
  return { missing: 'nodes with "pos" or "data.fields"' };
}

/** Columns only a sessions row has (a React Flow export has none of them). */
const SESSIONS_MARKERS = ['trigger', 'variables', 'user_id', 'is_current_version'] as const;

function sniffSessions(value: unknown): Sniff {
  if (!isRecord(value) || !('nodes' in value)) return { missing: 'a row with "nodes" and "edges"' };
  if (typeof value.nodes === 'string' || typeof value.edges === 'string') return { confidence: 'sure', reason: '"nodes" and "edges" held as JSON text' };
  if (!list(value.nodes)) return { missing: '"nodes" as a list or JSON text' };
  if (SESSIONS_MARKERS.some((key) => key in value)) return { confidence: 'sure', reason: `the column "${SESSIONS_MARKERS.find((key) => key in value)!}"` };
  if ('name' in value || 'description' in value) return { confidence: 'likely', reason: 'React Flow nodes with a "name"' };
  return { missing: `a sessions column (${SESSIONS_MARKERS.join(', ')})` };
}

function sniffReactFlow(value: unknown): Sniff {
  if (!isRecord(value) || !list(value.nodes)) return { missing: '"nodes" (and "edges", "viewport")' };
  const nodes = records(value.nodes);
  const positioned = nodes.some((node) => readPosition(node.position) !== undefined);
  if ('viewport' in value && (list(value.edges) || positioned || nodes.length === 0)) return { confidence: 'sure', reason: '"nodes", "edges" and "viewport"' };
  if (list(value.edges) && (positioned || nodes.length === 0)) return { confidence: 'likely', reason: '"nodes" with positions and "edges"' };
  if (positioned || nodes.some((node) => 'data' in node)) return { confidence: 'likely', reason: 'nodes with "position" or "data"' };
  return { missing: 'nodes with "position" and an "edges" list' };
}

const SNIFFERS: Readonly<Record<ImportFormat, (value: unknown) => Sniff>> = {
  n8n: sniffN8n,
  nodered: sniffNodeRed,
  litegraph: sniffLiteGraph,
  glyphic: sniffGlyphic,
  sessions: sniffSessions,
  reactflow: sniffReactFlow,
};

/** Order of preference between equally sure matches: the more specific format first. */
const PREFERENCE: readonly ImportFormat[] = ['n8n', 'nodered', 'litegraph', 'glyphic', 'sessions', 'reactflow'];

/** A Flowise chatflow: LangChain-style nodes with anchors and base classes. */
function isFlowise(value: unknown): boolean {
  if (!isRecord(value)) return false;
  if (typeof value.flowData === 'string' || isRecord(value.flowData)) return true;
  return records(value.nodes).some((node) => isRecord(node.data) && (list(node.data.inputAnchors) || list(node.data.outputAnchors) || list(node.data.baseClasses)));
}

/** Containers other tools wrap a workflow in: `{ "flow": { nodes, edges, viewport } }` (ChainForge), `{ "workflow": … }`, Node-RED's `{ "flows": [ … ] }`. */
const WRAPPER_KEYS = ['flow', 'workflow', 'flows', 'data'] as const;

function unwrap(value: unknown): { value: unknown; key: string } | undefined {
  if (!isRecord(value) || 'nodes' in value) return undefined;
  for (const key of WRAPPER_KEYS) {
    const inner = value[key];
    if (isRecord(inner) || list(inner)) return { value: inner, key };
  }
  return undefined;
}

function best(value: unknown): { format: ImportFormat; confidence: Confidence; reason: string } | undefined {
  let found: { format: ImportFormat; confidence: Confidence; reason: string } | undefined;
  for (const format of PREFERENCE) {
    const sniff = SNIFFERS[format](value);
    if ('missing' in sniff) continue;
    if (sniff.confidence === 'sure') return { format, ...sniff };
    found ??= { format, ...sniff };
  }
  return found;
}

/** Why each format did not match, one line each. */
function missingList(value: unknown): string {
  return PREFERENCE.map((format) => {
    const sniff = SNIFFERS[format](value);
    return `  ${format} (${FORMAT_NAMES[format]}): ${'missing' in sniff ? `needs ${sniff.missing}` : `matches only weakly (${sniff.reason})`}`;
  }).join('\n');
}

/** Tells the format of a parsed file, or refuses with a message that says what was looked for. */
export function detect(value: unknown): Detection {
  if (isRecord(value) && 'formatVersion' in value) return { refusal: 'the input is already a Workflow Studio file (it has "formatVersion")' };
  if (isFlowise(value)) return { refusal: 'the input is a Flowise chatflow (nodes with input/output anchors); Flowise is not a format Workflow Studio imports' };
  const direct = best(value);
  if (direct) return { ...direct, value };
  const wrapped = unwrap(value);
  const inner = wrapped && best(wrapped.value);
  if (wrapped && inner) return { ...inner, reason: `${inner.reason}, inside "${wrapped.key}"`, value: wrapped.value };
  if (wrapped && isFlowise(wrapped.value)) return { refusal: 'the input is a Flowise chatflow; Flowise is not a format Workflow Studio imports' };
  const what = list(value) ? `a list of ${value.length} item(s)` : isRecord(value) ? 'an object' : `a ${value === null ? 'null' : typeof value}`;
  return { refusal: `cannot tell the format of ${what}; no format matches:\n${missingList(value)}\nIf it is one of them, name the format (--format).` };
}

/** The format of a parsed file, or undefined when none matches well enough. */
export function detectFormat(value: unknown): ImportFormat | undefined {
  const detection = detect(value);
  return 'format' in detection ? detection.format : undefined;
}
