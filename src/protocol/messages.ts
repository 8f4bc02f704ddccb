/**
 * The contract between the editor host (src/extension/editor) and the canvas (webview/): one
 * discriminated union per direction. What the webview sends is validated with zod by the host on
 * arrival, so a message that does not match is refused at the boundary instead of half-handled;
 * what the host sends is typed (the webview trusts its host and loads no zod).
 *
 * Flow: the webview posts `ready` once mounted; the host answers `init` (it posts nothing
 * before). Every other webview message is a request with a `requestId` and gets exactly one
 * `response`, success or error, whose reply type the request type decides (requests.ts).
 * Document changes made elsewhere arrive as `documentChanged`.
 */
import { z } from 'zod';
import type { ResponseMessage } from './requests';
import type { RunUpdate } from './run';
import type { DocumentView, NodeTypeView } from './view';

const RequestId = z.number().int().nonnegative();
const NodeId = z.string().min(1);

/** New canvas positions of nodes (committed at drag end). */
export const NodePositionSchema = z.object({ id: NodeId, x: z.number().finite(), y: z.number().finite() });

/** What a node edit may change; absent keys stay as they are, `null` removes the key. */
export const NodeChangesSchema = z.object({
  name: z.string().min(1).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  disabled: z.boolean().optional(),
  notes: z.string().nullable().optional(),
  retry: z.record(z.string(), z.unknown()).nullable().optional(),
  onError: z.string().nullable().optional(),
  timeoutMs: z.number().int().positive().nullable().optional(),
});

/**
 * Nodes, edges and sticky notes as copied to the clipboard (workflow JSON: the same shapes as
 * in a file, so nodes move between files and into a text editor). Checked by the host.
 */
export const FragmentSchema = z.object({
  nodes: z.array(z.record(z.string(), z.unknown())),
  edges: z.array(z.record(z.string(), z.unknown())).default([]),
  stickyNotes: z.array(z.record(z.string(), z.unknown())).default([]),
});

/** Edit intents: what the user did on the canvas, applied by the host to the TextDocument. */
export const EditIntentSchema = z.discriminatedUnion('type', [
  /** Nodes were dragged to new positions. */
  z.object({ type: z.literal('moveNodes'), positions: z.array(NodePositionSchema).min(1) }),
  /** Selected nodes (with their edges) and edges were deleted. */
  z.object({ type: z.literal('removeElements'), nodeIds: z.array(NodeId), edgeIds: z.array(z.string().min(1)) }),
  /** Two handles were connected. */
  z.object({
    type: z.literal('connect'),
    source: NodeId,
    sourceHandle: z.string().min(1),
    target: NodeId,
    targetHandle: z.string().min(1),
  }),
  /** A node's name, config, disabled flag, notes, retry, onError or timeout was changed. */
  z.object({ type: z.literal('updateNode'), id: NodeId, changes: NodeChangesSchema }),
  /**
   * A node was added from the palette (by click, drop or quick-add on a handle). The host picks
   * a unique id and name and the type's default config; `connectFrom` wires it to that handle.
   */
  z.object({
    type: z.literal('addNode'),
    nodeType: z.string().min(1),
    position: z.object({ x: z.number().finite(), y: z.number().finite() }),
    connectFrom: z.object({ nodeId: NodeId, handle: z.string().min(1), side: z.enum(['source', 'target']) }).optional(),
  }),
  /** Pasted or duplicated elements; ids and names that collide are renamed, `offset` shifts them. */
  z.object({
    type: z.literal('insertFragment'),
    fragment: FragmentSchema,
    offset: z.object({ x: z.number().finite(), y: z.number().finite() }),
  }),
  /** Several nodes were disabled or enabled at once. */
  z.object({ type: z.literal('setDisabled'), nodeIds: z.array(NodeId).min(1), disabled: z.boolean() }),
  /** A sticky note was added. */
  z.object({ type: z.literal('addSticky'), position: z.object({ x: z.number().finite(), y: z.number().finite() }), text: z.string() }),
  /**
   * A sticky note's text, size, color (`null`: the default) or position changed; a resize from
   * the left or top edge changes size and position in one edit.
   */
  z.object({
    type: z.literal('updateSticky'),
    id: z.string().min(1),
    text: z.string().optional(),
    width: z.number().positive().optional(),
    height: z.number().positive().optional(),
    color: z.string().nullable().optional(),
    position: z.object({ x: z.number().finite(), y: z.number().finite() }).optional(),
  }),
]);

/** Messages the webview posts to the host. */
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  /** The webview is mounted and asks for its first state (answered by `init`). */
  z.object({ type: z.literal('ready') }),
  /** Request: apply an edit intent to the document. */
  z.object({ type: z.literal('edit'), requestId: RequestId, intent: EditIntentSchema }),
  /** Request: reopen this file in the plain text editor, in the canvas' place; `at` puts the cursor on a problem (1-based). */
  z.object({
    type: z.literal('openAsText'),
    requestId: RequestId,
    at: z.object({ line: z.number().int().min(1), column: z.number().int().min(1) }).optional(),
  }),
  /** Request: run the workflow as it is in the editor (answered once the run has started). */
  z.object({ type: z.literal('run'), requestId: RequestId, input: z.unknown().optional() }),
  /** Request: stop this editor's running execution. */
  z.object({ type: z.literal('stop'), requestId: RequestId }),
  /** Request: a node's recorded result in the latest execution shown (or `executionId`). */
  z.object({ type: z.literal('nodeResult'), requestId: RequestId, nodeId: NodeId, executionId: z.string().optional() }),
  /** Request: put text on the system clipboard (copy / cut). */
  z.object({ type: z.literal('writeClipboard'), requestId: RequestId, text: z.string() }),
  /** Request: read the system clipboard (paste); answered with `text`. */
  z.object({ type: z.literal('readClipboard'), requestId: RequestId }),
]);

/** An edit intent. */
export type EditIntent = z.infer<typeof EditIntentSchema>;
/** A node's new position. */
export type NodePosition = z.infer<typeof NodePositionSchema>;
/** Pasted elements. */
export type Fragment = z.infer<typeof FragmentSchema>;
/** Changes of a node edit. */
export type NodeChanges = z.infer<typeof NodeChangesSchema>;
/** A message from the webview. */
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

/**
 * Messages the host posts to the webview. Typed, not validated: the webview trusts its host (it
 * is the host that checks what the webview sends), which keeps zod out of the canvas bundle.
 */
export type HostMessage =
  /** First state, the answer to `ready`, with the node types for the palette and inspector. */
  | { type: 'init'; view: DocumentView; catalog: NodeTypeView[] }
  /** A batch of run-overlay changes (throttled by the host). */
  | { type: 'runUpdate'; update: RunUpdate }
  /** The document changed outside this canvas (text editor, git, undo, another canvas). */
  | { type: 'documentChanged'; view: DocumentView }
  /** The answer to a request (see requests.ts). */
  | ResponseMessage;

/** Result of checking an incoming message. */
export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string; requestId?: number };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  const error = `invalid message${where}: ${issue?.message ?? 'unknown shape'}`;
  // The id is recovered even from a malformed request, so it can still get its error reply.
  const id = typeof raw === 'object' && raw !== null ? (raw as { requestId?: unknown }).requestId : undefined;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? { ok: false, error, requestId: id } : { ok: false, error };
}

/** Checks a message received from the webview (host side). */
export function parseWebviewMessage(raw: unknown): Parsed<WebviewMessage> {
  return parseWith(WebviewMessageSchema, raw);
}
