// The production shape, as a province runs it (issue #21): two `npm run api` processes and two
// `npm run worker` processes, started from the production entry points (api/main.ts,
// worker/main.ts), that meet only through one PostgreSQL database (the read model, the lookup
// throttle's counts, LIVE_EVENTS over LISTEN/NOTIFY) and one Temporal server reached by
// TEMPORAL_ADDRESS (a dev server of this test's own, standing in for a cluster). The agency systems
// are the simulators, each a real HTTP server answering after a delay so that dossiers stay in flight.
//
// Its own Temporal server, not the run's: a province has one database and one namespace, and dossier
// codes (hence workflow ids) are unique only within one database. This test's empty database numbers
// its dossiers from 0001 again, so on the run's server, where earlier test files had already used
// those codes, its submissions met workflows of the same id that had long completed, and nothing ran.
//
//   1. All four processes start at once on an EMPTY database of their own (created and dropped
//      here): the test holds the migration lock until the four wait on it together, then lets them
//      race. Every migration must be applied exactly once.
//   2. Dossiers submitted through either API complete, and both workers took part.
//   3. A subscription on API A sees every change the workers write for a dossier submitted on API B.
//   4. The lookup throttle's budgets hold across both APIs (one store in PostgreSQL).
//   5. API B is SIGKILLed while portals submit; they retry on API A with the same idempotency keys:
//      every submission gets its dossier, none is registered twice, all complete.
//   6. Worker 1 is SIGKILLed with dossiers in flight; worker 2 alone finishes them, nothing lost or
//      delivered twice (its tasks come back after the activities' 30-second timeout, which is most
//      of this test's time).
//
// The tests build on each other in order (one topology, started once). 110 to 130 s in all on the
// shared 2-core machine: starting four processes and the 30-second activity timeout are most of it.
import { randomBytes, randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { startAgencyFleet, type AgencyFleet } from '../../simulators/agency/fleet';
import { devAgencySecret } from '../../integrations/agency-protocol/secrets';
import { seedSampleCatalog } from '../../services/catalog/seed';
import { SAMPLE_AGENCIES } from '../../domain/catalog/sample-agencies';
import { workflowIdForDossier } from '../../domain/contract/dossier-workflow';
import { connectClient } from '../../platform/temporal-connection';
import { freePort, startTemporalDevServer, type DevServer } from '../../platform/temporal-dev-server';
import {
  createScratchDatabase,
  DEFAULT_ADMIN_URL,
  type ScratchDatabase,
} from '../../platform/scratch-database';
import { openDatabase, type Database } from '../../prisma/database';
import { MIGRATION_LOCK_ID, readMigrations } from '../../prisma/migrate';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { completionProblems } from '../support/completion-checks';
import { errorCode, postGraphql } from '../support/graphql-http';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { subscribe } from '../support/sse-client';
import { requiredEnv } from '../support/test-env';
import { sleep, waitFor as waitUntil } from '../support/waiting';
import { isRunning, startWorkerProcess, type NodeProcess } from '../support/worker-process';

/** Every agency system answers DONE after this long: a dossier of 2.000720 (two steps) takes twice it. */
const AGENCY_LATENCY_MS = 800;
const PROCEDURE = '2.000720';
const STEP_KEYS = ['dang-ky-ho-kinh-doanh', 'cap-ma-so-thue'];
/** The throttle's limits on both APIs, small so the test reaches them in a few lookups. */
const PER_CLIENT = 6;
const PER_CLIENT_AND_DOSSIER = 3;

const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { lookupKey dossier { code } } }`;
const TRACK = `query($code: String!, $lookupKey: String!) { trackDossier(code: $code, lookupKey: $lookupKey) { code status } }`;
const FOLLOW = `subscription($code: String!) { dossierUpdated(code: $code) { code status steps { key status } } }`;

let scratch: ScratchDatabase;
let devServer: DevServer;
let db: Database;
let fleet: AgencyFleet;
let temporal: Client;
let apiA: ApiProcess;
let apiB: ApiProcess;
let worker1: NodeProcess;
let worker2: NodeProcess;
let portalKey: string;
const adminKey = randomBytes(30).toString('base64url');
const taskQueue = `topology-${randomUUID()}`;
/** How many processes were waiting on the migration lock together when the test let go of it. */
let waitingOnMigrationLock = 0;
/** Receipts of the dossiers of test 2, for the later tests. */
const receipts: Array<{ code: string; lookupKey: string }> = [];

/** What each process last wrote, for a failure message: a wait that times out says what the processes saw. */
const processOutputs = () =>
  (
    [
      ['API A', apiA],
      ['API B', apiB],
      ['worker 1', worker1],
      ['worker 2', worker2],
    ] as const
  )
    .map(([name, p]) => `--- ${name} (pid ${p?.pid}) ---\n${p?.output().slice(-3000) ?? '(not started)'}`)
    .join('\n');

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  try {
    return await waitUntil(what, timeoutMs, probe, 200);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${processOutputs()}`);
  }
}

