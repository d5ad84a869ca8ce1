// The Temporal Web UI calls a codec server from the browser and cannot send our API keys: it only
// sends cookies ("Include cross-origin credentials" in its codec settings). So an operator signs in
// once at /codec/sign-in with an ADMIN key and gets a cookie that is good for the codec routes only
// (Path=/codec, HttpOnly, SameSite=Strict, 8 hours). The cookie is not the key: it names the key's id
// and an expiry, signed with the key's stored hash, so it is checked against the key's row on every
// use and dies with the key's revocation. The CLI sends the key itself (`--codec-auth`).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../domain/principal';
import { apiKeyById } from '../prisma/read-model/api-keys';
import type { SqlExecutor } from '../prisma/sql-executor';

export const CODEC_SESSION_COOKIE = 'lt_codec_session';
export const CODEC_SESSION_SECONDS = 8 * 3600;

const sign = (keyHash: string, body: string) =>
  createHmac('sha256', keyHash).update(body).digest('base64url');

/** A session token for `principal`, whose key's stored hash is `keyHash`. */
export function codecSessionToken(principal: Principal, keyHash: string, nowMs = Date.now()): string {
  const body = `v1.${principal.id}.${Math.floor(nowMs / 1000) + CODEC_SESSION_SECONDS}`;
  return `${body}.${sign(keyHash, body)}`;
}

export function codecSessionCookie(token: string, secure: boolean): string {
  const value = `${CODEC_SESSION_COOKIE}=${token}; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=${CODEC_SESSION_SECONDS}`;
  return secure ? `${value}; Secure` : value;
}

export const clearedCodecSessionCookie = `${CODEC_SESSION_COOKIE}=; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=0`;

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** The principal of a valid, unexpired session cookie whose key still exists and is not revoked; else null. */
export async function codecSessionPrincipal(
  sql: SqlExecutor,
  req: IncomingMessage,
  nowMs = Date.now(),
): Promise<Principal | null> {
  const token = cookieValue(req, CODEC_SESSION_COOKIE);
  const match = token ? /^(v1\.([0-9a-f-]{36})\.(\d{1,12}))\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
  if (!match) return null;
  const [, body, id, expires, mac] = match;
  if (Number(expires) * 1000 <= nowMs) return null;
  const row = await apiKeyById(sql, id);
  if (!row || row.revokedAt) return null;
  const expected = Buffer.from(sign(row.hash, body));
  if (!timingSafeEqual(expected, Buffer.from(mac))) return null;
  return { id, role: row.role };
}

// The sign-in page: no external resource, no input reflected; its script posts the key once and
// keeps nothing (the browser keeps the HttpOnly cookie).
const SCRIPT = `
const form = document.querySelector('form'), out = document.querySelector('output');
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const key = form.key.value.trim();
  form.key.value = '';
  const r = await fetch('session', { method: 'POST', headers: { authorization: 'Bearer ' + key } });
  out.textContent = r.ok ? 'Đã đăng nhập: Temporal Web UI giải mã được dữ liệu trong 8 giờ (signed in for 8 hours).'
    : r.status === 403 ? 'Khoá không phải khoá ADMIN (not an ADMIN key).' : 'Khoá không hợp lệ (invalid key).';
});
document.querySelector('#out').addEventListener('click', async () => {
  await fetch('session', { method: 'DELETE' });
  out.textContent = 'Đã đăng xuất (signed out).';
});`;
const STYLE =
  'body{font:16px system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}input{width:100%;padding:.4rem}';
const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const SIGN_IN_PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Giải mã dữ liệu Temporal</title><style>${STYLE}</style></head>
<body><h1>Giải mã dữ liệu Temporal</h1>
<p>Dữ liệu cá nhân trong Temporal được mã hoá. Nhập một khoá API ADMIN để Temporal Web UI của bạn giải mã được
(bật "Include cross-origin credentials" trong phần Codec Server của Web UI).</p>
<form><label>Khoá API ADMIN <input name="key" type="password" autocomplete="off" required></label>
<p><button>Đăng nhập</button> <button type="button" id="out">Đăng xuất</button></p></form>
<output></output><script>${SCRIPT}</script></body></html>`;

export const SIGN_IN_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${hash(SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
