/**
 * The `*.workflow.json` file format, version 1.
 *
 * This zod schema is the single source of truth: `schema/workflow.schema.json` is generated
 * from it (`npm run schema`), validation uses it, and the serializer follows its key order.
 * Nothing that changes per run (ids of executions, timestamps, outputs) belongs here.
 *
 * Defaults are deliberately NOT applied by the schema: parsing must not add keys, so that
 * parse → serialize gives back the same bytes. Runtime defaults live in `defaults.ts`.
 */
import { z } from 'zod';
import { STICKY_COLORS } from '../../shared/stickyColors';

/** Current (and only) version of the file format. */
export const FORMAT_VERSION = 1;

/** Identifier of a node or edge: any non-empty string without surrounding whitespace. */
export const IdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^\S(.*\S)?$/, 'must not start or end with whitespace');

/** Canvas position of a node; the serializer rounds it to integers. */
export const PositionSchema = z.strictObject({
  x: z.number().describe('Horizontal canvas position (pixels).'),
  y: z.number().describe('Vertical canvas position (pixels).'),
});

/** Retry policy of a node: attempts with exponential (or fixed) backoff and jitter. */
export const RetrySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).describe('Total attempts including the first one.'),
  backoff: z.enum(['exponential', 'fixed']).optional().describe('How the delay grows between attempts (default exponential).'),
  initialMs: z.number().int().min(0).optional().describe('Delay before the second attempt (default 500 ms).'),
  maxMs: z.number().int().min(0).optional().describe('Upper bound of any delay (default 30000 ms).'),
  jitter: z.number().min(0).max(1).optional().describe('Random spread as a fraction of the delay, 0–1 (default 0.2).'),
});

/** What a node failure does to the run. */
export const OnErrorSchema = z
  .enum(['fail', 'continue', 'errorOutput'])
  .describe('fail: stop the run; continue: emit the error as output and go on; errorOutput: route the error to the node\'s "error" handle.');

/**
 * What a merge could not decide, written into the file by `workflow merge` so that nothing is
 * lost and the validator names it: keys are the fields concerned (`config.url`, `name`,
 * `settings.timeoutMs`; see `graph/fieldPath.ts`), or `node` when one side removed the node and
 * the other changed it; values hold each side's value (a key is absent where that side has no
 * value). The file keeps "ours" in place; resolving means keeping one value and deleting the entry.
 */
export const ConflictsSchema = z
  .record(
    z.string(),
    z.strictObject({
      base: z.unknown().optional().describe('The value both sides started from (absent when there was none).'),
      ours: z.unknown().optional().describe('The value on the branch merged into (absent: removed there).'),
      theirs: z.unknown().optional().describe('The value on the branch being merged (absent: removed there).'),
    }),
  )
  .describe('Unresolved merge conflicts (written by `workflow merge`): the file does not run until each is resolved and removed.');

/** One node of the graph. `config` is checked against the node type's own schema by the validator. */
export const NodeSchema = z.strictObject({
  id: IdSchema.describe('Stable identifier, unique in the file; edges refer to it.'),
  type: z.string().min(1, 'must not be empty').describe('Node type, e.g. "data.set" or "http.request".'),
  name: z.string().min(1, 'must not be empty').describe('Display name; expressions can refer to it as $node["name"].'),
  position: PositionSchema,
  config: z.record(z.string(), z.unknown()).describe('Type-specific settings; string values may hold {{ expressions }}.'),
  disabled: z.boolean().optional().describe('A disabled node is skipped and passes its input through.'),
  notes: z.string().optional().describe('Free text shown in the inspector.'),
  retry: RetrySchema.optional(),
  timeoutMs: z.number().int().min(1).optional().describe('Per-attempt time limit of this node.'),
  onError: OnErrorSchema.optional(),
  $conflict: ConflictsSchema.optional(),
});

/** A connection from one node's output handle to another node's input handle. */
export const EdgeSchema = z.strictObject({
  id: IdSchema.describe('Stable identifier, unique among edges.'),
  source: IdSchema.describe('Id of the node the edge leaves.'),
  sourceHandle: z.string().min(1).optional().describe('Output handle of the source (default "out").'),
  target: IdSchema.describe('Id of the node the edge enters.'),
  targetHandle: z.string().min(1).optional().describe('Input handle of the target (default "in").'),
});

/** A sticky note: free text on the canvas, not part of the graph (the engine ignores it). */
export const StickyNoteSchema = z.strictObject({
  id: IdSchema.describe('Stable identifier, unique among nodes and sticky notes.'),
  text: z.string().describe('Text of the note.'),
  position: PositionSchema,
  width: z.number().min(1).optional().describe('Width on the canvas (pixels; default 240).'),
  height: z.number().min(1).optional().describe('Height on the canvas (pixels; default 160).'),
  color: z.enum(STICKY_COLORS).optional().describe('Colour of the note (default yellow).'),
});

/** Run settings of the whole workflow. */
export const SettingsSchema = z.strictObject({
  timeoutMs: z.number().int().min(1).optional().describe('Time limit of a whole execution (default: none).'),
  concurrency: z.number().int().min(1).max(1000).optional().describe('How many nodes may run at once (default 4).'),
  env: z.array(z.string().min(1)).optional().describe('Environment variables that expressions may read as $env.NAME (an allow-list).'),
});

/** A whole workflow file. */
export const WorkflowSchema = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION).describe('File format version; always 1 for now.'),
  name: z.string().min(1, 'must not be empty').describe('Workflow name.'),
  description: z.string().optional(),
  tags: z.array(z.string().min(1)).optional(),
  variables: z.record(z.string(), z.unknown()).optional().describe('Values available to expressions as $vars.NAME.'),
  settings: SettingsSchema.optional(),
  nodes: z.array(NodeSchema),
  edges: z.array(EdgeSchema),
  stickyNotes: z.array(StickyNoteSchema).optional().describe('Notes on the canvas; they do not take part in runs.'),
  $conflict: ConflictsSchema.optional(),
});

export type Position = z.infer<typeof PositionSchema>;
export type RetryPolicy = z.infer<typeof RetrySchema>;
export type OnError = z.infer<typeof OnErrorSchema>;
export type WorkflowNode = z.infer<typeof NodeSchema>;
export type WorkflowEdge = z.infer<typeof EdgeSchema>;
export type StickyNote = z.infer<typeof StickyNoteSchema>;
export type WorkflowSettings = z.infer<typeof SettingsSchema>;
export type Workflow = z.infer<typeof WorkflowSchema>;
export type Conflicts = z.infer<typeof ConflictsSchema>;

/** Handle names used when an edge omits them. */
export const DEFAULT_SOURCE_HANDLE = 'out';
export const DEFAULT_TARGET_HANDLE = 'in';

/** Size of a sticky note that does not give one. */
export const DEFAULT_STICKY_SIZE = { width: 240, height: 160 } as const;

export function edgeSourceHandle(edge: WorkflowEdge): string {
  return edge.sourceHandle ?? DEFAULT_SOURCE_HANDLE;
}

export function edgeTargetHandle(edge: WorkflowEdge): string {
  return edge.targetHandle ?? DEFAULT_TARGET_HANDLE;
}