const submitInput = (idempotencyKey: string, i: number) => ({
  procedureCode: PROCEDURE,
  applicant: { name: `Hộ kinh doanh ${i}`, idNumber: `0791900${String(i).padStart(5, '0')}` },
  channel: 'ONLINE',
  formData: { topology: i },
  idempotencyKey,
});

async function submitVia(api: ApiProcess, i: number): Promise<{ code: string; lookupKey: string }> {
  const answer = await postGraphql(
    api.url,
    SUBMIT,
    { input: submitInput(randomUUID(), i) },
    { apiKey: portalKey },
  );
  if (!answer.data?.submitDossier)
    throw new Error(`submission via ${api.url} failed: ${JSON.stringify(answer)}`);
  return { code: answer.data.submitDossier.dossier.code, lookupKey: answer.data.submitDossier.lookupKey };
}

async function allCompleted(codes: string[], timeoutMs: number): Promise<void> {
  try {
    await waitFor(`${codes.length} dossiers COMPLETED`, timeoutMs, async () => {
      const done = await db.prisma.dossier.count({ where: { code: { in: codes }, status: 'COMPLETED' } });
      return done === codes.length ? true : undefined;
    });
  } catch (err) {
    // What Temporal holds for one dossier that did not complete: did its workflow run, and how far.
    const stuck = await db.prisma.dossier.findFirst({
      where: { code: { in: codes }, status: { not: 'COMPLETED' } },
    });
    const history = stuck
      ? await temporal.workflow
          .getHandle(workflowIdForDossier(stuck.code))
          .fetchHistory()
          .then((h) => (h.events ?? []).map((e) => `${e.eventId} ${e.eventType} ${e.eventTime?.seconds}`))
          .catch((e: unknown) => [`history not readable: ${String(e)}`])
      : [];
    throw new Error(`${(err as Error).message}\n--- history of ${stuck?.code} ---\n${history.join('\n')}`);
  }
}

const expectNothingLost = async (codes: string[]) =>
  expect((await completionProblems(db.prisma, fleet, codes, STEP_KEYS)).slice(0, 10)).toEqual([]);

/** The processes that worked on a dossier: worker identities (`<pid>@<host>`) on its workflow and activity tasks. */
async function workerPidsOf(code: string): Promise<Set<number>> {
  const history = await temporal.workflow.getHandle(workflowIdForDossier(code)).fetchHistory();
  const pids = new Set<number>();
  for (const event of history.events ?? []) {
    const identity =
      event.workflowTaskStartedEventAttributes?.identity ??
      event.activityTaskStartedEventAttributes?.identity;
    if (identity) pids.add(Number(identity.split('@')[0]));
  }
  return pids;
}

