// Nobody can lock a citizen out: the lookup throttle (services/access/lookup-throttle.ts) over real HTTP, with
// the real workflow behind `provideSupplement`. Each client is its own loopback source address
// (Linux routes all of 127/8 to the loopback interface), so the API tells them apart by the socket's
// address as it would on the Internet, with no proxy header to trust. Each test runs its own API
// server over the harness's services with a throttle of small limits.
import { randomBytes, randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { Pool } from 'pg';
import {
  createLookupThrottle,
  THROTTLE_TABLE,
  type LookupLimits,
  type LookupThrottle,
} from '../../services/access/lookup-throttle';
import { upsertAgency } from '../../services/catalog/agencies';
import { upsertProcedure } from '../../services/catalog/procedures';
import { requestSupplementUpdate } from '../../domain/contract/dossier-workflow';
import { submitDossier } from '../../services/reception/submit-dossier';
import { startApiServer, type RunningApi } from '../../api/server';
import { act, agencyActor, waitForState } from '../support/dossier-driver';
import { startEngine, type EngineHarness } from '../support/engine-harness';

const suffix = randomBytes(4).toString('hex').toUpperCase();
const AGENCY = `LT_${suffix}`;
const PROCEDURE = `T.THROTTLE.${suffix}`;
const STEP = 'giai-quyet';
const WRONG_KEY = 'ABCDEFGHJK';

const TRACK = `query($code: String!, $lookupKey: String!) { trackDossier(code: $code, lookupKey: $lookupKey) { code status } }`;
const SUPPLY = `mutation($input: ProvideSupplementInput!) { provideSupplement(input: $input) { code status } }`;
const WITHDRAW = `mutation($input: WithdrawDossierInput!) { withdrawDossier(input: $input) { code status } }`;

let engine: EngineHarness;
const servers: RunningApi[] = [];
const pools: Pool[] = [];

interface Answer {
  data?: any;
  errors?: Array<{ extensions: { code: string; details?: { retryAfterSeconds?: number } } }>;
}

/** POSTs to `url` from the loopback address `from`, on a connection of its own. */
function graphqlFrom(
  url: string,
  from: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<Answer> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions.code;

/** One client's view of one API server. */
function client(url: string, from: string) {
  return {
    track: (code: string, lookupKey: string) => graphqlFrom(url, from, TRACK, { code, lookupKey }),
    supply: (dossierCode: string, lookupKey: string) =>
      graphqlFrom(url, from, SUPPLY, { input: { dossierCode, lookupKey, note: 'Đã bổ sung' } }),
    withdraw: (dossierCode: string, lookupKey: string) =>
      graphqlFrom(url, from, WITHDRAW, { input: { dossierCode, lookupKey } }),
  };
}

async function apiWith(lookupThrottle: LookupThrottle): Promise<string> {
  const api = await startApiServer(
    { ...engine.services, lookupThrottle },
    { port: 0, host: '127.0.0.1', live: engine.live },
  );
  servers.push(api);
  return api.url;
}

async function submitted(): Promise<{ code: string; lookupKey: string }> {
  const { dossier, lookupKey } = await submitDossier(engine.services, {
    procedureCode: PROCEDURE,
    applicant: { name: 'Lê Thị Chủ Hồ Sơ', idNumber: '079190004321' },
    channel: 'ONLINE',
    idempotencyKey: randomUUID(),
  });
  await waitForState(engine, dossier.code, (s) => s.steps[0].status === 'ACTIVE');
  return { code: dossier.code, lookupKey };
}

const limits = (overrides: Partial<LookupLimits>): LookupLimits => ({
  failuresPerClient: 10,
  failuresPerClientAndDossier: 3,
  windowSeconds: 600,
  warnFailuresPerDossier: 50,
  ...overrides,
});

beforeAll(async () => {
  engine = await startEngine();
  await upsertAgency(engine.db.prisma, {
    code: AGENCY,
    name: `UBND xã Thử Chặn ${suffix}`,
    level: 'COMMUNE',
    parentCode: 'UBND_H_AN_PHU',
  });
  await upsertProcedure(engine.db.prisma, {
    code: PROCEDURE,
    name: 'Thủ tục thử chặn đoán khóa',
    onlineLevel: 'FULL',
    totalWorkingDays: 3,
    receivingAgencyCode: AGENCY,
    steps: [{ key: STEP, name: 'Giải quyết', agencyCode: AGENCY, workingDays: 3, mode: 'MANUAL' }],
  });
});

afterAll(async () => {
  for (const api of servers) await api.close();
  for (const pool of pools) await pool.end();
  await engine?.stop();
});

test("a stranger's failures on a dossier refuse the stranger; the owner still tracks it and provides the supplement", async () => {
  const url = await apiWith(await createLookupThrottle(limits({}), { kind: 'memory' }));
  const stranger = client(url, '127.0.0.2');
  const owner = client(url, '127.0.0.3');
  const dossier = await submitted();
  await act(engine, dossier.code, requestSupplementUpdate, {
    actor: agencyActor(AGENCY),
    stepKey: STEP,
    items: ['Bản sao giấy khai sinh'],
  });

  // Three wrong keys, through any of the lookups that take one: the stranger's allowance on this code.
  expect(codeOf(await stranger.track(dossier.code, WRONG_KEY))).toBe('DOSSIER_NOT_FOUND');
  expect(codeOf(await stranger.supply(dossier.code, WRONG_KEY))).toBe('DOSSIER_NOT_FOUND');
  expect(codeOf(await stranger.withdraw(dossier.code, WRONG_KEY))).toBe('DOSSIER_NOT_FOUND');
  // Now the stranger is refused on it, even with the right key; the refusal says when to retry.
  const refused = await stranger.track(dossier.code, dossier.lookupKey);
  expect(codeOf(refused)).toBe('RATE_LIMITED');
  expect(refused.errors?.[0].extensions.details?.retryAfterSeconds).toBeGreaterThan(590);
  expect(codeOf(await stranger.withdraw(dossier.code, dossier.lookupKey))).toBe('RATE_LIMITED');

  // The owner, from another address, is not.
  const tracked = await owner.track(dossier.code, dossier.lookupKey);
  expect(tracked.errors).toBeUndefined();
  expect(tracked.data.trackDossier).toEqual({ code: dossier.code, status: 'WAITING_SUPPLEMENT' });
  const supplied = await owner.supply(dossier.code, dossier.lookupKey);
  expect(supplied.errors).toBeUndefined();
  expect(supplied.data.provideSupplement).toEqual({ code: dossier.code, status: 'IN_PROGRESS' });
  expect((await waitForState(engine, dossier.code, (s) => s.status === 'IN_PROGRESS')).steps[0].status).toBe(
    'ACTIVE',
  );
});

test('a client that keeps guessing is refused after its budget, even with the right key of another dossier', async () => {
  const url = await apiWith(await createLookupThrottle(limits({ failuresPerClient: 4 }), { kind: 'memory' }));
  const guesser = client(url, '127.0.0.4');
  const dossier = await submitted();
  const [day] = dossier.code.split('-').slice(1);
  // One guess per code, so no code reaches its own limit: only the client's budget can refuse it.
  for (let i = 0; i < 4; i++) {
    expect(codeOf(await guesser.track(`${AGENCY}-${day}-${String(9000 + i)}`, WRONG_KEY))).toBe(
      'DOSSIER_NOT_FOUND',
    );
  }
  expect(codeOf(await guesser.track(dossier.code, dossier.lookupKey))).toBe('RATE_LIMITED');
  expect(codeOf(await guesser.supply(dossier.code, dossier.lookupKey))).toBe('RATE_LIMITED');
  // Someone else holding that key is served.
  const owner = await client(url, '127.0.0.5').track(dossier.code, dossier.lookupKey);
  expect(owner.data?.trackDossier.code).toBe(dossier.code);
});

test('with the PostgreSQL store, two API processes share the counts; a warning is logged once across them', async () => {
  const warnings: unknown[] = [];
  const log = { warn: (fields: unknown) => warnings.push(fields) };
  // Each "process" with a pool of its own, as `npm run api` opens it.
  const throttles = await Promise.all(
    [0, 1].map(() => {
      const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
      pools.push(pool);
      return createLookupThrottle(
        limits({ warnFailuresPerDossier: 7 }),
        { kind: 'postgres', pool },
        log as never,
      );
    }),
  );
  const [urlA, urlB] = [await apiWith(throttles[0]), await apiWith(throttles[1])];
  const dossier = await submitted();

  const strangerOn = (url: string) => client(url, '127.0.0.6');
  expect(codeOf(await strangerOn(urlA).track(dossier.code, WRONG_KEY))).toBe('DOSSIER_NOT_FOUND');
  expect(codeOf(await strangerOn(urlB).track(dossier.code, WRONG_KEY))).toBe('DOSSIER_NOT_FOUND');
  expect(codeOf(await strangerOn(urlA).track(dossier.code, WRONG_KEY))).toBe('DOSSIER_NOT_FOUND');
  // Two failures through A and one through B: refused through both.
  expect(codeOf(await strangerOn(urlA).track(dossier.code, dossier.lookupKey))).toBe('RATE_LIMITED');
  expect(codeOf(await strangerOn(urlB).track(dossier.code, dossier.lookupKey))).toBe('RATE_LIMITED');
  expect(
    (await client(urlB, '127.0.0.7').track(dossier.code, dossier.lookupKey)).data?.trackDossier.code,
  ).toBe(dossier.code);

  // The counts are rows of the library's table, keyed by client (and code).
  const rows = await engine.db.sql.query<{ key: string; points: number }>(
    `SELECT key, points FROM "${THROTTLE_TABLE.schemaName}"."${THROTTLE_TABLE.tableName}" WHERE key LIKE $1 ORDER BY key`,
    ['%127.0.0.6%'],
  );
  expect(rows).toEqual([
    { key: 'client:127.0.0.6', points: 3 },
    { key: `clientAndDossier:127.0.0.6|${dossier.code}`, points: 3 },
  ]);

  // Four more clients fail on the code, alternating processes: the seventh failure warns, once.
  for (const from of ['127.0.0.8', '127.0.0.9']) {
    for (const url of [urlA, urlB])
      expect(codeOf(await client(url, from).track(dossier.code, WRONG_KEY))).toBe('DOSSIER_NOT_FOUND');
  }
  expect(warnings).toEqual([{ dossierCode: dossier.code, failures: 7, windowSeconds: 600 }]);
  for (const url of [urlA, urlB]) await client(url, '127.0.0.10').track(dossier.code, WRONG_KEY);
  expect(warnings).toHaveLength(1);
});
