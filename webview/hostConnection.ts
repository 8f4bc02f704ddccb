/**
 * The webview's side of the protocol: checks every message from the host, numbers requests and
 * matches their responses. Requests time out, and are rejected when the page goes away.
 */
import type { EditIntent, HostMessage, ResponseMessage } from '../src/protocol/messages';
import { PendingRequests } from '../src/protocol/pending';
import type { DocumentView, NodeTypeView } from '../src/protocol/view';
import type { NodeResultView, RunUpdate } from '../src/protocol/run';
import type { VsCodeApi } from './vscodeApi';

/** How long a request may wait for the host (an edit is a local WorkspaceEdit: fast). */
const REQUEST_TIMEOUT_MS = 15_000;

/** Receives the document views the host pushes (`init` also carries the node catalog). */
export type ViewListener = (view: DocumentView, catalog?: readonly NodeTypeView[]) => void;

/** What an applied edit answers: the document after it and the ids it added. */
export interface EditReply {
  view?: DocumentView;
  created: string[];
}

/** Messaging with the editor host. */
export class HostConnection {
  private readonly pending = new PendingRequests<ResponseMessage>(REQUEST_TIMEOUT_MS);

  constructor(
    private readonly api: VsCodeApi,
    private readonly onView: ViewListener,
    /** Receives the run overlay batches (`runUpdate`). */
    private readonly onRunUpdate: (update: RunUpdate) => void = () => undefined,
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

  /**
   * Sends an edit intent; resolves with the host's view after it and the ids the edit created
   * (the canvas selects them), rejects with the host's reason for refusing it.
   */
  applyEdit(intent: EditIntent): Promise<EditReply> {
    const { requestId, reply } = this.pending.create();
    this.api.postMessage({ type: 'edit', requestId, intent });
    return reply.then((response) => {
      const ok = succeeded(response);
      return { view: ok.view, created: ok.created ?? [] };
    });
  }

  /** Puts text on the system clipboard through the host (webviews may not write it themselves). */
  writeClipboard(text: string): Promise<void> {
    const { requestId, reply } = this.pending.create();
    this.api.postMessage({ type: 'writeClipboard', requestId, text });
    return reply.then(succeeded).then(() => undefined);
  }

  /** Reads the system clipboard through the host. */
  readClipboard(): Promise<string> {
    const { requestId, reply } = this.pending.create();
    this.api.postMessage({ type: 'readClipboard', requestId });
    return reply.then((response) => succeeded(response).text ?? '');
  }

  /** Runs the workflow as the editor has it; resolves with the execution id once it started. */
  run(input?: unknown): Promise<string | undefined> {
    const { requestId, reply } = this.pending.create();
    this.api.postMessage(input === undefined ? { type: 'run', requestId } : { type: 'run', requestId, input });
    return reply.then((response) => succeeded(response).executionId);
  }

  /** Stops the run the canvas shows. */
  stop(): Promise<void> {
    const { requestId, reply } = this.pending.create();
    this.api.postMessage({ type: 'stop', requestId });
    return reply.then(succeeded).then(() => undefined);
  }

  /** A node's recorded result in the run shown (or `executionId`); undefined when it has none. */
  nodeResult(nodeId: string, executionId?: string): Promise<NodeResultView | undefined> {
    const { requestId, reply } = this.pending.create();
    this.api.postMessage(executionId === undefined ? { type: 'nodeResult', requestId, nodeId } : { type: 'nodeResult', requestId, nodeId, executionId });
    return reply.then((response) => succeeded(response).nodeResult);
  }

  /** Asks the host to reopen the file in the text editor. */
  openAsText(): Promise<void> {
    const { requestId, reply } = this.pending.create();
    this.api.postMessage({ type: 'openAsText', requestId });
    return reply.then(unwrap).then(() => undefined);
  }

  private receive(data: unknown): void {
    // The host is trusted and typed by the compiler (it validates what the webview sends, not
    // the reverse), so only the envelope is checked: no zod schemas in the canvas bundle.
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') {
      console.warn('workflow canvas: a message without a type was ignored');
      return;
    }
    this.dispatch(data as HostMessage);
  }

  private dispatch(message: HostMessage): void {
    if (message.type === 'response') this.pending.settle(message.requestId, message);
    else if (message.type === 'init') this.onView(message.view, message.catalog);
    else if (message.type === 'documentChanged') this.onView(message.view);
    else if (message.type === 'runUpdate') this.onRunUpdate(message.update);
  }
}

function succeeded(response: ResponseMessage): Extract<ResponseMessage, { ok: true }> {
  if (!response.ok) throw new Error(response.error);
  return response;
}

function unwrap(response: ResponseMessage): DocumentView | undefined {
  return succeeded(response).view;
}