beforeAll(async () => {
  scratch = await createScratchDatabase(
    'lien_thong_topology',
    process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_ADMIN_URL,
  );
  fleet = await startAgencyFleet({
    agencies: SAMPLE_AGENCIES.map((a) => ({
      code: a.code,
      secret: devAgencySecret(a.code),
      behaviour: { default: { latencyMs: AGENCY_LATENCY_MS } },
    })),
    host: '127.0.0.1',
  });
  devServer = await startTemporalDevServer({ headless: true });
  const temporalAddress = devServer.address;
  const [portA, portB] = [await freePort(), await freePort()];
  const lookupLimits = {
    LOOKUP_FAILURES_PER_CLIENT: String(PER_CLIENT),
    LOOKUP_FAILURES_PER_CLIENT_AND_DOSSIER: String(PER_CLIENT_AND_DOSSIER),
    LOOKUP_WARN_FAILURES_PER_DOSSIER: String(2 * PER_CLIENT_AND_DOSSIER + 1),
  };
  const worker = () =>
    startWorkerProcess({
      databaseUrl: scratch.url,
      temporalAddress,
      namespace: 'default',
      taskQueue,
      workflowBundlePath: requiredEnv('WORKFLOW_BUNDLE_PATH'),
      // Agencies that answer later call back here (these simulators answer at once, after their delay).
      env: {
        CALLBACK_URL: `http://127.0.0.1:${portA}/agency-callbacks`,
      },
      readyTimeoutMs: 90_000,
    });
  const api = (port: number) =>
    startApiProcess({
      databaseUrl: scratch.url,
      temporalAddress,
      namespace: 'default',
      taskQueue,
      port,
      adminKey,
      env: lookupLimits,
      readyTimeoutMs: 90_000,
    });

  // Hold the migration lock so that the four processes line up on it, then let them all go at once.
  const lock = new PgClient({ connectionString: scratch.url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const starting = Promise.allSettled([api(portA), api(portB), worker(), worker()]);
    waitingOnMigrationLock = await waitFor(
      'four processes waiting on the migration lock',
      90_000,
      async () => {
        const { rows } = await lock.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks
          WHERE locktype = 'advisory' AND objid = $1 AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [MIGRATION_LOCK_ID],
        );
        return rows[0].n >= 4 ? rows[0].n : undefined;
      },
    );
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    const started = await starting;
    const failed = started.filter((s) => s.status === 'rejected');
    if (failed.length)
      throw new Error(failed.map((f) => String((f as PromiseRejectedResult).reason)).join('\n'));
    [apiA, apiB, worker1, worker2] = started.map((s) => (s as PromiseFulfilledResult<any>).value);
  } finally {
    await lock.end();
  }

  db = await openDatabase({ url: scratch.url, poolSize: 4 });
  await seedSampleCatalog(db.prisma, fleet.urls);
  temporal = await connectClient({
    address: temporalAddress,
    namespace: 'default',
    payloadKeys: TEST_PAYLOAD_KEYS,
  });
  // The portal's key, made through API A by the administrator bootstrapped by ADMIN_API_KEY.
  const made = await postGraphql(
    apiA.url,
    `mutation { createApiKey(input: { role: PORTAL, label: "Cổng dịch vụ công (topology)" }) { key } }`,
    {},
    { apiKey: adminKey },
  );
  portalKey = made.data?.createApiKey?.key;
  if (!portalKey) throw new Error(`could not make a portal key: ${JSON.stringify(made)}`);
}, 240_000);

afterAll(async () => {
  await Promise.allSettled([apiA, apiB, worker1, worker2].filter(Boolean).map((p) => p.kill('SIGKILL')));
  await temporal?.connection.close().catch(() => undefined);
  await fleet?.close();
  await db?.close();
  await scratch?.drop();
  await devServer?.stop();
}, 60_000);

test('four processes started at once on an empty database apply every migration exactly once', async () => {
  expect(waitingOnMigrationLock).toBe(4);
  const files = (await readMigrations()).map((m) => m.name);
  const rows = await db.sql.query<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
    `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
       FROM "_prisma_migrations" ORDER BY migration_name`,
  );
  expect(rows.map((r) => r.migration_name)).toEqual(files);
  expect(rows.filter((r) => !r.finished || r.rolled_back)).toEqual([]);
  for (const p of [apiA, apiB, worker1, worker2]) expect(isRunning(p.child)).toBe(true);
});

test('dossiers submitted through either API complete, carried by both workers', async () => {
  const submitted = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => submitVia(i % 2 ? apiB : apiA, i)));
  receipts.push(...submitted);
  const codes = submitted.map((r) => r.code);
  await allCompleted(codes, 60_000);
  await expectNothingLost(codes);
  const pids = new Set<number>();
  for (const code of codes) for (const pid of await workerPidsOf(code)) pids.add(pid);
  expect([...pids].sort()).toEqual([worker1.pid, worker2.pid].sort());
});

test('a subscription on API A sees each change the workers write for a dossier submitted on API B', async () => {
  const { code } = await submitVia(apiB, 10);
  const follow = await subscribe(apiA.url, FOLLOW, { code }, adminKey);
  try {
    expect(follow.status).toBe(200);
    const seen = await follow.until((p) => p.data?.dossierUpdated?.status === 'COMPLETED', 30_000);
    // The first payload is the dossier as it stood; the rest came from a worker through NOTIFY.
    expect(seen[0].data.dossierUpdated.status).not.toBe('COMPLETED');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1).data.dossierUpdated.steps.map((s: { status: string }) => s.status)).toEqual(
      STEP_KEYS.map(() => 'DONE'),
    );
  } finally {
    follow.close();
  }
});

