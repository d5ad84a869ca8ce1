// A watched worker (issue 14, deliverable 4): when the Temporal SDK worker dies of a real fatal
// error, nothing lingers half-alive. The error is the one the issue hit: the SDK cannot encode an
// activity's completion whose failure message holds a lone UTF-16 surrogate, and `Worker.run()`
// rejects. The test-only fault switch (worker/test-fault-switch.ts) produces it on the first
// delivery to one agency. Every program runs as a real process, against a real Temporal dev server
// and the run's PostgreSQL database:
//
//   1. `npm start` (scripts/start.ts, on a database of its own): /healthz answers 503 naming the worker while it is down, the
//      log says why it stopped, a new worker starts by itself, /healthz is 200 again and the
//      dossier completes with nothing lost, without the test doing anything;
//   2. `npm run worker` (worker/main.ts): the process exits with code 1 saying why; a second process
//      with the same environment (what a process manager starts) completes the dossier;
//   3. `npm run api` alone: no worker polls its task queue, so /healthz is 503 naming the worker;
//      once a worker polls, 200. With RELIABILITY_LONG=1 it also measures how long the API takes to
//      see a killed worker as down (the pollers' detection delay, platform/task-queue-pollers.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { startAgencyFleet, type AgencyFleet } from '../../simulators/agency/fleet';
import { devAgencySecret } from '../../integrations/agency-protocol/secrets';
import { upsertAgency } from '../../services/catalog/agencies';
import { createCalendarSource } from '../../services/catalog/calendar';
import { upsertProcedure } from '../../services/catalog/procedures';
import { SAMPLE_AGENCIES } from '../../domain/catalog/sample-agencies';
import { reconcile } from '../../services/reconcile';
import { submitDossier } from '../../services/reception/submit-dossier';
import type { Readiness } from '../../api/readiness';
import {
  createScratchDatabase,
  DEFAULT_ADMIN_URL,
  type ScratchDatabase,
} from '../../platform/scratch-database';
import { connectClient } from '../../platform/temporal-connection';
import { freePort, startTemporalDevServer, type DevServer } from '../../platform/temporal-dev-server';
import { openDatabase, type Database } from '../../prisma/database';
import { LIVE_POLLER_WITHIN_MS } from '../../platform/task-queue-pollers';
import {
  killAndWait,
  startNodeProcess,
  startWorkerProcess,
  track,
  type NodeProcess,
} from '../support/worker-process';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { laneNamespace, requiredEnv } from '../support/test-env';
import { waitFor } from '../support/waiting';

