// API keys over real HTTP against real PostgreSQL: the bootstrap admin key, keys created and
// revoked through GraphQL, only hashes at rest, and the FORBIDDEN / UNAUTHENTICATED answers.
import { randomUUID } from 'node:crypto';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      key
      apiKey {
        id
        prefix
        role
        agencyCode
        label
        createdAt
        createdBy
        revokedAt
      }
    }
  }
`;
const REVOKE = /* GraphQL */ `
  mutation Revoke($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
      revokedBy
    }
  }
`;
const ME = /* GraphQL */ `
  query {
    me {
      id
      role
      agencyCode
      label
    }
  }
`;
const API_KEYS = /* GraphQL */ `
  query {
    apiKeys {
      id
      prefix
      role
      agencyCode
      label
      revokedAt
    }
  }
`;
const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitDossierInput!) {
    submitDossier(input: $input) {
      dossier {
        code
      }
    }
  }
`;
const DOSSIER = /* GraphQL */ `
  query Dossier($code: String!) {
    dossier(code: $code) {
      code
      status
    }
  }
`;

let engine: EngineHarness;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const codeOf = (result: { errors?: any[] }) => result.errors?.[0]?.extensions?.code;

async function createKey(input: Record<string, unknown>): Promise<{ key: string; apiKey: any }> {
  const created = await engine.graphql(CREATE, { input }, engine.adminKey);
  expect(created.errors).toBeUndefined();
  return created.data.createApiKey;
}

test('the bootstrap admin key authenticates as ADMIN', async () => {
  const me = await engine.graphql(ME, {}, engine.adminKey);
  expect(me.errors).toBeUndefined();
  expect(me.data.me).toMatchObject({ role: 'ADMIN', agencyCode: null, label: 'bootstrap (ADMIN_API_KEY)' });
  const anonymous = await engine.graphql(ME);
  expect(anonymous).toEqual({ data: { me: null } });
});

