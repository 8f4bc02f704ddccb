/**
 * The webview's side of the protocol on the page: listens to the host's messages, hands
 * responses to the request channel and views and run updates to the app. Requests time out, and
 * are rejected when the page goes away.
 */
import type { HostMessage } from '../src/protocol/messages';
import type { RunUpdate } from '../src/protocol/run';
import type { DocumentView, NodeTypeView } from '../src/protocol/view';
import { RequestChannel } from './requestChannel';
import type { VsCodeApi } from './vscodeApi';

/** Receives the document views the host pushes (`init` also carries the node catalog). */
export type ViewListener = (view: DocumentView, catalog?: readonly NodeTypeView[]) => void;

/** Messaging with the editor host. */
export class HostConnection {
  private readonly channel: RequestChannel;
  /** Sends a request to the host; the request type decides the reply (see RequestChannel). */
  readonly request: RequestChannel['request'];

  constructor(
    private readonly api: VsCodeApi,
    private readonly onView: ViewListener,
    /** Receives the run overlay batches (`runUpdate`). */
    private readonly onRunUpdate: (update: RunUpdate) => void = () => undefined,
  ) {
    this.channel = new RequestChannel((message) => api.postMessage(message));
    this.request = this.channel.request.bind(this.channel);
  }

  /** Starts listening and asks for the first state; returns the function that stops. */
  start(): () => void {
    const onMessage = (event: MessageEvent<unknown>): void => this.receive(event.data);
    const onHide = (): void => this.channel.close('the editor was closed');
    window.addEventListener('message', onMessage);
    window.addEventListener('pagehide', onHide);
    this.api.postMessage({ type: 'ready' });
    return () => {
      window.removeEventListener('message', onMessage);
      window.removeEventListener('pagehide', onHide);
      onHide();
    };
  }

  private receive(data: unknown): void {
    // The host is trusted and typed by the compiler (it validates what the webview sends, not
    // the reverse), so only the envelope is checked: no zod schemas in the canvas bundle.
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') {
      console.warn('workflow canvas: a message without a type was ignored');
      return;
    }
    const message = data as HostMessage;
    if (this.channel.receive(message)) return;
    if (message.type === 'init') this.onView(message.view, message.catalog);
    else if (message.type === 'documentChanged') this.onView(message.view);
    else if (message.type === 'runUpdate') this.onRunUpdate(message.update);
  }
}
