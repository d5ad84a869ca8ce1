// The codec server for operators: `POST /codec/decode` and `POST /codec/encode` take and answer
// `{"payloads": [...]}` in proto3 JSON, as the Temporal CLI (`--codec-endpoint`) and Web UI call
// them, and run the payloads through the API's own Temporal codecs, so whatever the system
// encrypted can be read by someone allowed to: an ADMIN key as `Authorization: Bearer`, or (the Web
// UI) the codec session cookie from /codec/sign-in (codec-session.ts). Browsers are served only from
// the configured origins (the Web UI's). Every authenticated call leaves an audit row: who read
// decrypted payloads, when, and in which namespace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { authenticate, hashApiKey } from '../services/access/api-keys';
import type { Principal } from '../domain/principal';
import { DomainError } from '../domain/errors';
import { isPayloadJSON, payloadFromJSON, payloadToJSON } from '../platform/encryption/payload-json';
import { currentRequestScope, logger as processLogger } from '../platform/logger';
import { parseJson, readBody, sendError, sendJson } from '../platform/http';
import { insertAuditEvent } from '../prisma/read-model/audit';
import {
  clearedCodecSessionCookie,
  codecSessionCookie,
  codecSessionPrincipal,
  codecSessionToken,
  SIGN_IN_PAGE,
  SIGN_IN_PAGE_CSP,
} from './codec-session';
import type { ApiServices } from '../services/create-services';

export const CODEC_PATH = '/codec';
/** Temporal's own limit on one gRPC message; a history page the UI decodes stays below it. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_PAYLOADS = 10_000;
const ALLOWED_HEADERS = 'authorization, authorization-extras, content-type, x-namespace';
const NAMESPACE = /^[A-Za-z0-9._-]{1,128}$/;

export interface CodecEndpointOptions {
  /** Browser origins allowed to call the codec (the Temporal Web UI's); exact matches only. */
  corsOrigins: readonly string[];
  /** Session cookies only over HTTPS (production). */
  secureCookies: boolean;
}

export const isCodecPath = (url: string | undefined) =>
  url === CODEC_PATH || !!url?.startsWith(`${CODEC_PATH}/`);

/** Decoded payloads are personal data: no cache keeps them. */
const NO_STORE = { 'cache-control': 'no-store' };
const refuse = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) => sendError(res, status, code, message, { ...NO_STORE, ...headers });

function parsePayloads(raw: Buffer): Payload[] | undefined {
  const body = parseJson(raw);
  if (body === undefined) return undefined;
  const payloads = (body as { payloads?: unknown } | null)?.payloads ?? [];
  if (!Array.isArray(payloads) || payloads.length > MAX_PAYLOADS || !payloads.every(isPayloadJSON))
    return undefined;
  return payloads.map(payloadFromJSON);
}

interface Caller {
  principal: Principal | null;
  /** Why the caller may not use the codec: no or an invalid key (401), not an ADMIN (403). */
  refusal?: DomainError;
}

/** The caller by bearer key or, failing a header, by session cookie; only an ADMIN may use the codec. */
async function callerOf(services: ApiServices, req: IncomingMessage): Promise<Caller> {
  let principal: Principal | null;
  try {
    principal = req.headers.authorization
      ? await authenticate(services.sql, req.headers.authorization)
      : await codecSessionPrincipal(services.sql, req);
  } catch (err) {
    if (err instanceof DomainError) return { principal: null, refusal: err };
    throw err;
  }
  if (!principal) {
    return {
      principal,
      refusal: new DomainError(
        'UNAUTHENTICATED',
        'An ADMIN API key is required: `Authorization: Bearer <key>`, or sign in at /codec/sign-in',
      ),
    };
  }
  if (principal.role !== 'ADMIN')
    return {
      principal,
      refusal: new DomainError('FORBIDDEN', 'Only an ADMIN key may encode or decode Temporal payloads'),
    };
  return { principal };
}

const refusalStatus = (refusal: DomainError) => (refusal.code === 'FORBIDDEN' ? 403 : 401);

/** Codecs in the SDK's order: encoding runs them first to last, decoding last to first. */
async function runCodecs(
  codecs: readonly PayloadCodec[],
  direction: 'decode' | 'encode',
  payloads: Payload[],
): Promise<Payload[]> {
  const ordered = direction === 'encode' ? codecs : [...codecs].reverse();
  for (const codec of ordered) payloads = await codec[direction](payloads);
  return payloads;
}