test('an admin creates AGENCY and PORTAL keys; the plain key is shown once and only its hash is stored', async () => {
  const agency = await createKey({ role: 'AGENCY', agencyCode: 'CCT_AN_PHU', label: 'Chi cục Thuế An Phú' });
  const portal = await createKey({ role: 'PORTAL', label: 'Cổng DVC tỉnh' });
  expect(agency.key).toMatch(/^lt_[0-9A-Za-z]{8}_[0-9A-Za-z]{32,}$/);
  expect(agency.apiKey).toMatchObject({
    role: 'AGENCY',
    agencyCode: 'CCT_AN_PHU',
    prefix: agency.key.slice(3, 11),
    revokedAt: null,
  });
  expect(agency.apiKey.createdBy).toBe((await engine.graphql(ME, {}, engine.adminKey)).data.me.id);

  expect((await engine.graphql(ME, {}, agency.key)).data.me).toMatchObject({
    role: 'AGENCY',
    agencyCode: 'CCT_AN_PHU',
  });
  expect((await engine.graphql(ME, {}, portal.key)).data.me).toMatchObject({
    role: 'PORTAL',
    agencyCode: null,
  });

  // At rest: no column of any key row holds (or contains) a plain key.
  const rows = await engine.db.prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM api_key`;
  const stored = rows.flatMap((row) => Object.values(row).map((v) => String(v)));
  for (const plain of [agency.key, portal.key, engine.adminKey]) {
    expect(stored.filter((value) => value.includes(plain))).toEqual([]);
  }

  // The listing shows the keys, never a hash: the type has no such field.
  const listed = await engine.graphql(API_KEYS, {}, engine.adminKey);
  expect(listed.data.apiKeys.map((k: any) => k.id)).toEqual(
    expect.arrayContaining([agency.apiKey.id, portal.apiKey.id]),
  );
  const hashQuery = await engine.graphql(`query { apiKeys { hash } }`, {}, engine.adminKey);
  expect(hashQuery.errors?.[0].message).toMatch(/Cannot query field "hash"/);
});

test('creating a key checks role and agency together', async () => {
  const create = (input: Record<string, unknown>) => engine.graphql(CREATE, { input }, engine.adminKey);
  expect(codeOf(await create({ role: 'AGENCY' }))).toBe('VALIDATION_FAILED');
  expect(codeOf(await create({ role: 'AGENCY', agencyCode: 'NO_SUCH_AGENCY' }))).toBe('AGENCY_NOT_FOUND');
  expect(codeOf(await create({ role: 'SUPERVISOR', agencyCode: 'CCT_AN_PHU' }))).toBe('VALIDATION_FAILED');
});

test('a revoked key is refused on the very next request', async () => {
  const { key, apiKey } = await createKey({ role: 'SUPERVISOR', label: 'Thanh tra tỉnh' });
  expect((await engine.graphql(ME, {}, key)).data.me.id).toBe(apiKey.id);
  const revoked = await engine.graphql(REVOKE, { id: apiKey.id }, engine.adminKey);
  expect(revoked.errors).toBeUndefined();
  expect(revoked.data.revokeApiKey.revokedAt).toEqual(expect.any(String));
  // Who turned it off, as createdBy says who made it.
  const admin = (await engine.graphql(ME, {}, engine.adminKey)).data.me.id;
  expect(revoked.data.revokeApiKey.revokedBy).toBe(admin);

  const refused = await engine.graphql(ME, {}, key);
  expect(codeOf(refused)).toBe('UNAUTHENTICATED');
  expect(refused.data).toBeUndefined();
  expect(codeOf(await engine.graphql(REVOKE, { id: randomUUID() }, engine.adminKey))).toBe('NOT_FOUND');
});

test('a PORTAL key may not create keys, and nothing is created', async () => {
  const portal = await createKey({ role: 'PORTAL' });
  const before = await engine.db.prisma.apiKey.count();
  const attempt = await engine.graphql(CREATE, { input: { role: 'ADMIN' } }, portal.key);
  expect(codeOf(attempt)).toBe('FORBIDDEN');
  expect(attempt.data?.createApiKey ?? null).toBeNull();
  expect(codeOf(await engine.graphql(API_KEYS, {}, portal.key))).toBe('FORBIDDEN');
  expect(await engine.db.prisma.apiKey.count()).toBe(before);
});

test('anonymous callers may not read or submit dossiers', async () => {
  expect(codeOf(await engine.graphql(DOSSIER, { code: 'UBND_H_AN_PHU-261127-0001' }))).toBe('FORBIDDEN');
  const submit = await engine.graphql(SUBMIT, {
    input: {
      procedureCode: '2.000720',
      applicant: { name: 'Lê Văn Cường', idNumber: '001085099999' },
      channel: 'ONLINE',
      idempotencyKey: randomUUID(),
    },
  });
  expect(codeOf(submit)).toBe('FORBIDDEN');
});

test('a malformed or unknown key is UNAUTHENTICATED, never anonymous', async () => {
  expect(codeOf(await engine.graphql(ME, {}, 'garbage'))).toBe('UNAUTHENTICATED');
  expect(codeOf(await engine.graphql(ME, {}, `lt_AAAAAAAA_${'b'.repeat(40)}`))).toBe('UNAUTHENTICATED');
  for (const authorization of ['garbage', `Basic ${engine.adminKey}`, 'Bearer']) {
    const response = await fetch(engine.api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: ME }),
    });
    expect(codeOf((await response.json()) as { errors?: any[] })).toBe('UNAUTHENTICATED');
  }
});

test('an AGENCY key reads the dossiers its agency takes part in; others read as absent', async () => {
  const portal = await createKey({ role: 'PORTAL' });
  const taxBranch = await createKey({ role: 'AGENCY', agencyCode: 'CCT_AN_PHU' });
  const socialInsurance = await createKey({ role: 'AGENCY', agencyCode: 'BHXH_AN_PHU' });
  const submitted = await engine.graphql(
    SUBMIT,
    {
      input: {
        procedureCode: '2.000720',
        applicant: { name: 'Phạm Thị Dung', idNumber: '001190002222' },
        channel: 'COUNTER',
        idempotencyKey: randomUUID(),
      },
    },
    portal.key,
  );
  expect(submitted.errors).toBeUndefined();
  const { code } = submitted.data.submitDossier.dossier;
  // Once the workflow has written its steps, the tax branch (second step) has a part in it.
  await eventually(async () => {
    const { data } = await engine.graphql(DOSSIER, { code }, taxBranch.key);
    return data?.dossier ?? undefined;
  });
  const other = await engine.graphql(DOSSIER, { code }, socialInsurance.key);
  expect(other).toEqual({ data: { dossier: null } });
  expect((await engine.graphql(DOSSIER, { code }, engine.adminKey)).data.dossier.code).toBe(code);
});

test('a key shows when it was last used, written at most once a minute', async () => {
  const { key, apiKey } = await createKey({ role: 'SUPERVISOR', label: 'Dùng gần nhất' });
  const lastUsed = async () =>
    (
      await engine.db.prisma.apiKey.findUniqueOrThrow({
        where: { id: apiKey.id },
        select: { lastUsedAt: true },
      })
    ).lastUsedAt;
  const listed = async () =>
    (await engine.graphql(`query { apiKeys { id lastUsedAt } }`, {}, engine.adminKey)).data.apiKeys.find(
      (k: any) => k.id === apiKey.id,
    );
  expect(await lastUsed()).toBeNull();
  expect(await listed()).toEqual({ id: apiKey.id, lastUsedAt: null });

  expect((await engine.graphql(ME, {}, key)).data.me.id).toBe(apiKey.id);
  const first = await lastUsed();
  expect(first).toBeInstanceOf(Date);
  expect(await listed()).toEqual({ id: apiKey.id, lastUsedAt: first!.toISOString() });

  // Used again within the minute: nothing is written.
  await engine.graphql(ME, {}, key);
  expect((await lastUsed())?.getTime()).toBe(first!.getTime());

  // A use more than a minute after the recorded one is written.
  const twoMinutesEarlier = new Date(first!.getTime() - 120_000);
  await engine.db.prisma.apiKey.update({ where: { id: apiKey.id }, data: { lastUsedAt: twoMinutesEarlier } });
  await engine.graphql(ME, {}, key);
  expect((await lastUsed())!.getTime()).toBeGreaterThan(twoMinutesEarlier.getTime());
});
