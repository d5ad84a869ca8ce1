// People's sessions: sign-in with a username and password, a random opaque token in an HttpOnly,
// SameSite=Strict cookie, and a CSRF token for every cookie-authenticated request.
//
// - The cookie's token is 256 random bits; the database keeps only its SHA-256 (like API keys: a
//   fast hash is right for a random secret), so a leaked table opens no session.
// - A session ends SESSION_ABSOLUTE_SECONDS after sign-in whatever happens, and earlier after
//   SESSION_IDLE_SECONDS without a request (each request slides that), at sign-out, when the account
//   is deactivated or its password reset.
// - The CSRF token is derived from the session token (a hash under another label), so it needs no
//   storage and no lookup to check, and cannot be computed from what the database holds. A browser
//   page reads it from the sign-in answer or GET /auth/session and sends it as `x-csrf-token`; a
//   forged cross-site request carries the cookie (if SameSite did not stop it already) but cannot
//   know the token.
// - Sign-in answers one INVALID_CREDENTIALS for an unknown username, a wrong password and a
//   deactivated account, after the same argon2 verification in each case, under the sign-in throttle.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  normalizeUsername,
  USERNAME_PATTERN,
  MAX_PASSWORD_LENGTH,
} from '../../domain/accounts/account-rules';
import { DomainError } from '../../domain/errors';
import type { Person, Principal } from '../../domain/principal';
import type { AppConfig } from '../../platform/config';
import {
  accountByUsername,
  deleteDeadSessions,
  deleteSession,
  insertSession,
  touchSession,
  type SessionAccount,
} from '../../prisma/read-model/accounts';
import type { SqlExecutor } from '../../prisma/sql-executor';
import { authenticate } from './api-keys';
import { passwordMatches, spendVerification } from './passwords';
import type { SignInThrottle } from './sign-in-throttle';

export const SESSION_COOKIE = 'lt_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionSettings {
  absoluteSeconds: number;
  idleSeconds: number;
  /** `Secure` on the cookie: the browser sends it over HTTPS only. */
  secureCookie: boolean;
}

export function sessionSettingsFromConfig(config: AppConfig): SessionSettings {
  return {
    absoluteSeconds: config.SESSION_ABSOLUTE_SECONDS,
    idleSeconds: config.SESSION_IDLE_SECONDS,
    secureCookie: config.SESSION_COOKIE_SECURE ?? config.NODE_ENV === 'production',
  };
}

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export const hashSessionToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export const csrfTokenOf = (token: string) =>
  createHash('sha256').update(`lien-thong csrf\0${token}`, 'utf8').digest('base64url');

/** Whether `presented` is the CSRF token of the session `token`, compared in constant time. */
export function csrfMatches(token: string, presented: string | null | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenOf(token));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The value of cookie `name` in a `Cookie` header. */
export function cookieValue(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** No Max-Age: the cookie ends with the browser (a shared counter computer forgets it); the server enforces expiry. */
export function sessionCookie(token: string, settings: SessionSettings): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${settings.secureCookie ? '; Secure' : ''}`;
}

export function clearedSessionCookie(settings: SessionSettings): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${settings.secureCookie ? '; Secure' : ''}`;
}

export interface SignedInPerson extends Person {
  role: Principal['role'];
  agencyCode: string | null;
}

export interface SignIn {
  person: SignedInPerson;
  principal: Principal;
  token: string;
  csrfToken: string;
}

export interface SignInDeps {
  sql: SqlExecutor;
  throttle: SignInThrottle;
  settings: SessionSettings;
}

export const signedInPerson = (account: SessionAccount): SignedInPerson => ({
  username: account.username,
  name: account.name,
  title: account.title,
  role: account.role,
  agencyCode: account.agencyCode,
});

export const principalOfAccount = (account: SessionAccount): Principal => ({
  id: account.id,
  role: account.role,
  ...(account.agencyCode ? { agencyCode: account.agencyCode } : {}),
  person: { username: account.username, name: account.name, title: account.title },
});

const invalidCredentials = () => new DomainError('INVALID_CREDENTIALS', 'Wrong username or password');

