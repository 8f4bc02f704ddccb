/**
 * What an operator's tools ask a running `workflow serve`: `GET /healthz` (the process answers),
 * `GET /readyz` (the store is open and the triggers are armed; 503 while starting or stopping)
 * and `GET /metrics` in the Prometheus text format, built with prom-client on a registry of its
 * own (the process's default metrics, RSS among them, plus the runs and webhook answers below).
 * See docs/serve.md for the metric names and a scrape configuration.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Run durations in seconds: webhook chains take milliseconds, polls and shell steps minutes. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** What the probes and gauges read from the host. */
export interface ServeProbe {
  /** True once the store is open and the triggers armed, false again while stopping. */
  ready(): boolean;
  /** Runs waiting for a slot, and executing. */
  queued(): number;
  running(): number;
}

export class ServeMetrics {
  readonly registry = new Registry();
  private readonly started: Counter<'workflow'>;
  private readonly finished: Counter<'workflow' | 'status'>;
  private readonly duration: Histogram<'workflow'>;
  private readonly answers: Counter<'code'>;

  constructor(private readonly probe: ServeProbe) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.started = new Counter({ name: 'workflow_runs_started_total', help: 'Runs started, by workflow file.', labelNames: ['workflow'], registers });
    this.finished = new Counter({
      name: 'workflow_runs_finished_total',
      help: 'Runs ended, by workflow file and final status.',
      labelNames: ['workflow', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'workflow_run_duration_seconds',
      help: 'Duration of ended runs, by workflow file.',
      labelNames: ['workflow'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.answers = new Counter({ name: 'workflow_webhook_responses_total', help: 'Webhook answers sent, by HTTP status code.', labelNames: ['code'], registers });
    new Gauge({ name: 'workflow_run_queue_depth', help: 'Runs accepted and waiting for a slot.', registers, collect: gaugeOf(() => probe.queued()) });
    new Gauge({ name: 'workflow_runs_running', help: 'Runs executing now.', registers, collect: gaugeOf(() => probe.running()) });
  }

  runStarted(workflow: string): void {
    this.started.inc({ workflow });
  }

  runFinished(workflow: string, status: string, durationMs: number): void {
    this.finished.inc({ workflow, status });
    this.duration.observe({ workflow }, durationMs / 1000);
  }

  webhookAnswered(statusCode: number): void {
    this.answers.inc({ code: String(statusCode) });
  }

  /** `/healthz`, `/readyz` and, unless `withMetrics` is false, `/metrics`. */
  endpoints(withMetrics: boolean): Map<string, RequestListener> {
    const map = new Map<string, RequestListener>([
      ['/healthz', (req, res) => answer(req, res, 200, 'application/json', '{"status":"ok"}')],
      [
        '/readyz',
        (req, res) =>
          this.probe.ready()
            ? answer(req, res, 200, 'application/json', '{"status":"ready"}')
            : answer(req, res, 503, 'application/json', '{"status":"not ready"}'),
      ],
    ]);
    if (withMetrics) {
      map.set('/metrics', (req, res) => {
        this.registry.metrics().then(
          (text) => answer(req, res, 200, this.registry.contentType, text),
          (error: Error) => answer(req, res, 500, 'text/plain', `metrics failed: ${error.message}\n`),
        );
      });
    }
    return map;
  }
}

function gaugeOf(read: () => number) {
  return function (this: Gauge) {
    this.set(read());
  };
}

/** Probes and metrics are read-only: GET and HEAD only. */
function answer(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' }).end('{"error":"only GET and HEAD"}');
    return;
  }
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** A listener of its own for the probes and metrics (`--metrics-port`): only them, 404 otherwise. */
export function listenProbes(host: string, port: number, endpoints: ReadonlyMap<string, RequestListener>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const query = req.url?.indexOf('?') ?? -1;
    const endpoint = endpoints.get(query === -1 ? (req.url ?? '/') : req.url!.slice(0, query));
    if (endpoint) return void endpoint(req, res);
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `nothing at ${req.url}; try /metrics, /healthz, /readyz` }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new Error(`the metrics server cannot listen on ${host}:${port}: ${error.code ?? error.message}`)));
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
