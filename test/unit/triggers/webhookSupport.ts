// Shared by the webhook server tests: fake routes that record their fires, a server on a free
// port of 127.0.0.1, and a small HTTP client that shows exactly what the server answered.
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import type { ExecutionResult } from '../../../src/core/engine/engine';
import type { TriggerInfo } from '../../../src/core/engine/events';
import type { StartedRun, TriggerLogger, WebhookRoute } from '../../../src/core/triggers/contract';
import type { WorkflowStatus } from '../../../src/core/store';
import { WebhookServer } from '../../../src/core/triggers/webhook/server';

export interface Fire {
  input: unknown;
  trigger: TriggerInfo;
}

export interface FakeRoute {
  route: WebhookRoute;
  fires: Fire[];
  setStatus(status: WorkflowStatus): void;
}

export interface FakeRouteOptions {
  path: string;
  config?: Record<string, unknown>;
  status?: WorkflowStatus;
  secrets?: Record<string, string>;
  /** Replaces the default fire (which answers a run `exec-<n>` that succeeds with `{ ok: true }`). */
  fire?: (input: unknown, trigger: TriggerInfo) => StartedRun;
}

/** A route whose fires are recorded; `nodeId` is `hook-<path>`. */
export function fakeRoute(options: FakeRouteOptions): FakeRoute {
  let status: WorkflowStatus = options.status ?? 'active';
  const fires: Fire[] = [];
  const route: WebhookRoute = {
    workflowId: 'wf-1',
    nodeId: `hook-${options.path}`,
    nodeName: `Hook ${options.path}`,
    path: options.path,
    config: options.config ?? {},
    status: () => status,
    secret: async (name) => options.secrets?.[name],
    fire: (input, trigger) => {
      fires.push({ input, trigger });
      if (options.fire) return options.fire(input, trigger);
      const executionId = `exec-${fires.length}`;
      return startedRun(executionId, Promise.resolve(result(executionId, { ok: true })));
    },
  };
  return { route, fires, setStatus: (next) => (status = next) };
}

export function startedRun(executionId: string, done: Promise<ExecutionResult>): StartedRun {
  return { executionId, done, cancel: () => {} };
}

export function result(executionId: string, output: unknown, status: ExecutionResult['status'] = 'success', message?: string): ExecutionResult {
  return {
    executionId,
    status,
    output,
    ...(message ? { error: { message } } : {}),
    startedAt: new Date(0).toISOString(),
    completedAt: new Date(0).toISOString(),
    durationMs: 1,
    nodesExecuted: 1,
  };
}

export interface Logged {
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** A listening server with `routes`, and the lines it logged. Close it with `server.close()`. */
export async function startServer(
  routes: FakeRoute[],
  options: { lastNodeTimeoutMs?: number } = {},
): Promise<{ server: WebhookServer; url: string; logged: Logged[] }> {
  const logged: Logged[] = [];
  const logger: TriggerLogger = {
    info: (message) => logged.push({ level: 'info', message }),
    warn: (message) => logged.push({ level: 'warn', message }),
    error: (message) => logged.push({ level: 'error', message }),
  };
  // A short lastNode timeout also bounds close(), so that a broken server fails a test fast.
  const server = new WebhookServer({ port: 0, logger, lastNodeTimeoutMs: 2000, ...options });
  server.setRoutes(routes.map((r) => r.route));
  const url = await server.listen();
  return { server, url, logged };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

/** One HTTP request with exactly these headers (Content-Length added for a body). */
export function send(url: string, options: { method?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { ...options.headers };
    if (options.body !== undefined && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) {
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = httpRequest(url, { method: options.method ?? 'POST', headers }, (res) => collect(res, resolve, reject));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Reads a whole answer. */
export function collect(
  res: import('node:http').IncomingMessage,
  resolve: (answer: Answer) => void,
  reject: (error: Error) => void,
): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('error', reject);
  res.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
  });
}

/** Unix seconds now, as a header value. */
export function nowSeconds(offsetSeconds = 0): string {
  return String(Math.floor(Date.now() / 1000) + offsetSeconds);
}
