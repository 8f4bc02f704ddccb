/**
 * Reading workflow content leniently. The store records whatever the file says, even a file
 * the validator would reject (a history of a broken file is still history), so it takes what
 * it needs from any JSON object and fills the gaps instead of refusing.
 */
import { createHash } from 'node:crypto';
import { serializeWorkflow } from '../model/serialize';
import type { Workflow, WorkflowEdge, WorkflowNode } from '../model/workflow';
import { StoreError } from './errors';
import { withoutWorkflowSuffix } from '../../shared/workflowFile';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses file text (or takes a parsed object); throws INVALID_INPUT when it is not a JSON object. */
export function parseWorkflowContent(content: string | object, path: string): Record<string, unknown> {
  let parsed: unknown = content;
  if (typeof content === 'string') {
    try {
      parsed = JSON.parse(content.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new StoreError('INVALID_INPUT', `${path} is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!isRecord(parsed)) throw new StoreError('INVALID_INPUT', `${path} does not hold a JSON object`);
  return parsed;
}

/** The workflow-shaped view of any JSON object: missing parts become empty, odd items are left out. */
export function toWorkflowShape(value: Record<string, unknown>, fallbackName: string): Workflow {
  const nodes: WorkflowNode[] = [];
  for (const item of Array.isArray(value.nodes) ? value.nodes : []) {
    if (!isRecord(item) || typeof item.id !== 'string') continue;
    const position = isRecord(item.position) ? item.position : {};
    nodes.push({
      ...(item as Partial<WorkflowNode>),
      id: item.id,
      name: typeof item.name === 'string' ? item.name : item.id,
      type: typeof item.type === 'string' ? item.type : '',
      position: { x: Number(position.x) || 0, y: Number(position.y) || 0 },
      config: isRecord(item.config) ? item.config : {},
    });
  }
  const edges: WorkflowEdge[] = [];
  for (const item of Array.isArray(value.edges) ? value.edges : []) {
    if (!isRecord(item) || typeof item.source !== 'string' || typeof item.target !== 'string') continue;
    edges.push({ ...(item as Partial<WorkflowEdge>), id: String(item.id ?? ''), source: item.source, target: item.target });
  }
  return {
    formatVersion: 1,
    name: typeof value.name === 'string' && value.name !== '' ? value.name : fallbackName,
    description: typeof value.description === 'string' ? value.description : undefined,
    tags: Array.isArray(value.tags) ? value.tags.filter((t): t is string => typeof t === 'string') : undefined,
    variables: isRecord(value.variables) ? value.variables : undefined,
    settings: isRecord(value.settings) ? (value.settings as Workflow['settings']) : undefined,
    nodes,
    edges,
  };
}

/** Canonical text (the deterministic serializer) and its SHA-256: formatting alone is not a change. */
export function canonicalContent(value: Record<string, unknown>): { text: string; hash: string } {
  const text = serializeWorkflow(value);
  return { text, hash: createHash('sha256').update(text).digest('hex') };
}

/** Forward slashes, no leading "./": one spelling per file on every platform. */
export function normalizeWorkflowPath(path: string): string {
  const slashed = path.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  return slashed.startsWith('./') ? slashed.slice(2) : slashed;
}

/** Stable id of the workflow at a path: every process derives the same one without asking. */
export function workflowIdForPath(path: string): string {
  return `wf_${createHash('sha256').update(`path:${normalizeWorkflowPath(path)}`).digest('hex').slice(0, 20)}`;
}

/** Id of a version: the same content after the same parent gets the same id in every process. */
export function versionIdFor(workflowId: string, parentId: string | undefined, contentHash: string): string {
  return `v_${createHash('sha256').update(`${workflowId}|${parentId ?? ''}|${contentHash}`).digest('hex').slice(0, 20)}`;
}

/** File name without directories and the `.workflow.json` suffix. */
export function baseNameOf(path: string): string {
  const file = normalizeWorkflowPath(path).split('/').pop() ?? path;
  return withoutWorkflowSuffix(file).replace(/\.json$/i, '') || file;
}
