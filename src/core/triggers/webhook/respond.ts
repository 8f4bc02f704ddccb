/**
 * Writing JSON answers. Every answer of the webhook server is JSON, errors included
 * (`{ "error": "…" }`), so that senders' logs show why a call was refused.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Sends `body` (already JSON text) with `status`. `closeConnection` ends keep-alive after
 * this answer: used when the request body was not read (the socket holds unread bytes) and
 * while the server shuts down. Does nothing when the client is already gone.
 */
export function sendJsonText(
  res: ServerResponse,
  status: number,
  body: string,
  closeConnection: boolean,
  extraHeaders?: OutgoingHttpHeaders,
): void {
  if (res.headersSent || res.destroyed) return;
  const headers: OutgoingHttpHeaders = { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body), ...extraHeaders };
  if (closeConnection) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

/** Sends `{ "error": message }` with `status`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  closeConnection: boolean,
  extraHeaders?: OutgoingHttpHeaders,
): void {
  sendJsonText(res, status, JSON.stringify({ error: message }), closeConnection, extraHeaders);
}
