/**
 * Requests of the webview and their replies, typed together: the request's `type` decides the
 * reply's shape on both sides (the webview's `request(type, params)` resolves with `Reply<type>`,
 * the host implements one handler per type). Types only, apart from `handleRequest`, so the
 * canvas bundle takes nothing of zod from here.
 */
import type { WebviewMessage } from './messages';
import type { NodeResultView } from './run';
import type { DocumentView } from './view';

/** What a successful reply carries, per request type. */
export interface Replies {
  /** The document after the edit; `created` the ids it added (the canvas selects them). */
  edit: { view: DocumentView; created?: string[] };
  openAsText: Record<string, never>;
  /** The id of the execution that started. */
  run: { executionId: string };
  stop: Record<string, never>;
  /** The node's result; absent when the node has none in that execution. */
  nodeResult: { nodeResult?: NodeResultView };
  writeClipboard: Record<string, never>;
  /** The clipboard's text. */
  readClipboard: { text: string };
}

/** The type of a request (every webview message except `ready`). */
export type RequestType = keyof Replies;

/** A request as posted: its type, its id and its parameters. */
export type RequestMessage<K extends RequestType = RequestType> = Extract<WebviewMessage, { type: K }>;

/** What a request of type `K` sends besides its type and id. */
export type RequestParams<K extends RequestType> = Omit<RequestMessage<K>, 'type' | 'requestId'>;

/** What a successful reply to a request of type `K` carries. */
export type Reply<K extends RequestType> = Replies[K];

/** The host's answer to a request: its reply, or a message for the user. */
export type ResponseMessage<K extends RequestType = RequestType> =
  | { type: 'response'; requestId: number; ok: true; reply: Reply<K> }
  | { type: 'response'; requestId: number; ok: false; error: string };

/** The host's side: one handler per request type, each resolving with that type's reply. */
export type RequestHandlers = { [K in RequestType]: (params: RequestParams<K>) => Promise<Reply<K>> };

/** Hands `request` to the handler of its type and resolves with that handler's reply. */
export function handleRequest<K extends RequestType>(handlers: RequestHandlers, request: RequestMessage<K>): Promise<Reply<K>> {
  const { type, requestId: _id, ...params } = request as RequestMessage;
  // TypeScript cannot pair a handler with the parameters of the same union member; the mapped
  // type above does that pairing for every caller.
  const handler = handlers[type] as (params: unknown) => Promise<Reply<K>>;
  return handler(params);
}

// Every webview message but `ready` is a request with a reply type, and nothing else is.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const everyRequestHasAReply: Same<RequestType, Exclude<WebviewMessage['type'], 'ready'>> = true;
void everyRequestHasAReply;
