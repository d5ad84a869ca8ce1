// The keys that encrypt what Temporal stores for us (platform/encryption/encryption-codec.ts). Written as
// `id:base64,id:base64`: the first key encrypts new payloads, every key listed decrypts, so a key is
// rotated by putting a new one first and keeping the old ones until nothing encrypted with them is
// needed any more (README, "Personal data in Temporal").
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface PayloadKey {
  /** Stored in each payload's metadata, so a payload names the key that opens it. Not secret. */
  id: string;
  /** 32 bytes: AES-256. */
  key: Buffer;
}

export const PAYLOAD_KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The keys in `spec` (`id:base64,…`, first = current), or every problem found, each in one sentence. */
export function parsePayloadKeys(spec: string): { keys: PayloadKey[]; problems: string[] } {
  const keys: PayloadKey[] = [];
  const problems: string[] = [];
  const entries = spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) problems.push('lists no key; write `id:base64,…` (first = current)');
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const material = colon > 0 ? entry.slice(colon + 1).trim() : '';
    const where = `key ${i + 1}${KEY_ID.test(id) ? ` ("${id}")` : ''}`;
    if (!KEY_ID.test(id)) {
      problems.push(`${where}: must be \`id:base64\`, the id of 1 to 64 letters, digits, '.', '_' or '-'`);
      return;
    }
    if (keys.some((k) => k.id === id)) {
      problems.push(`${where}: the id is listed twice; each key needs its own id`);
      return;
    }
    const key = BASE64.test(material) ? Buffer.from(material, 'base64') : Buffer.alloc(0);
    if (key.length !== PAYLOAD_KEY_BYTES) {
      // The material itself is never quoted: a message may end up in a log.
      problems.push(
        `${where}: is ${BASE64.test(material) ? `${key.length} bytes` : 'not base64'}; each key must be ${PAYLOAD_KEY_BYTES} random bytes in base64 (\`openssl rand -base64 32\`)`,
      );
      return;
    }
    keys.push({ id, key });
  });
  return { keys: problems.length ? [] : keys, problems };
}

export const formatPayloadKeys = (keys: readonly PayloadKey[]) =>
  keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');

export const DEV_PAYLOAD_KEY_FILE = 'dev-payload-key';

/**
 * Development only: a random key made once in the data directory (git-ignored) and reused, so the
 * dossiers of an `npm start` system stay readable across restarts. Its id carries a random suffix, so
 * a process holding another machine's dev key says which key it lacks instead of failing obscurely.
 */
export function devPayloadKeys(dataDir: string): PayloadKey[] {
  const file = path.join(dataDir, DEV_PAYLOAD_KEY_FILE);
  let spec: string;
  try {
    spec = readFileSync(file, 'utf8');
  } catch {
    spec = `dev-${randomBytes(4).toString('hex')}:${randomBytes(PAYLOAD_KEY_BYTES).toString('base64')}`;
    try {
      mkdirSync(dataDir, { recursive: true });
      // `wx`: when two processes start at once, the first file wins and both use it.
      writeFileSync(file, `${spec}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      spec = readFileSync(file, 'utf8');
    }
  }
  const { keys, problems } = parsePayloadKeys(spec);
  if (problems.length)
    throw new Error(
      `${file}: ${problems.join('; ')} (restore it; a new key cannot read what the old one encrypted)`,
    );
  return keys;
}
