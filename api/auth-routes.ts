// People sign in and out over three plain JSON routes beside /graphql (the console calls them):
//   POST /auth/sign-in   {username, password} → 200 {person, csrfToken} + Set-Cookie lt_session
//   GET  /auth/session   → 200 {person, csrfToken} | 401 UNAUTHENTICATED
//   POST /auth/sign-out  (x-csrf-token) → 204, the cookie cleared and the session deleted
// Errors are `{ "error": { "code", "message" } }` (RATE_LIMITED adds `retryAfterSeconds` and a
// Retry-After header). Sign-in takes `application/json` only and refuses a foreign Origin: a form on
// another site can send neither, so nobody can be signed in to someone else's account behind their
// back. No CORS headers: other origins cannot read these answers. Nothing here is cached.
// Every sign-in and sign-out leaves an audit row (graphql/plugins/audit.ts records the mutations).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '../domain/errors';
import type { Principal } from '../domain/principal';
import { currentRequestScope, logger as processLogger } from '../platform/logger';
import { parseJson, readBody, sendError, sendJson } from '../platform/http';
import { insertAuditEvent, type AuditOutcome } from '../prisma/read-model/audit';
import {
  clearedSessionCookie,
  cookieValue,
  csrfMatches,
  csrfTokenOf,
  CSRF_HEADER,
  principalOfAccount,
  sessionAccount,
  sessionCookie,
  SESSION_COOKIE,
  signedInPerson,
  signIn,
  signOut,
} from '../services/access/sessions';
import { clientIpOf, trustedProxies } from '../services/access/client-address';
import type { ApiServices } from '../services/create-services';

export const AUTH_PATH = '/auth';
const MAX_BODY_BYTES = 8 * 1024;
const NO_STORE = { 'cache-control': 'no-store' };

export const isAuthPath = (path: string | undefined) =>
  path === AUTH_PATH || !!path?.startsWith(`${AUTH_PATH}/`);

const refuse = (res: ServerResponse, status: number, code: string, message: string, headers = {}) =>
  sendError(res, status, code, message, { ...NO_STORE, ...headers });

/** A browser's Origin, when sent, must be this server's own. */
function foreignOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  return origin !== `http://${req.headers.host}` && origin !== `https://${req.headers.host}`;
}

async function audit(
  services: ApiServices,
  action: 'signIn' | 'signOut',
  outcome: AuditOutcome,
  principal: Principal | null,
  target: string | null,
  errorCode?: string,
): Promise<void> {
  const scope = currentRequestScope();
  try {
    await insertAuditEvent(services.sql, {
      principal,
      action,
      target,
      requestId: scope?.requestId ?? 'unknown',
      outcome,
      errorCode,
    });
  } catch (err) {
    (scope?.log ?? processLogger).error({ err, action, outcome }, 'audit event not recorded');
  }
}

async function handleSignIn(services: ApiServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return refuse(res, 415, 'VALIDATION_FAILED', 'Send {"username", "password"} as application/json');
  }
  if (foreignOrigin(req)) return refuse(res, 403, 'CSRF_REJECTED', 'Sign in from this server’s own pages');
  const raw = await readBody(req, MAX_BODY_BYTES);
  if (raw === undefined) return refuse(res, 413, 'VALIDATION_FAILED', `At most ${MAX_BODY_BYTES} bytes`);
  const body = parseJson(raw) as { username?: unknown; password?: unknown } | undefined;
  if (typeof body?.username !== 'string' || typeof body.password !== 'string') {
    return refuse(res, 400, 'VALIDATION_FAILED', 'Send {"username": string, "password": string}');
  }
  const clientIp = clientIpOf(
    req.headers['x-forwarded-for'] as string | undefined,
    req.socket.remoteAddress,
    trustedProxies(),
  );
  const target = /^[a-z0-9._-]{1,64}$/.test(body.username.trim().toLowerCase())
    ? body.username.trim().toLowerCase()
    : null;
  try {
    const session = await signIn(
      { sql: services.sql, throttle: services.signInThrottle, settings: services.sessions },
      { username: body.username, password: body.password, clientIp },
    );
    await audit(services, 'signIn', 'OK', session.principal, target);
    sendJson(
      res,
      200,
      { person: session.person, csrfToken: session.csrfToken },
      {
        ...NO_STORE,
        'set-cookie': sessionCookie(session.token, services.sessions),
      },
    );
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    await audit(services, 'signIn', 'REFUSED', null, target, err.code);
    if (err.code === 'RATE_LIMITED') {
      const retryAfterSeconds = err.details?.retryAfterSeconds as number;
      return sendJson(
        res,
        429,
        { error: { code: err.code, message: err.message, retryAfterSeconds } },
        {
          ...NO_STORE,
          'retry-after': String(retryAfterSeconds),
        },
      );
    }
    return refuse(res, 401, err.code, err.message);
  }
}

async function handleSession(
  services: ApiServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
  const account = await sessionAccount(services.sql, services.sessions, token);
  if (!account || !token)
    return refuse(res, 401, 'UNAUTHENTICATED', 'Not signed in, or the session has expired');
  sendJson(res, 200, { person: signedInPerson(account), csrfToken: csrfTokenOf(token) }, NO_STORE);
}

async function handleSignOut(
  services: ApiServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
  const cleared = { ...NO_STORE, 'set-cookie': clearedSessionCookie(services.sessions) };
  if (token) {
    const presented = req.headers[CSRF_HEADER];
    if (!csrfMatches(token, typeof presented === 'string' ? presented : undefined)) {
      return refuse(res, 403, 'CSRF_REJECTED', `Sign-out needs the session's ${CSRF_HEADER} header`);
    }
    const account = await sessionAccount(services.sql, services.sessions, token);
    await signOut(services.sql, token);
    if (account) await audit(services, 'signOut', 'OK', principalOfAccount(account), account.username);
  }
  res.writeHead(204, cleared);
  res.end();
}

export async function handleAuthRequest(
  services: ApiServices,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const route = `${req.method} ${new URL(req.url ?? '/', 'http://auth').pathname}`;
  try {
    switch (route) {
      case 'POST /auth/sign-in':
        return await handleSignIn(services, req, res);
      case 'GET /auth/session':
        return await handleSession(services, req, res);
      case 'POST /auth/sign-out':
        return await handleSignOut(services, req, res);
      default:
        return refuse(res, 404, 'NOT_FOUND', 'POST /auth/sign-in, GET /auth/session, POST /auth/sign-out');
    }
  } catch (err) {
    const scope = currentRequestScope();
    (scope?.log ?? processLogger).error({ err, route }, 'auth route failed');
    refuse(
      res,
      500,
      'INTERNAL_SERVER_ERROR',
      'Unexpected error',
      scope ? { 'x-request-id': scope.requestId } : {},
    );
  }
}
