/**
 * The webview's side of the protocol: checks every message from the host, numbers requests and
 * matches their responses. Requests time out, and are rejected when the page goes away.
 */
import { parseHostMessage, type EditIntent, type HostMessage, type ResponseMessage } from '../src/protocol/messages';
import { PendingRequests } from '../src/protocol/pending';
import type { DocumentView } from '../src/protocol/view';
import type { VsCodeApi } from './vscodeApi';

/** How long a request may wait for the host (an edit is a local WorkspaceEdit: fast). */
const REQUEST_TIMEOUT_MS = 15_000;

/** Receives the document views the host pushes (`init`, `documentChanged`). */
export type ViewListener = (view: DocumentView) => void;

/** Messaging with the editor host. */
export class HostConnection {
  private readonly pending = new PendingRequests<ResponseMessage>(REQUEST_TIMEOUT_MS);

  constructor(
    private readonly api: VsCodeApi,
    private readonly onView: ViewListener,
  ) {}

  /** Starts listening and asks for the first state; returns the function that stops. */
  start(): () => void {
    const onMessage = (event: MessageEvent<unknown>): void => this.receive(event.data);
    const onHide = (): void => this.pending.rejectAll('the editor was closed');
    window.addEventListener('message', onMessage);
    window.addEventListener('pagehide', onHide);
    this.api.postMessage({ type: 'ready' });
    return () => {
      window.removeEventListener('message', onMessage);
      window.removeEventListener('pagehide', onHide);
      onHide();
    };
  }

  /** Sends an edit intent; resolves with the host's view after it, rejects with its error. */
  edit(intent: EditIntent): Promise<DocumentView | undefined> {
    const { requestId, reply } = this.pending.create();
    this.api.postMessage({ type: 'edit', requestId, intent });
    return reply.then(unwrap);
  }

  /** Asks the host to reopen the file in the text editor. */
  openAsText(): Promise<void> {
    const { requestId, reply } = this.pending.create();
    this.api.postMessage({ type: 'openAsText', requestId });
    return reply.then(unwrap).then(() => undefined);
  }

  private receive(data: unknown): void {
    const parsed = parseHostMessage(data);
    if (!parsed.ok) {
      console.warn(`workflow canvas: ${parsed.error}`);
      return;
    }
    this.dispatch(parsed.message);
  }

  private dispatch(message: HostMessage): void {
    if (message.type === 'response') this.pending.settle(message.requestId, message);
    else this.onView(message.view);
  }
}

function unwrap(response: ResponseMessage): DocumentView | undefined {
  if (!response.ok) throw new Error(response.error);
  return response.view;
}
