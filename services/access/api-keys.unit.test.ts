import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/errors';
import type { PrismaClient } from '../../prisma/database';
import type { SqlExecutor } from '../../prisma/sql-executor';
import {
  authenticate,
  createApiKey,
  ensureBootstrapAdminKey,
  generateApiKey,
  hashApiKey,
  revokeApiKey,
} from './api-keys';

interface Row {
  id: string;
  prefix: string;
  hash: string;
  role: string;
  agencyCode?: string | null;
  label?: string | null;
  createdAt: Date;
  createdBy?: string | null;
  revokedAt: Date | null;
}

/** Just enough of Prisma for api-keys.ts: the api_key table in memory and two agencies. */
function fakePrisma() {
  const rows: Row[] = [];
  const find = (where: Partial<Row>) =>
    rows.find((r) => (where.id ? r.id === where.id : r.hash === where.hash)) ?? null;
  const insert = (data: Omit<Row, 'createdAt' | 'revokedAt'>) => {
    const row = { ...data, createdAt: new Date(), revokedAt: null };
    rows.push(row);
    return row;
  };
  const prisma = {
    agency: {
      findUnique: async ({ where }: any) =>
        ['CCT_AN_PHU', 'UBND_H_AN_PHU'].includes(where.code) ? { code: where.code } : null,
    },
    apiKey: {
      create: async ({ data }: any) => insert(data),
      createMany: async ({ data }: any) => {
        const fresh = data.filter((d: Row) => !find({ hash: d.hash }));
        fresh.forEach(insert);
        return { count: fresh.length };
      },
      findUnique: async ({ where }: any) => find(where),
      findUniqueOrThrow: async ({ where }: any) => find(where) ?? Promise.reject(new Error('not found')),
      update: async ({ where, data }: any) => Object.assign(find(where)!, data),
    },
  };
  // authenticate's lookup by hash, as the api_key table answers it.
  const sql = {
    query: async (_text: string, [hash]: unknown[]) =>
      rows
        .filter((r) => r.hash === hash)
        .map((r) => ({
          id: r.id,
          role: r.role,
          agencyCode: r.agencyCode ?? null,
          label: r.label ?? null,
          revokedAt: r.revokedAt,
        })),
  };
  return { rows, prisma: prisma as unknown as PrismaClient, sql: sql as unknown as SqlExecutor };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (err) => (err instanceof DomainError ? err.code : err.name),
  );

test('a key is lt_<8-char prefix>_<40-char secret>, base62, different every time', () => {
  const keys = Array.from({ length: 200 }, () => generateApiKey());
  for (const { key, prefix } of keys) {
    expect(key).toMatch(/^lt_[0-9A-Za-z]{8}_[0-9A-Za-z]{40}$/);
    expect(key.slice(3, 11)).toBe(prefix);
  }
  expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
});

test('the stored hash is the SHA-256 hex of the whole key', () => {
  const key = 'lt_AbCdEfGh_0123456789abcdefghijABCDEFGHIJ0123456789';
  expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
  expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
});

test('createApiKey returns the plain key once and stores only its hash', async () => {
  const { rows, prisma } = fakePrisma();
  const { key, apiKey } = await createApiKey(
    prisma,
    { role: 'AGENCY', agencyCode: 'CCT_AN_PHU', label: ' Chi cục Thuế ' },
    'admin-1',
  );
  expect(apiKey).toMatchObject({
    role: 'AGENCY',
    agencyCode: 'CCT_AN_PHU',
    label: 'Chi cục Thuế',
    createdBy: 'admin-1',
  });
  expect(apiKey.hash).toBe(hashApiKey(key));
  expect(apiKey.prefix).toBe(key.slice(3, 11));
  // No stored value contains the secret part of the key.
  const secret = key.slice(12);
  for (const value of Object.values(rows[0])) expect(String(value)).not.toContain(secret);
});

