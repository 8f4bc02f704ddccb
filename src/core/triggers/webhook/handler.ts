/**
 * One webhook request, from URL to answer: route → method → status → size → signature →
 * body → run → response. Each refusal is a status code with a JSON `{ error }`; see the table
 * in docs/triggers.md ("Webhooks").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult } from '../../engine/engine';
import type { TriggerInfo } from '../../engine/events';
import { RunQueueFullError, type StartedRun } from '../contract';
import { announcedTooLarge, hasBody, MalformedBodyError, parseBody, readBody } from './body';
import { sendError, sendJsonText } from './respond';
import { parseQuery, publicHeaders, type WebhookRunInput } from './requestInput';
import { requestRoutePath, type CompiledRoute, type PathRoutes } from './routeTable';
import { checkSignature, type ReplayCache, type SignatureRule } from './signature';
import type { ThrottledLog } from './throttledLog';

/** URL prefix of every webhook. */
export const WEBHOOK_PREFIX = '/webhook/';

/** What a request needs from the server that received it. */
export interface HandlerContext {
  routes(path: string): PathRoutes | undefined;
  /** True once `close()` began: answers then end keep-alive. */
  closing(): boolean;
  log: ThrottledLog;
  /** How long a `lastNode` request waits for its run before a 504. */
  lastNodeTimeoutMs: number;
}

/** Header of every `lastNode` answer naming its execution (`workflow show <id>`). */
export const EXECUTION_ID_HEADER = 'x-execution-id';

/** Seconds a sender should wait before retrying a paused workflow / a full queue. */
const RETRY_PAUSED_SECONDS = '60';
const RETRY_QUEUE_FULL_SECONDS = '1';
/** A restarting server is usually back within seconds (systemd, Docker and Kubernetes restart it). */
const RETRY_SHUTDOWN_SECONDS = '5';
/**
 * Bodies up to this size that were never read are left for Node to discard, keeping the
 * connection alive; a larger or chunked unread body closes the connection instead, so that
 * a refused sender cannot make the server read megabytes for nothing.
 */
const DRAINABLE_BYTES = 64 * 1024;

