/**
 * The webview's requests to the host: numbered, matched with their responses, typed by request
 * type (`request('readClipboard')` resolves with `{ text }`). Free of the DOM, so it is
 * unit-tested in Node; hostConnection.ts wires it to the page.
 */
import type { HostMessage } from '../src/protocol/messages';
import { PendingRequests } from '../src/protocol/pending';
import type { Reply, RequestParams, RequestType, ResponseMessage } from '../src/protocol/requests';

/** How long a request may wait for the host (an edit is a local WorkspaceEdit: fast). */
export const REQUEST_TIMEOUT_MS = 15_000;

/** Parameters may be left out when a request type has none. */
type ParamsArgument<K extends RequestType> = Record<string, never> extends RequestParams<K> ? [params?: RequestParams<K>] : [params: RequestParams<K>];

/** Requests awaiting their response. */
export class RequestChannel {
  private readonly pending: PendingRequests<ResponseMessage>;

  constructor(
    private readonly post: (message: unknown) => void,
    timeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    this.pending = new PendingRequests<ResponseMessage>(timeoutMs);
  }

  /**
   * Sends a request; resolves with the host's reply, rejects with the host's error, after the
   * timeout, or when the channel closes.
   */
  request<K extends RequestType>(type: K, ...[params]: ParamsArgument<K>): Promise<Reply<K>> {
    const { requestId, reply } = this.pending.create();
    this.post({ type, requestId, ...params });
    return reply.then((response) => {
      if (!response.ok) throw new Error(response.error);
      // The id pairs this response with a request of type K, so its reply is K's.
      return response.reply as Reply<K>;
    });
  }

  /** Settles the request a response answers; false when `message` is no response. */
  receive(message: HostMessage): boolean {
    if (message.type !== 'response') return false;
    this.pending.settle(message.requestId, message);
    return true;
  }

  /** Rejects every waiting request and refuses new ones (the page is going away). */
  close(reason: string): void {
    this.pending.rejectAll(reason);
  }
}
