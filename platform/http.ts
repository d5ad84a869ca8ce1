// The few HTTP chores our plain `node:http` routes share (the agency callback route, the codec endpoint,
// /healthz, and the agency simulators and their client): read a body no larger than a bound, parse it as
// JSON, answer JSON. Yoga handles /graphql itself.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * The whole body of a request (or of a response, client side), or `undefined` as soon as it passes
 * `maxBytes`: the rest is not read, so an oversized body costs no more than the bound.
 */
export async function readBody(message: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The parsed JSON, or `undefined` when the text is not JSON (no JSON text parses to `undefined`). */
export function parseJson(text: Buffer | string): unknown {
  try {
    return JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Answers `body` as JSON; does nothing once the answer is under way or the connection is gone. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const raw = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(raw),
    ...headers,
  });
  res.end(raw);
}

/** Answers the error body our routes share, `{ "error": { "code", "message" } }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message?: string,
  headers: OutgoingHttpHeaders = {},
): void {
  sendJson(res, status, { error: { code, message } }, headers);
}
