/**
 * Edits of a workflow file's text that commands make (rename, add tag), and the text of a new
 * workflow. Free of vscode. Every result goes through the deterministic serializer, so a command
 * never leaves a file in a shape the canvas would rewrite (STYLE 2).
 */
import { serializeWorkflow } from '../../../core/model/serialize';
import type { Workflow } from '../../../core/model/workflow';
import { FORMAT_VERSION } from '../../../core/model/workflow';

/** Why a command could not edit the text (the file is not a JSON object). */
export class WorkflowTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowTextError';
  }
}

function parseObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WorkflowTextError('the file is not valid JSON; fix it (Open as Text) and try again');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WorkflowTextError('the file does not hold a JSON object');
  return value as Record<string, unknown>;
}

/** The text with `name` set; undefined when it already has that name. */
export function renameInText(text: string, name: string): string | undefined {
  const workflow = parseObject(text);
  if (workflow.name === name) return undefined;
  workflow.name = name;
  return serializeWorkflow(workflow);
}

/** The text with `tag` added to `tags`; undefined when the tag is there already. */
export function addTagInText(text: string, tag: string): string | undefined {
  const workflow = parseObject(text);
  const tags = Array.isArray(workflow.tags) ? workflow.tags.filter((t): t is string => typeof t === 'string') : [];
  if (tags.includes(tag)) return undefined;
  workflow.tags = [...tags, tag];
  return serializeWorkflow(workflow);
}

/** The canonical text of a new workflow: one manual trigger, nothing else. */
export function newWorkflowText(name: string): string {
  const workflow: Workflow = {
    formatVersion: FORMAT_VERSION,
    name,
    nodes: [{ id: 'start', type: 'trigger.manual', name: 'Start', position: { x: 0, y: 0 }, config: {} }],
    edges: [],
  };
  return serializeWorkflow(workflow);
}

/** The file name of a workflow (one rule for the commands and the importers). */
export { workflowFileName } from '../../../core/model/fileName';

/** "a/b.workflow.json" → "a/b-copy.workflow.json" ("-copy-2", "-copy-3"… while `exists` says taken). */
export function copyFileName(path: string, exists: (candidate: string) => boolean): string {
  const match = /^(.*?)((?:\.workflow)?\.json)$/i.exec(path);
  const stem = match ? match[1]! : path;
  const extension = match ? match[2]! : '';
  for (let n = 1; ; n += 1) {
    const candidate = `${stem}-copy${n === 1 ? '' : `-${n}`}${extension}`;
    if (!exists(candidate)) return candidate;
  }
}

/** Checks a new workflow or file name typed by the user; returns the problem or undefined. */
export function checkWorkflowName(name: string): string | undefined {
  if (name.trim() === '') return 'A name is required.';
  if (name.length > 200) return 'Keep the name under 200 characters.';
  return undefined;
}

/** Checks a tag typed by the user. */
export function checkTag(tag: string): string | undefined {
  if (tag.trim() === '') return 'A tag is required.';
  if (/[,\n]/.test(tag)) return 'One tag at a time, without commas.';
  return undefined;
}

/** Result of reading a run input typed or picked by the user. */
export type RunInputResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses a run input: empty means `{}`; otherwise it must be JSON. */
export function parseRunInput(text: string): RunInputResult {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