const LONG = process.env.RELIABILITY_LONG === '1';
/** A crashed delivery is retried once its 30 s start-to-close timeout expires. */
const RECOVERY_TIMEOUT_MS = 120_000;
const SDK_FATAL = /Cannot decode Completion from buffer: DecodeError \{ description: InvalidString/;

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` consecutive free ports (the simulators of npm start listen on SIMULATOR_BASE_PORT + i). */
async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portIsFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

interface Health {
  status: number;
  body: Readiness;
  at: number;
}

async function health(baseUrl: string): Promise<Health> {
  const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: (await response.json()) as Readiness, at: Date.now() };
}

/** The JSON log lines (pino) of a process's output. */
function logLines(output: string): Array<Record<string, any>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, any>];
      } catch {
        return [];
      }
    });
}

let db: Database;
let temporal: Client;
const children: NodeProcess[] = [];

beforeAll(async () => {
  db = await openDatabase({ url: requiredEnv('DATABASE_URL'), poolSize: 5 });
  temporal = await connectClient({
    address: requiredEnv('TEMPORAL_ADDRESS'),
    namespace: laneNamespace(),
    payloadKeys: TEST_PAYLOAD_KEYS,
  });
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(children.map((c) => c.kill('SIGKILL')));
  await temporal?.connection.close().catch(() => undefined);
  await db?.close();
}, 60_000);

/** Events 1..n without a gap, one STEP_COMPLETED per step, every step DONE, no drift from the history. */
async function expectNothingLost(
  db: Database,
  client: Client,
  code: string,
  stepKeys: string[],
): Promise<void> {
  const dossier = await db.prisma.dossier.findUniqueOrThrow({
    where: { code },
    select: { status: true, lastEventSeq: true },
  });
  expect(dossier.status).toBe('COMPLETED');
  const events = await db.prisma.dossierEvent.findMany({
    where: { dossierCode: code },
    orderBy: { seq: 'asc' },
    select: { seq: true, type: true, payload: true },
  });
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: dossier.lastEventSeq }, (_, i) => i + 1));
  const completed = events
    .filter((e) => e.type === 'STEP_COMPLETED')
    .map((e) => (e.payload as { stepKey?: string }).stepKey);
  expect(completed.sort()).toEqual([...stepKeys].sort());
  const steps = await db.prisma.dossierStep.findMany({
    where: { dossierCode: code },
    select: { key: true, status: true },
  });
  expect(steps.map((s) => `${s.key}:${s.status}`).sort()).toEqual(stepKeys.map((k) => `${k}:DONE`).sort());
  const report = await waitFor(
    'reconcile without drift',
    30_000,
    async () => {
      const r = await reconcile({ prisma: db.prisma, temporal: client, codes: [code] });
      return r.drifts.length === 0 ? r : undefined;
    },
    1000,
  ).catch(() => reconcile({ prisma: db.prisma, temporal: client, codes: [code] }));
  expect(report.drifts).toEqual([]);
  expect(report.checked).toBe(1);
}

describe('npm start (scripts/start.ts) when its worker dies', () => {
  // The two SYSTEM steps of the sample procedure 2.000720; the first goes to the district's system.
  const PROCEDURE = '2.000720';
  const ARMED_AGENCY = 'UBND_H_AN_PHU';
  const STEP_KEYS = ['dang-ky-ho-kinh-doanh', 'cap-ma-so-thue'];
  let tmpDir: string;
  let devServer: DevServer;
  let start: NodeProcess;
  let baseUrl: string;
  let ownTemporal: Client;
  let ownDatabase: ScratchDatabase;
  let ownDb: Database;
  const adminKey = randomBytes(30).toString('base64url');

  beforeAll(async () => {
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'lien-thong-watched-'));
    // Its own Temporal server and database: npm start signals every running dossier of the
    // namespace at start, and seeds the sample agencies with the addresses of its own simulators.
    devServer = await startTemporalDevServer({ headless: true, logFile: path.join(tmpDir, 'temporal.log') });
    ownDatabase = await createScratchDatabase(
      'lien_thong_watched',
      process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_ADMIN_URL,
    );
    ownDb = await openDatabase({ url: ownDatabase.url, poolSize: 2 });
    track(devServer.process);
    ownTemporal = await connectClient({
      address: devServer.address,
      namespace: 'default',
      payloadKeys: TEST_PAYLOAD_KEYS,
    });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    start = await startNodeProcess({
      script: 'scripts/start.ts',
      ready: /Liên thông is running\./,
      readyTimeoutMs: 120_000,
      env: {
        LOG_LEVEL: 'info',
        DATABASE_URL: ownDatabase.url,
        TEMPORAL_ADDRESS: devServer.address,
        TASK_QUEUE: `watched-start-${randomUUID()}`,
        PORT: String(port),
        HOST: '127.0.0.1',
        SIMULATOR_BASE_PORT: String(await freePortRange(SAMPLE_AGENCIES.length)),
        DATA_DIR: tmpDir,
        ADMIN_API_KEY: adminKey,
        LIEN_THONG_TEST_FAULT: `crash-worker-on-delivery:${ARMED_AGENCY}`,
      },
    });
    children.push(start);
  }, 180_000);

  afterAll(async () => {
    await start?.kill('SIGKILL');
    await ownTemporal?.connection.close().catch(() => undefined);
    await ownDb?.close();
    await ownDatabase?.drop();
    if (devServer) await killAndWait(devServer.process, 'SIGTERM');
    if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
  }, 60_000);

  async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  }

  test(
    '/healthz answers 503 naming the worker while it is down, the log says why, a new worker takes over and the dossier completes',
    async () => {
      const upFirst = await waitFor('/healthz 200 with the worker RUNNING', 120_000, async () => {
        const h = await health(baseUrl);
        return h.status === 200 ? h : undefined;
      });
      expect(upFirst.body.worker).toMatchObject({ source: 'this process', status: 'RUNNING', restarts: 0 });
      expect(upFirst.body).toMatchObject({ ready: true, database: 'ok', temporal: 'ok' });

      const submitted = await graphql<{ submitDossier: { dossier: { code: string } } }>(
        `
          mutation ($input: SubmitDossierInput!) {
            submitDossier(input: $input) {
              dossier {
                code
              }
            }
          }
        `,
        {
          input: {
            procedureCode: PROCEDURE,
            applicant: { name: 'Trần Thị Bình', idNumber: '001190001111' },
            channel: 'COUNTER',
            idempotencyKey: randomUUID(),
          },
        },
      );
      const code = submitted.submitDossier.dossier.code;
      const submittedAt = Date.now();

      // Watch /healthz closely: the worker is down from its crash until the new one runs.
      const seen: Health[] = [];
      const upAgain = await waitFor(
        '/healthz 200 again after the restart',
        RECOVERY_TIMEOUT_MS,
        async () => {
          const h = await health(baseUrl);
          seen.push(h);
          const restarted = h.body.worker.source === 'this process' && h.body.worker.restarts > 0;
          return h.status === 200 && restarted ? h : undefined;
        },
        100,
      );
      const down = seen.filter((h) => h.status === 503);
      expect(down.length).toBeGreaterThan(0);
      for (const h of down) {
        expect(h.body).toMatchObject({ ready: false, database: 'ok', temporal: 'ok' });
        expect(Object.keys(h.body.down ?? {})).toEqual(['worker']);
        expect(h.body.worker).toMatchObject({
          source: 'this process',
          status: expect.stringMatching(/^(RESTARTING|STARTING)$/),
        });
        expect(h.body.down!.worker).toMatch(SDK_FATAL);
      }
      expect(upAgain.body.worker).toMatchObject({
        status: 'RUNNING',
        restarts: 1,
        lastError: { message: expect.stringMatching(SDK_FATAL) },
      });

      // The log line saying why, with the SDK's own error (not the later one its run() rejects with).
      const stopped = logLines(start.fullOutput()).filter((l) =>
        String(l.msg).startsWith('the worker stopped:'),
      );
      expect(stopped).toHaveLength(1);
      expect(stopped[0]).toMatchObject({ level: 50, restartInMs: 1000, err: { type: 'TypeError' } });
      expect(stopped[0].msg).toMatch(SDK_FATAL);
      expect(stopped[0].msg).toMatch(/starting a new one in 1 s$/);

      const completed = await waitFor(
        `dossier ${code} COMPLETED`,
        RECOVERY_TIMEOUT_MS,
        async () => {
          const row = await ownDb.prisma.dossier.findUnique({ where: { code }, select: { status: true } });
          return row?.status === 'COMPLETED' ? Date.now() : undefined;
        },
        500,
      );
      await expectNothingLost(ownDb, ownTemporal, code, STEP_KEYS);
      expect(start.child.exitCode).toBeNull();

      const firstDown = down[0].at;
      const lastDown = down[down.length - 1].at;
      console.log(
        `[watched-worker] npm start: ${JSON.stringify({
          down503Answers: down.length,
          downForMs: lastDown - firstDown,
          crashAfterSubmitMs: firstDown - submittedAt,
          completedAfterSubmitMs: completed - submittedAt,
          downReason: down[0].body.down?.worker,
        })}`,
      );

      // Ctrl-C stops it for good, with no restart and a clean exit.
      await start.kill('SIGINT');
      expect(await start.exited).toEqual({ code: 0, signal: null });
      expect(
        logLines(start.fullOutput()).filter((l) => String(l.msg).startsWith('the worker stopped:')),
      ).toHaveLength(1);
    },
    RECOVERY_TIMEOUT_MS * 2 + 60_000,
  );
});

describe('npm run worker (worker/main.ts) when its worker dies', () => {
  const suffix = randomBytes(3).toString('hex').toUpperCase();
  // The switch is armed for the first step's agency only: the second process, armed the same way,
  // would crash on a first delivery to it (the switch fires once per process).
  const AGENCY = `WW_A_${suffix}`;
  const OTHER_AGENCY = `WW_B_${suffix}`;
  const PROCEDURE_CODE = `WATCHED.${suffix}`;
  const STEP_KEYS = ['kiem-tra', 'tra-ket-qua'];
  let fleet: AgencyFleet;

  beforeAll(async () => {
    fleet = await startAgencyFleet({
      agencies: [AGENCY, OTHER_AGENCY].map((code) => ({ code, secret: devAgencySecret(code) })),
      host: '127.0.0.1',
    });
    for (const code of [AGENCY, OTHER_AGENCY]) {
      await upsertAgency(db.prisma, {
        code,
        name: `Watched worker ${code}`,
        level: 'DISTRICT',
        endpointUrl: fleet.urls[code],
      });
    }
    await upsertProcedure(db.prisma, {
      code: PROCEDURE_CODE,
      name: 'Watched worker: 2 SYSTEM steps',
      onlineLevel: 'FULL',
      totalWorkingDays: 3,
      receivingAgencyCode: AGENCY,
      steps: [
        { key: 'kiem-tra', name: 'Kiểm tra', agencyCode: AGENCY, workingDays: 1, mode: 'SYSTEM' },
        {
          key: 'tra-ket-qua',
          name: 'Trả kết quả',
          agencyCode: OTHER_AGENCY,
          workingDays: 1,
          mode: 'SYSTEM',
          after: ['kiem-tra'],
        },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await fleet?.close();
  });

  test(
    'the process exits with code 1 saying why; a second one with the same environment completes the dossier',
    async () => {
      const taskQueue = `watched-worker-${randomUUID()}`;
      const options = {
        databaseUrl: requiredEnv('DATABASE_URL'),
        temporalAddress: requiredEnv('TEMPORAL_ADDRESS'),
        taskQueue,
        workflowBundlePath: requiredEnv('WORKFLOW_BUNDLE_PATH'),
        env: { LOG_LEVEL: 'info', LIEN_THONG_TEST_FAULT: `crash-worker-on-delivery:${AGENCY}` },
      };
      const first = await startWorkerProcess(options);
      children.push(first);
      const { dossier } = await submitDossier(
        {
          sql: db.sql,
          temporal,
          taskQueue,
          lookupKeySecret: 'test-lookup-secret',
          calendar: createCalendarSource(db.prisma),
        },
        {
          procedureCode: PROCEDURE_CODE,
          applicant: { name: 'Nguyễn Văn An', idNumber: '001085012345' },
          channel: 'ONLINE',
          idempotencyKey: randomUUID(),
        },
      );

      const submittedAt = Date.now();
      const exit = await waitFor('the first worker process to exit', 60_000, async () =>
        first.child.exitCode !== null || first.child.signalCode !== null ? first.exited : undefined,
      );
      expect(exit).toEqual({ code: 1, signal: null });
      const exitedAt = Date.now();
      const fatal = logLines(first.fullOutput()).filter((l) => l.level === 60);
      expect(fatal).toHaveLength(1);
      expect(fatal[0].msg).toMatch(SDK_FATAL);
      expect(fatal[0].msg).toMatch(/exiting with code 1 so that the process manager starts a new one$/);

      // What a process manager does: the same command with the same environment.
      const second = await startWorkerProcess(options);
      children.push(second);
      const completedAt = await waitFor(
        `dossier ${dossier.code} COMPLETED`,
        RECOVERY_TIMEOUT_MS,
        async () => {
          if (second.child.exitCode !== null)
            throw new Error(`the second worker exited (${second.child.exitCode}):\n${second.output()}`);
          const row = await db.prisma.dossier.findUnique({
            where: { code: dossier.code },
            select: { status: true },
          });
          return row?.status === 'COMPLETED' ? Date.now() : undefined;
        },
        500,
      );
      await expectNothingLost(db, temporal, dossier.code, STEP_KEYS);
      // The crash came before the first delivery left: each agency got its step once, under one key.
      for (const code of [AGENCY, OTHER_AGENCY]) {
        const keys = Object.entries(fleet.simulators[code].deliveries().byKey).filter(([key]) =>
          key.includes(`/${dossier.code}/`),
        );
        expect(keys.map(([, count]) => count)).toEqual([1]);
      }

      console.log(
        `[watched-worker] npm run worker: ${JSON.stringify({
          exitedAfterSubmitMs: exitedAt - submittedAt,
          completedAfterSubmitMs: completedAt - submittedAt,
          fatalLine: fatal[0].msg,
        })}`,
      );
      await second.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    },
    RECOVERY_TIMEOUT_MS + 120_000,
  );
});

describe('npm run api (api/main.ts) with no worker of its own', () => {
  test(
    '/healthz is 503 naming the worker while nothing polls the task queue, 200 once a worker does',
    async () => {
      const taskQueue = `watched-api-${randomUUID()}`;
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const api = await startNodeProcess({
        script: 'api/main.ts',
        ready: /GraphQL API listening/,
        env: {
          LOG_LEVEL: 'info',
          DATABASE_URL: requiredEnv('DATABASE_URL'),
          TEMPORAL_ADDRESS: requiredEnv('TEMPORAL_ADDRESS'),
          TEMPORAL_NAMESPACE: laneNamespace(),
          TASK_QUEUE: taskQueue,
          PORT: String(port),
          HOST: '127.0.0.1',
        },
      });
      children.push(api);

      const alone = await health(baseUrl);
      expect(alone.status).toBe(503);
      expect(alone.body).toMatchObject({
        ready: false,
        database: 'ok',
        temporal: 'ok',
        worker: {
          source: 'task-queue pollers',
          status: 'NOT_POLLING',
          taskQueue,
          lastPollAt: { workflow: null, activity: null },
        },
      });
      expect(alone.body.down).toEqual({
        worker: `no worker has polled task queue ${taskQueue} for workflow and activity tasks in the last ${LIVE_POLLER_WITHIN_MS / 1000} s`,
      });

      const worker = await startWorkerProcess({
        databaseUrl: requiredEnv('DATABASE_URL'),
        temporalAddress: requiredEnv('TEMPORAL_ADDRESS'),
        taskQueue,
        workflowBundlePath: requiredEnv('WORKFLOW_BUNDLE_PATH'),
      });
      children.push(worker);
      const served = await waitFor('/healthz 200 once a worker polls', 30_000, async () => {
        const h = await health(baseUrl);
        return h.status === 200 ? h : undefined;
      });
      expect(served.body).toMatchObject({ ready: true, worker: { status: 'POLLING', taskQueue } });
      expect(served.body.down).toBeUndefined();

      if (LONG) {
        // How long the API takes to see a dead worker as down (bounded by LIVE_POLLER_WITHIN_MS).
        await worker.kill('SIGKILL');
        const killedAt = Date.now();
        const seenDown = await waitFor(
          '/healthz 503 after the worker was killed',
          LIVE_POLLER_WITHIN_MS + 30_000,
          async () => {
            const h = await health(baseUrl);
            return h.status === 503 ? h : undefined;
          },
          1000,
        );
        const delayMs = seenDown.at - killedAt;
        console.log(`[watched-worker] npm run api: a SIGKILLed worker was reported down after ${delayMs} ms`);
        expect(seenDown.body.down?.worker).toMatch(/no worker has polled/);
      } else {
        await worker.kill('SIGTERM');
      }
      await api.kill('SIGTERM');
    },
    LONG ? 240_000 : 120_000,
  );
});
