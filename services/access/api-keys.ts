// API keys: how portals, agencies, supervisors and administrators prove who they are
// (`Authorization: Bearer <key>`). A key is `lt_<prefix>_<secret>`; the prefix is not secret (it
// names the key in listings and logs), the secret is. Only a hash of the whole key is stored, so a
// leaked database does not hand out working keys; the plain key is shown once, at creation.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { belongsToAgency } from '../../domain/accounts/account-rules';
import { DomainError } from '../../domain/errors';
import { ConfigError } from '../../platform/config';
import type { PrismaClient } from '../../prisma/database';
import {
  apiKeyByHash,
  findApiKey,
  insertApiKey,
  insertApiKeyUnlessStored,
  LAST_USE_RESOLUTION_MS,
  markApiKeyRevoked,
  recordApiKeyUse,
} from '../../prisma/read-model/api-keys';
import { agencyExists } from '../../prisma/read-model/catalog';
import type { SqlExecutor } from '../../prisma/sql-executor';
import type { Principal, Role } from '../../domain/principal';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX_LENGTH = 8;
/** 40 base62 characters ≈ 238 bits of randomness. */
const SECRET_LENGTH = 40;
const KEY_FORMAT = /^lt_([0-9A-Za-z]{8})_[0-9A-Za-z]{32,}$/;
/** Bootstrap keys are chosen by an operator, so they only need to be long; the same bounds apply to any bearer token. */
export const MIN_KEY_LENGTH = 24;
const MAX_KEY_LENGTH = 256;
const MAX_LABEL_LENGTH = 200;
export const BOOTSTRAP_LABEL = 'bootstrap (ADMIN_API_KEY)';

/** Uniform base62: bytes ≥ 248 (= 4 × 62) are dropped so that `% 62` has no bias. */
function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function generateApiKey(): { key: string; prefix: string } {
  const prefix = randomBase62(PREFIX_LENGTH);
  return { key: `lt_${prefix}_${randomBase62(SECRET_LENGTH)}`, prefix };
}

/**
 * SHA-256, hex, of the whole key. A fast unsalted hash is right here: the keys are ≥ 190 bits of
 * randomness, so there is nothing to brute-force or look up in a table, and a deterministic hash
 * lets authentication be one primary-key lookup per request. (Passwords would need a slow KDF.)
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What listings show for a key: its own prefix, or for an operator-chosen key a stand-in that reveals none of it. */
function displayPrefix(key: string, hash: string): string {
  return KEY_FORMAT.exec(key)?.[1] ?? hash.slice(0, PREFIX_LENGTH);
}

export interface NewApiKey {
  role: Role;
  agencyCode?: string | null;
  label?: string | null;
}

export async function createApiKey(prisma: PrismaClient, input: NewApiKey, createdBy?: string) {
  const agencyCode = input.agencyCode?.trim() || undefined;
  const label = input.label?.trim() || undefined;
  if (label && label.length > MAX_LABEL_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', `label: at most ${MAX_LABEL_LENGTH} characters`);
  }
  if (belongsToAgency(input.role)) {
    if (!agencyCode)
      throw new DomainError('VALIDATION_FAILED', `agencyCode: required for an ${input.role} key`);
    if (!(await agencyExists(prisma, agencyCode)))
      throw new DomainError('AGENCY_NOT_FOUND', `No agency ${agencyCode}`);
  } else if (agencyCode) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `agencyCode: only AGENCY and DESK keys belong to an agency, not ${input.role} keys`,
    );
  }
  const { key, prefix } = generateApiKey();
  const apiKey = await insertApiKey(prisma, {
    id: randomUUID(),
    prefix,
    hash: hashApiKey(key),
    role: input.role,
    agencyCode,
    label,
    createdBy,
  });
  return { key, apiKey };
}

/**
 * Revocation takes effect on the next request: `authenticate` reads the row every time. Revoking
 * twice keeps the first date and the first revoker.
 */
export async function revokeApiKey(prisma: PrismaClient, id: string, revokedBy?: string) {
  const existing = await findApiKey(prisma, id);
  if (!existing) throw new DomainError('NOT_FOUND', `No API key ${id}`);
  if (existing.revokedAt) return existing;
  return markApiKeyRevoked(prisma, id, new Date(), revokedBy ?? null);
}

const invalidKey = () => new DomainError('UNAUTHENTICATED', 'Invalid or revoked API key');

/**
 * The principal behind an `Authorization` header. No header: anonymous (null). A header that is
 * not a usable key is refused rather than treated as anonymous, so a caller with a mistyped or
 * revoked key learns it at once instead of getting puzzling FORBIDDEN answers. Deliberately no
 * cache: a revoked key must stop working on the very next request (one prepared statement on the
 * unique hash: prisma/read-model/api-keys.ts).
 */
export async function authenticate(
  sql: SqlExecutor,
  authorization: string | null | undefined,
): Promise<Principal | null> {
  if (authorization == null || authorization.trim() === '') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  const key = match?.[1];
  if (!key || key.length < MIN_KEY_LENGTH || key.length > MAX_KEY_LENGTH) throw invalidKey();
  const row = await apiKeyByHash(sql, hashApiKey(key));
  if (!row || row.revokedAt) throw invalidKey();
  // Administrators see when a key was last used (to find keys nobody uses any more); the row just
  // read says whether it is stale, so most requests write nothing.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USE_RESOLUTION_MS)
    await recordApiKeyUse(sql, row.id);
  return {
    id: row.id,
    role: row.role,
    ...(row.agencyCode ? { agencyCode: row.agencyCode } : {}),
    ...(row.label ? { label: row.label } : {}),
  };
}

/**
 * `ADMIN_API_KEY` makes a fresh install administrable: its hash is stored as an ADMIN key if not
 * there yet. Safe to run at every start and from several processes at once (ON CONFLICT DO
 * NOTHING). A bootstrap key an administrator has revoked stays revoked: restarting must not bring
 * back a key that was revoked because it leaked; set a new ADMIN_API_KEY instead.
 */
export async function ensureBootstrapAdminKey(
  prisma: PrismaClient,
  plainKey: string | undefined,
): Promise<{ id: string; created: boolean; revoked: boolean } | undefined> {
  if (plainKey === undefined || plainKey === '') return undefined;
  if (plainKey.length < MIN_KEY_LENGTH || plainKey.length > MAX_KEY_LENGTH || /\s/.test(plainKey)) {
    throw new ConfigError(
      `Invalid configuration:\n  ADMIN_API_KEY: must be ${MIN_KEY_LENGTH} to ${MAX_KEY_LENGTH} characters without spaces (a long random value, e.g. \`openssl rand -base64 32\`)`,
    );
  }
  const hash = hashApiKey(plainKey);
  const { row, inserted } = await insertApiKeyUnlessStored(prisma, {
    id: randomUUID(),
    prefix: displayPrefix(plainKey, hash),
    hash,
    role: 'ADMIN',
    label: BOOTSTRAP_LABEL,
    createdBy: 'ADMIN_API_KEY',
  });
  if (row.role !== 'ADMIN') {
    throw new ConfigError(
      `Invalid configuration:\n  ADMIN_API_KEY: is already stored as a ${row.role} key (${row.id}); choose another value`,
    );
  }
  if (row.revokedAt) {
    console.warn(
      `ADMIN_API_KEY was revoked on ${row.revokedAt.toISOString()} (key ${row.id}) and stays revoked: set a new value.`,
    );
  }
  return { id: row.id, created: inserted, revoked: row.revokedAt !== null };
}