/** Checks the credentials under the throttle and opens a session; INVALID_CREDENTIALS or RATE_LIMITED otherwise. */
export async function signIn(
  deps: SignInDeps,
  credentials: { username: string; password: string; clientIp: string },
  now = new Date(),
): Promise<SignIn> {
  const username = normalizeUsername(credentials.username);
  const decision = await deps.throttle.check(username, credentials.clientIp);
  if (!decision.allowed) {
    throw new DomainError(
      'RATE_LIMITED',
      `Too many failed sign-ins; try again in ${decision.retryAfterSeconds} s`,
      {
        retryAfterSeconds: decision.retryAfterSeconds,
      },
    );
  }
  const password = credentials.password.slice(0, MAX_PASSWORD_LENGTH * 4);
  const account = USERNAME_PATTERN.test(username) ? await accountByUsername(deps.sql, username) : undefined;
  // The same argon2 work whether or not the account exists (and whether or not it is active).
  const matches = account
    ? await passwordMatches(account.passwordHash, password)
    : await spendVerification(password);
  if (!account || !matches || !account.active) {
    await deps.throttle.recordFailure(username, credentials.clientIp);
    throw invalidCredentials();
  }
  await deps.throttle.recordSuccess(username);
  await deleteDeadSessions(deps.sql, account.id, now, deps.settings.idleSeconds);
  const token = newSessionToken();
  await insertSession(deps.sql, {
    tokenHash: hashSessionToken(token),
    accountId: account.id,
    now,
    expiresAt: new Date(now.getTime() + deps.settings.absoluteSeconds * 1000),
  });
  return {
    person: signedInPerson(account),
    principal: principalOfAccount(account),
    token,
    csrfToken: csrfTokenOf(token),
  };
}

/** The live session's account (its idle expiry slid to `now`), or undefined for an unknown, expired or malformed token. */
export async function sessionAccount(
  sql: SqlExecutor,
  settings: SessionSettings,
  token: string | undefined,
  now = new Date(),
): Promise<SessionAccount | undefined> {
  if (!token || !TOKEN_FORMAT.test(token)) return undefined;
  return touchSession(sql, hashSessionToken(token), now, settings.idleSeconds);
}

export async function signOut(sql: SqlExecutor, token: string | undefined): Promise<void> {
  if (token && TOKEN_FORMAT.test(token)) await deleteSession(sql, hashSessionToken(token));
}

/** What a request presents to prove who it is. */
export interface Credentials {
  authorization: string | null | undefined;
  cookie: string | null | undefined;
  csrfToken: string | null | undefined;
}

/**
 * The caller of a GraphQL request: an API key (`Authorization: Bearer`) wins; else the session
 * cookie, which must come with the session's CSRF token (CSRF_REJECTED, checked before any lookup)
 * and name a live session (UNAUTHENTICATED: expired or signed out, so the console can say so);
 * neither: anonymous (null).
 */
export async function authenticateCaller(
  sql: SqlExecutor,
  settings: SessionSettings,
  credentials: Credentials,
): Promise<Principal | null> {
  return identify(sql, settings, credentials, (token) => {
    if (!csrfMatches(token, credentials.csrfToken)) {
      throw new DomainError(
        'CSRF_REJECTED',
        `A request signed in by cookie must carry the session's ${CSRF_HEADER} header (from POST /auth/sign-in or GET /auth/session)`,
      );
    }
  });
}

/**
 * The caller of a read-only GET (the printed forms): as `authenticateCaller` but WITHOUT the CSRF
 * token. A link the console opens in a new tab cannot carry a header, and nothing here changes
 * state; a cross-site page cannot borrow the cookie either, as it is SameSite=Strict.
 */
export async function authenticateReader(
  sql: SqlExecutor,
  settings: SessionSettings,
  credentials: Omit<Credentials, 'csrfToken'>,
): Promise<Principal | null> {
  return identify(sql, settings, credentials, () => undefined);
}

async function identify(
  sql: SqlExecutor,
  settings: SessionSettings,
  credentials: Omit<Credentials, 'csrfToken'>,
  checkCookieRequest: (token: string) => void,
): Promise<Principal | null> {
  if (credentials.authorization != null && credentials.authorization.trim() !== '') {
    return authenticate(sql, credentials.authorization);
  }
  const token = cookieValue(credentials.cookie, SESSION_COOKIE);
  if (token === undefined || token === '') return null;
  checkCookieRequest(token);
  const account = await sessionAccount(sql, settings, token);
  if (!account)
    throw new DomainError('UNAUTHENTICATED', 'The session has expired or was signed out: sign in again');
  return principalOfAccount(account);
}
