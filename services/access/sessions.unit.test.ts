import { createHash } from 'node:crypto';
import {
  clearedSessionCookie,
  cookieValue,
  csrfMatches,
  csrfTokenOf,
  hashSessionToken,
  newSessionToken,
  sessionCookie,
  sessionSettingsFromConfig,
} from './sessions';
import { loadConfig } from '../../platform/config';

const settings = { absoluteSeconds: 60, idleSeconds: 30, secureCookie: false };

describe('session tokens', () => {
  test('256 random bits in base64url; a new one each time', () => {
    const tokens = new Set(Array.from({ length: 100 }, newSessionToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
  test('stored as their SHA-256; the CSRF token is neither the token nor its stored hash', () => {
    const token = newSessionToken();
    expect(hashSessionToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
    const csrf = csrfTokenOf(token);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrf).not.toBe(token);
    expect(Buffer.from(csrf, 'base64url').toString('hex')).not.toBe(hashSessionToken(token));
    expect(csrfTokenOf(token)).toBe(csrf);
  });
  test('the CSRF check accepts only the session’s own token', () => {
    const token = newSessionToken();
    expect(csrfMatches(token, csrfTokenOf(token))).toBe(true);
    expect(csrfMatches(token, csrfTokenOf(newSessionToken()))).toBe(false);
    expect(csrfMatches(token, undefined)).toBe(false);
    expect(csrfMatches(token, '')).toBe(false);
    expect(csrfMatches(token, `${csrfTokenOf(token)}x`)).toBe(false);
  });
});

describe('the cookie', () => {
  test('HttpOnly, SameSite=Strict, the whole site, and Secure only when configured', () => {
    expect(sessionCookie('T', settings)).toBe('lt_session=T; Path=/; HttpOnly; SameSite=Strict');
    expect(sessionCookie('T', { ...settings, secureCookie: true })).toBe(
      'lt_session=T; Path=/; HttpOnly; SameSite=Strict; Secure',
    );
    expect(clearedSessionCookie(settings)).toBe('lt_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  });
  test('is read from a Cookie header among others', () => {
    expect(cookieValue('a=1; lt_session=abc; lt_codec_session=x', 'lt_session')).toBe('abc');
    expect(cookieValue('xlt_session=abc', 'lt_session')).toBeUndefined();
    expect(cookieValue(undefined, 'lt_session')).toBeUndefined();
  });
});

describe('settings', () => {
  test('8 hours absolute, 30 minutes idle; Secure by default in production only', () => {
    expect(sessionSettingsFromConfig(loadConfig({}))).toEqual({
      absoluteSeconds: 28_800,
      idleSeconds: 1_800,
      secureCookie: false,
    });
    expect(sessionSettingsFromConfig(loadConfig({ NODE_ENV: 'production' })).secureCookie).toBe(true);
    expect(
      sessionSettingsFromConfig(loadConfig({ NODE_ENV: 'production', SESSION_COOKIE_SECURE: 'false' }))
        .secureCookie,
    ).toBe(false);
  });
});
