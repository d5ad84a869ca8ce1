/**
 * A minimal signed client for the agency protocol, used by the simulator tests and dev scripts to talk
 * to an agency system over a real socket. The engine's adapter is separate (with its own retries and
 * error classification); this only shows and exercises the wire format.
 */
import http from 'node:http';
import {
  HEADER_IDEMPOTENCY_KEY,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  WORK_ITEMS_PATH,
  WorkItemRequest,
} from '../../integrations/agency-protocol/protocol';
import { signPayload } from '../../integrations/agency-protocol/signature';
import { parseJson, readBody } from '../../platform/http';

/** Answers of agency systems and of the simulators' control routes are small. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface SendOptions {
  idempotencyKey?: string;
  /** Abort the request after this long; the promise rejects with an error whose code is 'ETIMEDOUT'. */
  timeoutMs?: number;
  /** Signing time in unix ms (default now): lets tests send stale requests. */
  timestamp?: number;
  /** Replace the computed signature header (tests of rejected signatures); `null` omits it. */
  signature?: string | null;
  /** Send this raw body instead of `JSON.stringify(request)` (tests of malformed bodies). */
  rawBody?: string;
}

export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
  headers: http.IncomingHttpHeaders;
}

export function sendWorkItem<T = unknown>(
  baseUrl: string,
  secret: string,
  request: WorkItemRequest | Record<string, unknown>,
  options: SendOptions = {},
): Promise<HttpAnswer<T>> {
  const rawBody = options.rawBody ?? JSON.stringify(request);
  const timestamp = String(options.timestamp ?? Date.now());
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    [HEADER_TIMESTAMP]: timestamp,
  };
  const signature =
    options.signature === undefined ? signPayload(secret, timestamp, rawBody) : options.signature;
  if (signature !== null) headers[HEADER_SIGNATURE] = signature;
  if (options.idempotencyKey !== undefined) headers[HEADER_IDEMPOTENCY_KEY] = options.idempotencyKey;
  return requestJson<T>(
    'POST',
    new URL(WORK_ITEMS_PATH, baseUrl).toString(),
    rawBody,
    headers,
    options.timeoutMs,
  );
}

/** One JSON request on a fresh connection (no pooled sockets left behind). */
export function requestJson<T = unknown>(
  method: string,
  url: string,
  rawBody?: string,
  headers: Record<string, string> = {},
  timeoutMs?: number,
): Promise<HttpAnswer<T>> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      agent: false,
      headers: rawBody === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    });
    let timer: NodeJS.Timeout | undefined;
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const err = Object.assign(new Error(`request timed out after ${timeoutMs} ms`), {
          code: 'ETIMEDOUT',
        });
        req.destroy(err);
      }, timeoutMs);
    }
    req.on('error', (err) => {
      if (timer) clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      readBody(res, MAX_ANSWER_BYTES)
        .then((raw) => {
          if (!raw) throw new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`);
          const text = raw.toString('utf8');
          const json = text === '' ? undefined : parseJson(text);
          // A body that is not JSON comes back as its text.
          const body = json === undefined && text !== '' ? text : json;
          resolve({ status: res.statusCode ?? 0, body: body as T, headers: res.headers });
        })
        .catch(reject)
        .finally(() => clearTimeout(timer));
    });
    req.end(rawBody);
  });
}
