/**
 * What the canvas is shown of a document: a serializable snapshot derived by the host from the
 * text (node types resolved to titles, icons and ports), so the webview needs neither the node
 * registry nor the validator — both use Node APIs and stay in the extension host.
 */
import { z } from 'zod';
import { STICKY_COLORS } from '../shared/stickyColors';

/** A connection point of a node as the canvas draws it. */
export const PortViewSchema = z.object({
  name: z.string(),
  label: z.string(),
});

/** One node as the canvas draws it. */
export const NodeViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  position: z.object({ x: z.number(), y: z.number() }),
  disabled: z.boolean(),
  /** Title of the node type; the type itself when it is unknown. */
  title: z.string(),
  /** A codicon name. */
  icon: z.string(),
  category: z.string(),
  inputs: z.array(PortViewSchema),
  outputs: z.array(PortViewSchema),
  /** Node config as written in the file (for the inspector). */
  config: z.record(z.string(), z.unknown()),
  /** Free text of the node (`notes` in the file). */
  notes: z.string().optional(),
  /** `retry`, `onError` and `timeoutMs` as written in the file (absent: defaults apply). */
  retry: z.record(z.string(), z.unknown()).optional(),
  onError: z.string().optional(),
  timeoutMs: z.number().optional(),
});

/** A sticky note: free text on the canvas, not part of the graph. */
export const StickyViewSchema = z.object({
  id: z.string(),
  text: z.string(),
  position: z.object({ x: z.number(), y: z.number() }),
  width: z.number(),
  height: z.number(),
  /** A colour name (`blue`, `green`…, see STICKY_COLORS), absent for the default (yellow). */
  color: z.enum(STICKY_COLORS).optional(),
});

/**
 * A node type as the palette and the inspector need it, derived by the host from the node
 * definitions (sent once, with `init`).
 */
export const NodeTypeViewSchema = z.object({
  type: z.string(),
  title: z.string(),
  category: z.string(),
  /** A codicon name. */
  icon: z.string(),
  /** One line for the palette. */
  description: z.string(),
  inputs: z.array(PortViewSchema),
  /** Output ports for the default config (some types derive them from their config). */
  outputs: z.array(PortViewSchema),
  /** JSON Schema (draft-7, input side) of the config: the inspector's form is built from it. */
  configSchema: z.record(z.string(), z.unknown()),
  /** Config of a node newly added from the palette. */
  defaults: z.record(z.string(), z.unknown()),
  isTrigger: z.boolean(),
  /** Config keys edited as code (never templates), e.g. JavaScript source. */
  rawConfigKeys: z.array(z.string()),
  /** Config keys holding a bare JSONata expression. */
  expressionConfigKeys: z.array(z.string()),
});

/** One edge, with its handles made explicit. */
export const EdgeViewSchema = z.object({
  id: z.string(),
  source: z.string(),
  sourceHandle: z.string(),
  target: z.string(),
  targetHandle: z.string(),
});

/** A diagnostic as the error state lists it. */
export const ProblemViewSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  line: z.number().int(),
  column: z.number().int(),
  message: z.string(),
  /** Validator code, e.g. `CONFIG`. */
  code: z.string().optional(),
  /** The node concerned, so the canvas badges it and the inspector shows the message. */
  nodeId: z.string().optional(),
  /** JSON pointer of the value concerned, e.g. `/nodes/2/config/url`. */
  path: z.string().optional(),
});

/** The document as the webview shows it: a canvas, or the problems that prevent one. */
export const DocumentViewSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('workflow'),
    /** TextDocument version this snapshot was taken from. */
    version: z.number().int(),
    name: z.string(),
    nodes: z.array(NodeViewSchema),
    edges: z.array(EdgeViewSchema),
    stickies: z.array(StickyViewSchema),
    /**
     * Diagnostics of a file whose structure loads: warnings, infos, and node-level errors
     * (a bad config value) that the canvas badges and the inspector shows beside the field.
     */
    problems: z.array(ProblemViewSchema),
  }),
  z.object({
    kind: z.literal('invalid'),
    version: z.number().int(),
    problems: z.array(ProblemViewSchema),
  }),
]);

/** A connection point of a node as the canvas draws it. */
export type PortView = z.infer<typeof PortViewSchema>;
/** One node as the canvas draws it. */
export type NodeView = z.infer<typeof NodeViewSchema>;
/** A sticky note. */
export type StickyView = z.infer<typeof StickyViewSchema>;
/** A node type for the palette and the inspector. */
export type NodeTypeView = z.infer<typeof NodeTypeViewSchema>;
/** One edge with explicit handles. */
export type EdgeView = z.infer<typeof EdgeViewSchema>;
/** A diagnostic as the error state lists it. */
export type ProblemView = z.infer<typeof ProblemViewSchema>;
/** The document as the webview shows it. */
export type DocumentView = z.infer<typeof DocumentViewSchema>;
/** The canvas variant of `DocumentView`. */
export type WorkflowDocumentView = Extract<DocumentView, { kind: 'workflow' }>;
