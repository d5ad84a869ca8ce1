// The `api_key` table: what stands behind `Authorization: Bearer <key>` and the codec's session
// cookie. services/access/api-keys.ts generates and hashes keys and decides; this only stores and
// finds rows. Administration (create, revoke, the bootstrap key) goes through Prisma. The two
// lookups that every authenticated request or codec call pays for are prepared statements on the
// unique hash and the primary key: through the ORM, authentication was a third of a read's cost.
import type { ApiKey } from '../generated/client/client';
import type { Role } from '../generated/client/enums';
import type { PrismaClient } from '../database';
import type { SqlExecutor } from '../sql-executor';

/** What authenticating a key or a codec session needs of its row. */
export interface StoredApiKey {
  id: string;
  hash: string;
  role: Role;
  agencyCode: string | null;
  label: string | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const STORED_API_KEY = `SELECT id, hash, role, agency_code AS "agencyCode", label, revoked_at AS "revokedAt", last_used_at AS "lastUsedAt" FROM api_key`;

/** The key whose SHA-256 is `hash` (authentication, on every request that carries a key). */
export async function apiKeyByHash(sql: SqlExecutor, hash: string): Promise<StoredApiKey | undefined> {
  const [row] = await sql.query<StoredApiKey>(`${STORED_API_KEY} WHERE hash = $1`, [hash], {
    prepareAs: 'authenticate_api_key',
  });
  return row;
}

/** The key a codec session names (checked on every use of the cookie). */
export async function apiKeyById(sql: SqlExecutor, id: string): Promise<StoredApiKey | undefined> {
  const [row] = await sql.query<StoredApiKey>(`${STORED_API_KEY} WHERE id = $1`, [id], {
    prepareAs: 'codec_session_api_key',
  });
  return row;
}

/** How stale a key's last use may be before it is written again: at most one write a minute per key. */
export const LAST_USE_RESOLUTION_MS = 60_000;

/**
 * Records that the key authenticated a request now. The condition repeats the caller's staleness
 * check in the database, so several API processes together still write a key at most once a minute.
 */
export async function recordApiKeyUse(sql: SqlExecutor, id: string): Promise<void> {
  await sql.query(
    `UPDATE api_key SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2))`,
    [id, LAST_USE_RESOLUTION_MS / 1000],
    { prepareAs: 'record_api_key_use' },
  );
}

export type NewApiKeyRow = Pick<ApiKey, 'id' | 'prefix' | 'hash' | 'role'> &
  Partial<Pick<ApiKey, 'agencyCode' | 'label' | 'createdBy'>>;

export function insertApiKey(prisma: PrismaClient, row: NewApiKeyRow): Promise<ApiKey> {
  return prisma.apiKey.create({ data: row });
}

export function findApiKey(prisma: PrismaClient, id: string): Promise<ApiKey | null> {
  return prisma.apiKey.findUnique({ where: { id } });
}

export function markApiKeyRevoked(
  prisma: PrismaClient,
  id: string,
  at: Date,
  by: string | null,
): Promise<ApiKey> {
  return prisma.apiKey.update({ where: { id }, data: { revokedAt: at, revokedBy: by } });
}

/**
 * Inserts the row unless a key with its hash exists (safe from several starting processes at once),
 * then answers the stored row, whichever it is, and whether this call inserted it.
 */
export async function insertApiKeyUnlessStored(
  prisma: PrismaClient,
  row: NewApiKeyRow,
): Promise<{ row: ApiKey; inserted: boolean }> {
  const { count } = await prisma.apiKey.createMany({ data: [row], skipDuplicates: true });
  return { row: await prisma.apiKey.findUniqueOrThrow({ where: { hash: row.hash } }), inserted: count === 1 };
}
