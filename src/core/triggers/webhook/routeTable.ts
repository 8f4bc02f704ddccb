/**
 * The routes the server answers, compiled once per `setRoutes` so that a request costs one
 * map lookup: config defaults applied, header names lower-cased, paths normalized.
 */
import type { TriggerLogger, WebhookRoute } from '../contract';
import { ReplayCache, type ReplayJournal, type SignatureRule } from './signature';

/** Defaults of the `trigger.webhook` node, applied again here in case a config lacks them. */
export const WEBHOOK_DEFAULTS = {
  method: 'POST',
  responseMode: 'immediate',
  maxBodyBytes: 1024 * 1024,
  signatureHeader: 'x-hub-signature-256',
  toleranceSeconds: 300,
} as const;

/** A route ready to serve. */
export interface CompiledRoute {
  route: WebhookRoute;
  /** Normalized path under `/webhook/`. */
  path: string;
  method: string;
  responseMode: 'immediate' | 'lastNode';
  maxBodyBytes: number;
  /** Set when the node requires signed requests. */
  auth?: SignatureRule;
  /** Set when `auth` has a timestamp header (replays can only be bounded with one). */
  replay?: ReplayCache;
}

/** Every route of one path, by method. */
export interface PathRoutes {
  byMethod: ReadonlyMap<string, CompiledRoute>;
  /** Value of the `Allow` header of a 405, e.g. `GET, POST`. */
  allow: string;
}

/**
 * `/orders//created/` → `orders/created`. Applied to configured paths and to request paths
 * (after percent-decoding), so that slashes never decide whether a request matches.
 */
export function normalizeWebhookPath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .join('/');
}

/**
 * The route path of a request path (the part after `/webhook/`, without the query), or
 * undefined when it cannot be decoded. Common, already-normal paths skip all the work.
 */
export function requestRoutePath(rawPath: string): string | undefined {
  if (!rawPath.includes('%') && !rawPath.includes('//') && !rawPath.endsWith('/')) return rawPath;
  try {
    return normalizeWebhookPath(decodeURIComponent(rawPath));
  } catch {
    return undefined;
  }
}

/**
 * Compiles `routes` into a path → methods table. Replay caches are carried over from
 * `previous` by workflow and node, so re-arming the routes (a save, a status change) does not
 * make already-used signatures acceptable again; with a `journal`, neither does a restart. The first route of a path and method wins;
 * later ones are reported.
 */
export function compileRoutes(
  routes: readonly WebhookRoute[],
  previous: ReadonlyMap<string, ReplayCache>,
  logger: TriggerLogger,
  journal?: ReplayJournal,
): { table: Map<string, PathRoutes>; replayCaches: Map<string, ReplayCache> } {
  const byPath = new Map<string, Map<string, CompiledRoute>>();
  const replayCaches = new Map<string, ReplayCache>();
  for (const route of routes) {
    const compiled = compileRoute(route);
    if (compiled.auth?.timestampHeader !== undefined) {
      const key = `${route.workflowId}\u0000${route.nodeId}`;
      compiled.replay =
        previous.get(key) ??
        (journal ? new ReplayCache(undefined, journal.known(key), (signature, expiresAtMs) => journal.remember(key, signature, expiresAtMs)) : new ReplayCache());
      replayCaches.set(key, compiled.replay);
    }
    let methods = byPath.get(compiled.path);
    if (methods === undefined) byPath.set(compiled.path, (methods = new Map()));
    const taken = methods.get(compiled.method);
    if (taken !== undefined) {
      logger.warn(
        `webhook ${compiled.method} /webhook/${compiled.path} of node "${route.nodeName}" (workflow ${route.workflowId}) is ignored: ` +
          `node "${taken.route.nodeName}" (workflow ${taken.route.workflowId}) already answers it`,
      );
      continue;
    }
    methods.set(compiled.method, compiled);
  }
  const table = new Map<string, PathRoutes>();
  for (const [path, methods] of byPath) table.set(path, { byMethod: methods, allow: [...methods.keys()].sort().join(', ') });
  return { table, replayCaches };
}

function compileRoute(route: WebhookRoute): CompiledRoute {
  const config = route.config;
  const method = typeof config.method === 'string' && config.method !== '' ? config.method.toUpperCase() : WEBHOOK_DEFAULTS.method;
  return {
    route,
    path: normalizeWebhookPath(route.path),
    method,
    responseMode: config.responseMode === 'lastNode' ? 'lastNode' : 'immediate',
    maxBodyBytes: positiveNumber(config.maxBodyBytes) ?? WEBHOOK_DEFAULTS.maxBodyBytes,
    auth: compileAuth(config.auth),
  };
}

function compileAuth(auth: unknown): SignatureRule | undefined {
  if (auth === undefined || auth === null || typeof auth !== 'object') return undefined;
  const value = auth as Record<string, unknown>;
  const timestampHeader = nonEmptyString(value.timestampHeader)?.toLowerCase();
  return {
    // An auth block without a secret name still demands a signature: every request gets 401
    // rather than the webhook silently accepting unsigned calls.
    secretName: nonEmptyString(value.secret) ?? '',
    signatureHeader: (nonEmptyString(value.signatureHeader) ?? WEBHOOK_DEFAULTS.signatureHeader).toLowerCase(),
    ...(timestampHeader !== undefined ? { timestampHeader } : {}),
    toleranceSeconds: positiveNumber(value.toleranceSeconds) ?? WEBHOOK_DEFAULTS.toleranceSeconds,
  };
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
