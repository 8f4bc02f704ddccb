/**
 * The webhook HTTP server: `node:http` with keep-alive, serving `/webhook/<path>` for the
 * routes the trigger runtime hands it. Everything per request is in `handler.ts`; this file
 * owns the socket's life (listen, swap routes, close).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TriggerLogger, WebhookRoute, WebhookRouter } from '../contract';
import { handleWebhookRequest, type HandlerContext } from './handler';
import { compileRoutes, type PathRoutes } from './routeTable';
import type { ReplayCache, ReplayJournal } from './signature';
import { ThrottledLog } from './throttledLog';

/** Options of `WebhookServer`. */
export interface WebhookServerOptions {
  /** Interface to bind; default `127.0.0.1` (only this machine can call). */
  host?: string;
  /** Port; 0 picks any free port (see `listen()`'s result). */
  port: number;
  logger: TriggerLogger;
  /** How long a `lastNode` request waits for its run before answering 504; default 120 s. */
  lastNodeTimeoutMs?: number;
  /** Keeps accepted timestamp-signed signatures across restarts (replays stay refused). */
  replayJournal?: ReplayJournal;
  /**
   * Other paths this listener answers (health checks, metrics), by exact path without the
   * query; anything else outside `/webhook/` is a 404 as before.
   */
  endpoints?: ReadonlyMap<string, RequestListener>;
  /** Told the status code of every webhook answer once it is sent (metrics). */
  onAnswer?(statusCode: number): void;
}

/** Default of `WebhookServerOptions.lastNodeTimeoutMs`. */
export const DEFAULT_LAST_NODE_TIMEOUT_MS = 120_000;
/**
 * Idle keep-alive sockets live this long. Longer than Node's 5 s default so that a sender
 * calling every few seconds keeps its connection (no TCP handshake per run).
 */
const KEEP_ALIVE_TIMEOUT_MS = 30_000;
/** While closing, how often idle keep-alive sockets are looked for (they appear as answers end). */
const CLOSE_SWEEP_MS = 25;
/** After the lastNode timeout, how long close() still waits before dropping every connection. */
const CLOSE_GRACE_MS = 1_000;
/**
 * Time a client has to send a whole request (Node's default is 300 s). Webhook bodies are
 * small; a shorter bound keeps slow senders from holding sockets and delaying shutdown.
 */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Serves the webhook routes over HTTP. `setRoutes` may be called at any time (before or after
 * `listen`); the table is swapped at once, requests in flight keep the route they matched.
 */
export class WebhookServer implements WebhookRouter {
  private readonly server: Server;
  private readonly host: string;
  private readonly context: HandlerContext;
  private table = new Map<string, PathRoutes>();
  private replayCaches = new Map<string, ReplayCache>();
  private url: string | undefined;
  private isClosing = false;
  private closed: Promise<void> | undefined;

  constructor(private readonly options: WebhookServerOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.context = {
      routes: (path) => this.table.get(path),
      closing: () => this.isClosing,
      log: new ThrottledLog(options.logger),
      lastNodeTimeoutMs: options.lastNodeTimeoutMs ?? DEFAULT_LAST_NODE_TIMEOUT_MS,
    };
    const { endpoints, onAnswer } = options;
    this.server = createServer({ keepAlive: true, noDelay: true }, (req, res) => {
      const endpoint = endpoints?.get(pathOf(req.url));
      if (endpoint !== undefined) return void endpoint(req, res);
      if (onAnswer) res.once('finish', () => onAnswer(res.statusCode));
      void handleWebhookRequest(req, res, this.context);
    });
    this.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    this.server.requestTimeout = REQUEST_TIMEOUT_MS;
    // Malformed HTTP is left to Node's default 'clientError' answer (400/408/431, no logging).
  }

  /**
   * Starts listening and resolves the base URL, e.g. `http://127.0.0.1:5680`. Rejects with a
   * message naming the address when it cannot bind (port in use, no permission).
   */
  listen(): Promise<string> {
    if (this.url !== undefined || this.isClosing) return Promise.reject(new Error('the webhook server was already started'));
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        reject(new Error(`the webhook server cannot listen on ${this.host}:${this.options.port}: ${error.code ?? error.message}`));
      };
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.host, () => {
        this.server.off('error', onError);
        this.server.on('error', (error) => this.options.logger.error(`webhook server: ${error.message}`));
        this.url = `http://${urlHost(this.host)}:${(this.server.address() as AddressInfo).port}`;
        resolve(this.url);
      });
    });
  }

  /** Replaces the routes served. Conflicts (same path and method twice) are logged; the first wins. */
  setRoutes(routes: readonly WebhookRoute[]): void {
    const compiled = compileRoutes(routes, this.replayCaches, this.options.logger, this.options.replayJournal);
    this.table = compiled.table;
    this.replayCaches = compiled.replayCaches;
  }

  /** `http://host:port` while listening, else undefined. */
  baseUrl(): string | undefined {
    return this.url;
  }

  /**
   * Stops accepting connections, closes idle keep-alive sockets, lets requests in flight be
   * answered (a `lastNode` request waits for its run, up to `lastNodeTimeoutMs`), then resolves;
   * connections still open one second after that are dropped. Runs are never cancelled here:
   * that is the host's decision. Safe to call twice.
   */
  close(): Promise<void> {
    if (this.closed !== undefined) return this.closed;
    this.isClosing = true;
    this.url = undefined;
    if (!this.server.listening) return (this.closed = Promise.resolve());
    this.closed = new Promise((resolve) => {
      // A socket becomes idle when its answer ends; answers sent while closing say
      // `Connection: close`, but one written just before close() may have kept the socket.
      const sweep = setInterval(() => this.server.closeIdleConnections(), CLOSE_SWEEP_MS);
      // Every lastNode answer is out by then (504 at the latest); what remains is a client
      // still sending its request, which must not hold a shutdown open.
      const force = setTimeout(() => this.server.closeAllConnections(), this.context.lastNodeTimeoutMs + CLOSE_GRACE_MS);
      this.server.close(() => {
        clearInterval(sweep);
        clearTimeout(force);
        resolve();
      });
      this.server.closeIdleConnections();
    });
    return this.closed;
  }
}

/** `/metrics?x=1` → `/metrics`. */
function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The host as written in a URL: wildcard binds are reached through loopback; IPv6 in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
