/**
 * What the canvas is shown of a document: a serializable snapshot derived by the host from the
 * text (node types resolved to titles, icons and ports), so the webview needs neither the node
 * registry nor the validator — both use Node APIs and stay in the extension host.
 */
import { z } from 'zod';

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
  /** Node config as written in the file (for the inspector of the canvas issue). */
  config: z.record(z.string(), z.unknown()),
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
    /** Non-error diagnostics (warnings, infos); the canvas issue badges them. */
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
/** One edge with explicit handles. */
export type EdgeView = z.infer<typeof EdgeViewSchema>;
/** A diagnostic as the error state lists it. */
export type ProblemView = z.infer<typeof ProblemViewSchema>;
/** The document as the webview shows it. */
export type DocumentView = z.infer<typeof DocumentViewSchema>;
/** The canvas variant of `DocumentView`. */
export type WorkflowDocumentView = Extract<DocumentView, { kind: 'workflow' }>;