/** Answers one request. Never throws: every failure becomes an answer (or a dropped socket). */
export async function handleWebhookRequest(req: IncomingMessage, res: ServerResponse, ctx: HandlerContext): Promise<void> {
  try {
    await handle(req, res, ctx);
  } catch (error) {
    ctx.log.error('internal', `webhook ${req.method} ${req.url}: ${(error as Error).message}`);
    sendError(res, 500, 'internal error of the webhook server', true);
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: HandlerContext): Promise<void> {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
  // Refusals before the body is read: keep the connection only if the unread body is small.
  const closeIfRefused = ctx.closing() || mustCloseUnread(req);

  // A stopping server answers every new request alike (its routes are being removed): try again later.
  if (ctx.closing()) return sendError(res, 503, 'the server is shutting down', true, { 'retry-after': RETRY_SHUTDOWN_SECONDS });

  const routePath = pathname.startsWith(WEBHOOK_PREFIX) ? requestRoutePath(pathname.slice(WEBHOOK_PREFIX.length)) : undefined;
  const methods = routePath === undefined ? undefined : ctx.routes(routePath);
  if (methods === undefined) return sendError(res, 404, `no webhook at ${pathname}`, closeIfRefused);
  const method = req.method ?? 'GET';
  const route = methods.byMethod.get(method);
  if (route === undefined) {
    // where the path demands signatures, only a signed caller learns which methods it has
    const guard = signedGuard(methods);
    if (guard !== undefined && !(await authentic(req, res, guard, ctx))) return;
    return sendError(res, 405, `method ${method} is not allowed at ${pathname} (allowed: ${methods.allow})`, guard ? ctx.closing() : closeIfRefused, {
      allow: methods.allow,
    });
  }
  const status = route.route.status();
  if (status === 'paused') {
    // the same for a paused workflow: an unsigned caller cannot tell it from any other refusal
    if (route.auth !== undefined && !(await authentic(req, res, route, ctx))) return;
    return sendError(res, 503, `the workflow of ${pathname} is paused`, route.auth ? ctx.closing() : closeIfRefused, { 'retry-after': RETRY_PAUSED_SECONDS });
  }
  if (status !== 'active') return sendError(res, 404, `no webhook at ${pathname}`, closeIfRefused);

  if (announcedTooLarge(req, route.maxBodyBytes)) return tooLarge(res, route, ctx);
  const read = await readBody(req, route.maxBodyBytes);
  if (read.kind === 'aborted') return;
  if (read.kind === 'tooLarge') return tooLarge(res, route, ctx);

  if (route.auth !== undefined) {
    const refusal = await verify(req, route, route.auth, read.bytes, route.replay);
    if (refusal !== undefined) return unauthorized(res, route, refusal, ctx);
  }

  let body: unknown;
  try {
    body = parseBody(read.bytes, req.headers['content-type']);
  } catch (error) {
    if (error instanceof MalformedBodyError) return sendError(res, 400, error.message, ctx.closing());
    throw error;
  }

  const input: WebhookRunInput = {
    method,
    path: route.path,
    query: parseQuery(queryAt === -1 ? '' : url.slice(queryAt + 1)),
    headers: publicHeaders(req.headers, route.auth?.signatureHeader),
    body,
  };
  const trigger: TriggerInfo = {
    type: 'webhook',
    nodeId: route.route.nodeId,
    data: { method, path: route.path, ...(req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {}) },
  };

  let run: StartedRun;
  try {
    run = route.route.fire(input, trigger);
  } catch (error) {
    if (error instanceof RunQueueFullError) {
      ctx.log.warn('429', `webhook /webhook/${route.path}: 429, ${error.message}`);
      return sendError(res, 429, error.message, ctx.closing(), { 'retry-after': RETRY_QUEUE_FULL_SECONDS });
    }
    ctx.log.error(`500 ${route.path}`, `webhook /webhook/${route.path}: the run could not start: ${(error as Error).message}`);
    return sendError(res, 500, 'the run could not start', ctx.closing());
  }

  if (route.responseMode === 'immediate') {
    // acknowledged means recorded: the 202 waits until the accepted run is on disk
    if (run.accepted !== undefined) {
      try {
        await run.accepted;
      } catch (error) {
        ctx.log.error(`500 ${route.path}`, `webhook /webhook/${route.path}: run ${run.executionId} could not be recorded: ${(error as Error).message}`);
        return sendError(res, 500, 'the run could not be recorded', ctx.closing());
      }
    }
    return sendJsonText(res, 202, `{"executionId":${JSON.stringify(run.executionId)}}`, ctx.closing());
  }
  // lastNode: a client that hangs up does not cancel the run; the answer is simply not sent.
  const result = await waitFor(run, ctx.lastNodeTimeoutMs);
  if (result === undefined) {
    const error = `the run did not finish within ${ctx.lastNodeTimeoutMs} ms; it goes on`;
    return sendJsonText(res, 504, JSON.stringify({ executionId: run.executionId, error }), ctx.closing(), { [EXECUTION_ID_HEADER]: run.executionId });
  }
  sendRunResult(res, run.executionId, result, ctx.closing());
}

/**
 * Returns the reason to refuse (401), or undefined when the signature is good. `replay` is the
 * route's cache when an accepted signature must be remembered (a run starts), else undefined.
 */
async function verify(req: IncomingMessage, route: CompiledRoute, auth: SignatureRule, body: Buffer, replay: ReplayCache | undefined): Promise<string | undefined> {
  // The sender only learns that verification failed; the operator's log says why.
  if (auth.secretName === '') return 'the signature cannot be verified (the webhook names no secret)';
  const secret = await route.route.secret(auth.secretName);
  if (secret === undefined || secret === '') return `the signature cannot be verified (secret "${auth.secretName}" is not set)`;
  return checkSignature(auth, secret, req.headers, body, Date.now(), replay);
}

function unauthorized(res: ServerResponse, route: CompiledRoute, refusal: string, ctx: HandlerContext): void {
  ctx.log.warn(`401 ${route.path}`, `webhook ${res.req.method} /webhook/${route.path}: 401, ${refusal}`);
  sendError(res, 401, refusal, ctx.closing());
}

/**
 * Reads the body and checks the signature of a request that will be refused anyway (paused,
 * wrong method), answering 401 / 413 itself; true when the request is authentic. The signature
 * is not remembered: the sender may send the very same request again once it can be served.
 */
async function authentic(req: IncomingMessage, res: ServerResponse, route: CompiledRoute, ctx: HandlerContext): Promise<boolean> {
  if (announcedTooLarge(req, route.maxBodyBytes)) return (tooLarge(res, route, ctx), false);
  const read = await readBody(req, route.maxBodyBytes);
  if (read.kind === 'aborted') return false;
  if (read.kind === 'tooLarge') return (tooLarge(res, route, ctx), false);
  const refusal = await verify(req, route, route.auth!, read.bytes, undefined);
  if (refusal !== undefined) unauthorized(res, route, refusal, ctx);
  return refusal === undefined;
}

/** The route whose signature guards a path's refusals: set only when every method of the path is signed. */
function signedGuard(methods: PathRoutes): CompiledRoute | undefined {
  const routes = [...methods.byMethod.values()];
  return routes.every((r) => r.auth !== undefined) ? routes[0] : undefined;
}

function tooLarge(res: ServerResponse, route: CompiledRoute, ctx: HandlerContext): void {
  ctx.log.warn(`413 ${route.path}`, `webhook /webhook/${route.path}: 413, body larger than ${route.maxBodyBytes} bytes`);
  sendError(res, 413, `the request body is larger than ${route.maxBodyBytes} bytes`, true);
}

/** What a `lastNode` answer needs of a run's result. */
type RunOutcome = Pick<ExecutionResult, 'status' | 'output' | 'error'>;

/** 200 with the output for a run that completed (`success`, `partial`), else 500. */
function sendRunResult(res: ServerResponse, executionId: string, result: RunOutcome, closeConnection: boolean): void {
  // the output is the workflow's own JSON: the execution id travels in a header
  const idHeader = { [EXECUTION_ID_HEADER]: executionId };
  if (result.status === 'success' || result.status === 'partial') {
    let text: string;
    try {
      text = JSON.stringify(result.output ?? null);
    } catch (error) {
      const message = `the run's output cannot be sent as JSON: ${(error as Error).message}`;
      return sendJsonText(res, 500, JSON.stringify({ executionId, error: message }), closeConnection, idHeader);
    }
    return sendJsonText(res, 200, text, closeConnection, idHeader);
  }
  const error = result.error?.message ?? `the run ended with status ${result.status}`;
  sendJsonText(res, 500, JSON.stringify({ executionId, status: result.status, error }), closeConnection, idHeader);
}

/** The run's result, or undefined when `timeoutMs` passes first. */
function waitFor(run: StartedRun, timeoutMs: number): Promise<RunOutcome | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), timeoutMs);
    run.done.then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      // `done` never rejects by contract; if a host breaks that, answer rather than hang.
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ status: 'failed', output: null, error: { message: (error as Error)?.message ?? String(error) } });
      },
    );
  });
}

/** True when the request has a body we would not read that is too big to let Node discard. */
function mustCloseUnread(req: IncomingMessage): boolean {
  if (!hasBody(req)) return false;
  const length = req.headers['content-length'];
  return length === undefined || Number(length) > DRAINABLE_BYTES;
}