test('only AGENCY keys have an agency, and it must exist', async () => {
  const { prisma } = fakePrisma();
  expect(await codeOf(createApiKey(prisma, { role: 'AGENCY' }))).toBe('VALIDATION_FAILED');
  expect(await codeOf(createApiKey(prisma, { role: 'AGENCY', agencyCode: 'NO_SUCH' }))).toBe(
    'AGENCY_NOT_FOUND',
  );
  expect(await codeOf(createApiKey(prisma, { role: 'PORTAL', agencyCode: 'CCT_AN_PHU' }))).toBe(
    'VALIDATION_FAILED',
  );
  expect(await codeOf(createApiKey(prisma, { role: 'PORTAL', label: 'x'.repeat(201) }))).toBe(
    'VALIDATION_FAILED',
  );
  expect(await codeOf(createApiKey(prisma, { role: 'SUPERVISOR', agencyCode: '' }))).toBe('resolved');
});

test('authenticate: no header is anonymous; a bad, unknown or revoked key is refused', async () => {
  const { prisma, sql } = fakePrisma();
  const { key, apiKey } = await createApiKey(prisma, { role: 'PORTAL', label: 'Cổng DVC' });
  expect(await authenticate(sql, null)).toBeNull();
  expect(await authenticate(sql, '')).toBeNull();
  expect(await authenticate(sql, `Bearer ${key}`)).toEqual({
    id: apiKey.id,
    role: 'PORTAL',
    label: 'Cổng DVC',
  });
  expect(await authenticate(sql, `bearer  ${key} `)).toMatchObject({ id: apiKey.id });
  for (const header of [
    key,
    `Basic ${key}`,
    'Bearer',
    'Bearer short',
    `Bearer ${key}x`,
    `Bearer ${key} extra`,
  ]) {
    expect(await codeOf(authenticate(sql, header))).toBe('UNAUTHENTICATED');
  }
  await revokeApiKey(prisma, apiKey.id);
  expect(await codeOf(authenticate(sql, `Bearer ${key}`))).toBe('UNAUTHENTICATED');
});

test('revokeApiKey: unknown id is NOT_FOUND; revoking twice keeps the first date', async () => {
  const { prisma } = fakePrisma();
  expect(await codeOf(revokeApiKey(prisma, 'nope'))).toBe('NOT_FOUND');
  const { apiKey } = await createApiKey(prisma, { role: 'ADMIN' });
  const first = await revokeApiKey(prisma, apiKey.id);
  expect(first.revokedAt).toBeInstanceOf(Date);
  const again = await revokeApiKey(prisma, apiKey.id);
  expect(again.revokedAt).toBe(first.revokedAt);
});

test('ensureBootstrapAdminKey stores the hash of ADMIN_API_KEY once, as an ADMIN key', async () => {
  const { rows, prisma, sql } = fakePrisma();
  const plain = 'operator-chosen-admin-key-0123456789';
  expect(await ensureBootstrapAdminKey(prisma, undefined)).toBeUndefined();
  expect(await ensureBootstrapAdminKey(prisma, plain)).toMatchObject({ created: true, revoked: false });
  expect(await ensureBootstrapAdminKey(prisma, plain)).toMatchObject({ created: false });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    role: 'ADMIN',
    label: 'bootstrap (ADMIN_API_KEY)',
    hash: hashApiKey(plain),
  });
  // An operator-chosen key is not lt_-shaped; its listing prefix reveals none of it.
  expect(plain).not.toContain(rows[0].prefix);
  expect(JSON.stringify(rows)).not.toContain(plain);
  expect(await authenticate(sql, `Bearer ${plain}`)).toMatchObject({ role: 'ADMIN' });
});

test('a short ADMIN_API_KEY is a configuration error', async () => {
  const { prisma } = fakePrisma();
  await expect(ensureBootstrapAdminKey(prisma, 'too-short')).rejects.toThrow(/ADMIN_API_KEY: must be 24/);
  expect(await codeOf(ensureBootstrapAdminKey(prisma, 'too-short'))).toBe('ConfigError');
});