test('the lookup throttle counts one client across both APIs', async () => {
  const [target, other1, other2, other3] = receipts;
  const guesser = '127.0.0.21';
  const neighbour = '127.0.0.22';
  const track = (api: ApiProcess, from: string, code: string, lookupKey: string) =>
    postGraphql(api.url, TRACK, { code, lookupKey }, { from });
  const wrong = 'ABCDEFGHJK';

  // Per client and code: 3 failures, spread over both APIs, and the right key is refused on either.
  for (const api of [apiA, apiB, apiA])
    expect(errorCode(await track(api, guesser, target.code, wrong))).toBe('DOSSIER_NOT_FOUND');
  expect(errorCode(await track(apiB, guesser, target.code, target.lookupKey))).toBe('RATE_LIMITED');
  // Nobody else is refused for it.
  expect((await track(apiB, neighbour, target.code, target.lookupKey)).data?.trackDossier.code).toBe(
    target.code,
  );

  // Per client over every code: 3 more failures on other codes (6 in all) close every code, on both APIs.
  for (const [api, code] of [
    [apiB, other1.code],
    [apiA, other2.code],
    [apiB, other3.code],
  ] as const)
    expect(errorCode(await track(api, guesser, code, wrong))).toBe('DOSSIER_NOT_FOUND');
  const refused = await track(apiA, guesser, receipts[4].code, receipts[4].lookupKey);
  expect(errorCode(refused)).toBe('RATE_LIMITED');
  expect(errorCode(await track(apiB, guesser, receipts[5].code, receipts[5].lookupKey))).toBe('RATE_LIMITED');
  expect(
    (await track(apiA, neighbour, receipts[4].code, receipts[4].lookupKey)).data?.trackDossier.code,
  ).toBe(receipts[4].code);
});

test('API B is SIGKILLed while portals submit; their retries on API A with the same keys lose and duplicate nothing', async () => {
  const SUBMISSIONS = 16;
  const keys = Array.from({ length: SUBMISSIONS }, () => randomUUID());
  const codeOfKey = new Map<string, string>();
  let answered = 0;
  let failedOver = 0;
  let killed: Promise<void> | undefined;

  // A portal's client: API B first; when B is gone (refused, reset), the same request to API A.
  const submitWithFailover = async (key: string, i: number) => {
    const input = submitInput(key, 100 + i);
    for (const api of [apiB, apiA, apiA]) {
      try {
        const answer = await postGraphql(
          api.url,
          SUBMIT,
          { input },
          { apiKey: portalKey, timeoutMs: 20_000 },
        );
        const code = answer.data?.submitDossier?.dossier.code;
        if (!code) throw new Error(`no dossier: ${JSON.stringify(answer.errors)}`);
        codeOfKey.set(key, code);
        if (++answered === 4) killed = apiB.kill('SIGKILL');
        return;
      } catch (err) {
        if (api === apiA && !(err as NodeJS.ErrnoException).code) throw err;
        failedOver++;
        await sleep(100);
      }
    }
    throw new Error(`submission ${key} found no API`);
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < SUBMISSIONS) {
        const i = next++;
        await submitWithFailover(keys[i], i);
      }
    }),
  );
  await killed;
  expect((await apiB.exited).signal).toBe('SIGKILL');
  expect(failedOver).toBeGreaterThan(0);

  const codes = keys.map((k) => codeOfKey.get(k)!);
  expect(new Set(codes).size).toBe(SUBMISSIONS);
  expect(await db.prisma.dossier.count({ where: { idempotencyKey: { in: keys } } })).toBe(SUBMISSIONS);
  await allCompleted(codes, 90_000);
  await expectNothingLost(codes);
  console.log(
    `[topology] API SIGKILL: ${SUBMISSIONS} submissions, ${failedOver} attempts failed over to API A`,
  );
});

test('worker 1 is SIGKILLed with dossiers in flight; worker 2 carries on and nothing is lost or delivered twice', async () => {
  const DOSSIERS = 10;
  const codes = (await Promise.all(Array.from({ length: DOSSIERS }, (_, i) => submitVia(apiA, 200 + i)))).map(
    (r) => r.code,
  );
  // Kill once the first steps are being delivered, long before the dossiers can complete.
  await waitFor('deliveries under way', 30_000, async () => {
    const active = await db.prisma.dossierStep.count({
      where: { dossierCode: { in: codes }, status: { in: ['ACTIVE', 'DONE'] } },
    });
    return active >= DOSSIERS / 2 ? true : undefined;
  });
  const completedAtKill = await db.prisma.dossier.count({
    where: { code: { in: codes }, status: 'COMPLETED' },
  });
  expect(completedAtKill).toBeLessThan(DOSSIERS);
  await worker1.kill('SIGKILL');
  expect((await worker1.exited).signal).toBe('SIGKILL');
  const killedAt = Date.now();

  await allCompleted(codes, 120_000);
  expect(isRunning(worker2.child)).toBe(true);
  await expectNothingLost(codes);
  console.log(
    `[topology] worker SIGKILL: ${DOSSIERS} dossiers, ${completedAtKill} complete at the kill, all complete ${Math.round((Date.now() - killedAt) / 1000)} s after`,
  );
});
