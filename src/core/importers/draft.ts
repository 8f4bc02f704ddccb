/**
 * The intermediate shape every importer produces: nodes and edges as read from the source,
 * before ids, names, positions and handles are made valid. `assembleWorkflow` turns it into a
 * Workflow, so the rules about uniqueness and warnings live in one place for all formats.
 */
import { z } from 'zod';
import type { OnError, RetryPolicy, WorkflowSettings } from '../model/workflow';
import type { StickyColor } from '../../shared/stickyColors';

/** A node or edge id as a foreign format writes it: a non-blank string or a finite number. */
export const RawIdSchema = z.union([z.string().regex(/\S/, 'must not be blank'), z.number().refine(Number.isFinite, 'must be finite')], {
  error: 'expected a node id (a non-empty string or a number)',
});
export type RawId = z.infer<typeof RawIdSchema>;

/** A node read from a foreign format. */
export interface DraftNode {
  /** Where it is in the source, e.g. `nodes[3]`, so that warnings can point at it. */
  where: string;
  /** The source id; missing or unusable ids get a generated one (with a warning). */
  rawId: unknown;
  type: string;
  /** A name the author gave (label, title); a duplicate is renamed with a warning. */
  label?: string;
  /** Undefined when the source had no usable position (the node is then placed on a grid). */
  position?: { x: number; y: number };
  config: Record<string, unknown>;
  disabled?: boolean;
  notes?: string;
  retry?: RetryPolicy;
  onError?: OnError;
  /** The source's type name when it differs from `type` (for the report's type mapping). */
  sourceType?: string;
}

/** A sticky note (or a group drawn as one) read from a foreign format. */
export interface DraftStickyNote {
  where: string;
  rawId: unknown;
  text: string;
  position?: { x: number; y: number };
  width?: number;
  height?: number;
  color?: StickyColor;
}

/** A credential the source referred to: never imported, it becomes a secret the user sets. */
export interface SecretToSet {
  /** Name of the secret (`$secrets.NAME`). */
  name: string;
  /** What it stands for in the source, e.g. `n8n credential "Shop API" (httpHeaderAuth)`. */
  source: string;
  /** Names of the nodes that use it. */
  usedBy: string[];
}

/** How many items of a kind the source had, for kinds that do not become nodes, edges or notes. */
export interface SourceCount {
  kind: string;
  in: number;
  /** What became of them, e.g. "sticky notes" or "not kept (view only)". */
  out: number;
  note?: string;
}

/** An edge read from a foreign format; `source` and `target` are raw node references. */
export interface DraftEdge {
  where: string;
  rawId: unknown;
  source: RawId;
  target: RawId;
  sourceHandle?: string;
  targetHandle?: string;
}

/** A trigger that starts the workflow, described outside the graph (the sessions seed's `trigger`). */
export interface EntryTrigger {
  type: string;
  config: Record<string, unknown>;
}

/** Everything an importer read; workflow-level fields are only set when the source has them. */
export interface DraftWorkflow {
  name?: string;
  description?: string;
  tags?: string[];
  variables?: Record<string, unknown>;
  nodes: DraftNode[];
  edges: DraftEdge[];
  entryTrigger?: EntryTrigger;
  stickyNotes?: DraftStickyNote[];
  settings?: WorkflowSettings;
  secrets?: SecretToSet[];
  /** Counts of the source as the report shows them; by default nodes and edges as read. */
  sourceCounts?: { nodes?: number; edges?: number; stickyNotes?: number; other?: SourceCount[] };
}

/** A handle as sources write it (string, number, null); empty means "the default handle". */
export function draftHandle(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value === '') return undefined;
  return value;
}
