/**
 * Request and callback signing between the engine and agency systems.
 *
 * Signature = `sha256=` + hex HMAC-SHA256 over `${timestamp}.${rawBody}` with the agency's shared
 * secret. Binding the timestamp into the MAC and bounding its skew stops a captured request from being
 * replayed later; signing the raw bytes (not re-serialised JSON) keeps both sides byte-exact.
 * The engine reuses these functions to sign work items and to verify callbacks.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DEFAULT_MAX_SKEW_MS, HEADER_SIGNATURE, HEADER_TIMESTAMP, SIGNATURE_SCHEME } from './protocol';

const SIGNATURE_PATTERN = /^sha256=([0-9a-f]{64})$/i;
const TIMESTAMP_PATTERN = /^\d{1,16}$/;

/** Returns the full header value `sha256=<hex>` for `${timestamp}.${rawBody}`. */
export function signPayload(secret: string, timestamp: string | number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`, 'utf8');
  mac.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody);
  return SIGNATURE_SCHEME + mac.digest('hex');
}

/**
 * True when `header` is a valid signature of `rawBody` at `timestamp` and the timestamp lies within
 * `maxSkewMs` of `now` (either direction: clocks drift both ways). Missing or malformed inputs are false.
 */
export function verifySignature(
  secret: string,
  timestamp: string | number | undefined,
  rawBody: string | Buffer,
  header: string | undefined,
  now: number = Date.now(),
  maxSkewMs: number = DEFAULT_MAX_SKEW_MS,
): boolean {
  if (timestamp === undefined || header === undefined) return false;
  const ts = String(timestamp);
  if (!TIMESTAMP_PATTERN.test(ts)) return false;
  if (Math.abs(now - Number(ts)) > maxSkewMs) return false;
  const given = SIGNATURE_PATTERN.exec(header.trim());
  if (!given) return false;
  const expected = Buffer.from(signPayload(secret, ts, rawBody).slice(SIGNATURE_SCHEME.length), 'hex');
  // Both buffers are 32 bytes here (the pattern fixes the length), so the compare is constant-time.
  return timingSafeEqual(expected, Buffer.from(given[1], 'hex'));
}

/** Headers to send with a signed body: timestamp and signature (content type included for convenience). */
export function signedHeaders(
  secret: string,
  rawBody: string | Buffer,
  now: number = Date.now(),
): Record<string, string> {
  const timestamp = String(now);
  return {
    'Content-Type': 'application/json',
    [HEADER_TIMESTAMP]: timestamp,
    [HEADER_SIGNATURE]: signPayload(secret, timestamp, rawBody),
  };
}