export async function handleCodecRequest(
  services: ApiServices,
  options: CodecEndpointOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const route = `${req.method} ${new URL(req.url ?? '/', 'http://codec').pathname}`;
  const origin = req.headers.origin;
  const cors: Record<string, string> = {};
  // Browsers send Origin: the sign-in page's own calls come from this server; the Web UI's from
  // the configured origins, which alone may read answers (with the session cookie).
  const sameOrigin = origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
  if (origin !== undefined && !sameOrigin) {
    if (!options.corsOrigins.includes(origin)) {
      return refuse(
        res,
        403,
        'FORBIDDEN',
        `Origin ${origin} may not call the codec endpoint (CODEC_CORS_ORIGINS)`,
      );
    }
    Object.assign(cors, {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
  }
  try {
    switch (route) {
      case 'OPTIONS /codec/decode':
      case 'OPTIONS /codec/encode':
        res.writeHead(204, {
          ...cors,
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-max-age': '600',
        });
        return void res.end();
      case 'POST /codec/decode':
      case 'POST /codec/encode':
        return await transcode(
          services,
          route === 'POST /codec/decode' ? 'decode' : 'encode',
          req,
          res,
          cors,
        );
      case 'GET /codec/sign-in':
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': SIGN_IN_PAGE_CSP,
          'cache-control': 'no-store',
        });
        return void res.end(SIGN_IN_PAGE);
      case 'POST /codec/session':
        return await signIn(services, options, req, res);
      case 'DELETE /codec/session':
        res.writeHead(204, { 'set-cookie': clearedCodecSessionCookie });
        return void res.end();
      default:
        return refuse(
          res,
          404,
          'NOT_FOUND',
          'Codec routes: POST /codec/decode, POST /codec/encode, GET /codec/sign-in',
          cors,
        );
    }
  } catch (err) {
    (currentRequestScope()?.log ?? processLogger).error({ err, route }, 'codec request failed');
    if (!res.headersSent) refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'The codec request failed', cors);
  }
}

async function transcode(
  services: ApiServices,
  direction: 'decode' | 'encode',
  req: IncomingMessage,
  res: ServerResponse,
  cors: Record<string, string>,
) {
  const { principal, refusal } = await callerOf(services, req);
  const namespace = String(req.headers['x-namespace'] ?? '');
  const audit = (outcome: 'OK' | 'REFUSED' | 'FAILED', errorCode?: string) =>
    insertAuditEvent(services.sql, {
      principal,
      action: direction === 'decode' ? 'codecDecode' : 'codecEncode',
      target: NAMESPACE.test(namespace) ? namespace : null,
      requestId: String(req.headers['x-request-id']),
      outcome,
      errorCode,
    });
  if (refusal) {
    // A known key that may not decode is recorded; an unknown one names no one (as for GraphQL).
    if (principal) await audit('REFUSED', refusal.code);
    const status = refusalStatus(refusal);
    return refuse(res, status, refusal.code, refusal.message, {
      ...cors,
      ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    });
  }
  const raw = await readBody(req, MAX_BODY_BYTES);
  if (!raw) return refuse(res, 413, 'PAYLOAD_TOO_LARGE', `At most ${MAX_BODY_BYTES} bytes`, cors);
  const payloads = parsePayloads(raw);
  if (!payloads)
    return refuse(
      res,
      400,
      'BAD_REQUEST',
      'Expected {"payloads": [{"metadata": {…base64}, "data": "base64"}]}',
      cors,
    );
  let result: Payload[];
  try {
    result = await runCodecs(
      services.temporal.options.loadedDataConverter.payloadCodecs,
      direction,
      payloads,
    );
  } catch (err) {
    // The message names the key id and what is wrong, never the payload's content.
    await audit('FAILED', 'PAYLOAD_NOT_DECRYPTABLE');
    return refuse(res, 422, 'PAYLOAD_NOT_DECRYPTABLE', (err as Error).message, cors);
  }
  await audit('OK');
  sendJson(res, 200, { payloads: result.map(payloadToJSON) }, { ...NO_STORE, ...cors });
}

async function signIn(
  services: ApiServices,
  options: CodecEndpointOptions,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const { principal, refusal } = key
    ? await callerOf(services, req)
    : {
        principal: null,
        refusal: new DomainError('UNAUTHENTICATED', 'Send an ADMIN key as `Authorization: Bearer <key>`'),
      };
  if (refusal || !principal)
    return refuse(
      res,
      refusal ? refusalStatus(refusal) : 401,
      refusal?.code ?? 'UNAUTHENTICATED',
      refusal?.message ?? '',
    );
  res.writeHead(204, {
    'set-cookie': codecSessionCookie(codecSessionToken(principal, hashApiKey(key!)), options.secureCookies),
    'cache-control': 'no-store',
  });
  res.end();
}
