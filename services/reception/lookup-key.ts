// The lookup key printed on the receipt lets the applicant (anonymous) track the dossier. It is
// derived from the receipt code with a server secret, so an idempotent replay of a submission can
// hand back the same key while the database keeps only its hash.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// No 0/O, 1/I/L: the key is read off paper and typed by people.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const LENGTH = 10;

export function deriveLookupKey(secret: string, dossierCode: string): string {
  const mac = createHmac('sha256', secret).update(dossierCode).digest();
  let key = '';
  for (let i = 0; i < LENGTH; i++) key += ALPHABET[mac[i] % ALPHABET.length];
  return key;
}

export function hashLookupKey(lookupKey: string): string {
  return createHash('sha256').update(lookupKey.trim().toUpperCase()).digest('hex');
}

export function lookupKeyMatches(lookupKey: string, storedHash: string): boolean {
  const given = Buffer.from(hashLookupKey(lookupKey), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
