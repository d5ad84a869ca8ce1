// Crashes and restarts with real processes (issue #7, part 1). The worker runs as a child process
// (`node --import tsx worker/main.ts`, the production entry point); this file starts its OWN
// Temporal dev server persisted to a SQLite file in a temp dir (so it can be killed and started
// again on the same port with the same data) and its own agency simulators, agencies and
// procedure (unique codes: the shared catalog rows other test files use are not touched). The
// read-model database is the run's shared one (DATABASE_URL from global-setup).
//
//   1. SIGKILL the worker while DOSSIERS dossiers are in flight, start a new worker process;
//   2. SIGKILL the Temporal dev server mid-run and start it again (same port, same SQLite file)
//      while the worker process keeps running and must reconnect by itself.
//
// Then every dossier must be COMPLETED in the read model with events 1..n (no gap, no duplicate,
// exactly one STEP_COMPLETED per step), every step must have reached its agency's system under
// exactly ONE idempotency key (re-deliveries of that same key after the crash are allowed and
// counted), and `reconcile` must report no drift.
//
// Default: 200 dossiers per test (CRASH_DOSSIERS overrides). Long variant, 1,000 dossiers:
//
//   RELIABILITY_LONG=1 npx jest --selectProjects integration --testPathPatterns crash-recovery
//
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { startAgencyFleet, type AgencyFleet } from '../../simulators/agency/fleet';
import { devAgencySecret } from '../../integrations/agency-protocol/secrets';
import { upsertAgency } from '../../services/catalog/agencies';
import { createCalendarSource } from '../../services/catalog/calendar';
import { upsertProcedure } from '../../services/catalog/procedures';
import { workflowIdForDossier } from '../../domain/contract/dossier-workflow';
import { reconcile } from '../../services/reconcile';
import { submitDossier, type ReceptionDeps } from '../../services/reception/submit-dossier';
import { connectClient } from '../../platform/temporal-connection';
import { freePort, startTemporalDevServer, type DevServer } from '../../platform/temporal-dev-server';
import { openDatabase, type Database } from '../../prisma/database';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { killAndWait, startWorkerProcess, track, type WorkerProcess } from '../support/worker-process';
import { requiredEnv } from '../support/test-env';
import { sleep, waitFor } from '../support/waiting';

const LONG = process.env.RELIABILITY_LONG === '1';
const DOSSIERS = Number(process.env.CRASH_DOSSIERS ?? (LONG ? 1000 : 200));
/** Crash once this share of the expected deliveries reached the simulators. */
const CRASH_AT_SHARE = 0.3;
/** In-flight activities of a killed worker are retried after their start-to-close timeout (30 s). */
const COMPLETION_TIMEOUT_MS = LONG ? 900_000 : 240_000;
const TEST_TIMEOUT_MS = COMPLETION_TIMEOUT_MS + 180_000;

// Our own agencies (codes unique to this run) and a 4-step procedure, every step SYSTEM: a -> (b || c) -> d.
const suffix = randomBytes(3).toString('hex').toUpperCase();
const AGENCIES = [
  { code: `CR_RECV_${suffix}`, level: 'COMMUNE' as const, latencyMs: 200 },
  { code: `CR_B_${suffix}`, level: 'DISTRICT' as const, latencyMs: 500 },
  { code: `CR_C_${suffix}`, level: 'DISTRICT' as const, latencyMs: 350 },
];
const [RECV, B, C] = AGENCIES.map((a) => a.code);
const PROCEDURE_CODE = `CRASH.${suffix}`;
const STEP_KEYS = ['a', 'b', 'c', 'd'];
const procedure = {
  code: PROCEDURE_CODE,
  name: 'Crash recovery: 4 SYSTEM steps (a -> b||c -> d)',
  onlineLevel: 'FULL',
  totalWorkingDays: 5,
  receivingAgencyCode: RECV,
  steps: [
    { key: 'a', name: 'Tiếp nhận, kiểm tra', agencyCode: RECV, workingDays: 1, mode: 'SYSTEM' },
    { key: 'b', name: 'Thẩm định nhánh B', agencyCode: B, workingDays: 1, mode: 'SYSTEM', after: ['a'] },
    { key: 'c', name: 'Thẩm định nhánh C', agencyCode: C, workingDays: 1, mode: 'SYSTEM', after: ['a'] },
    { key: 'd', name: 'Trả kết quả', agencyCode: RECV, workingDays: 1, mode: 'SYSTEM', after: ['b', 'c'] },
  ],
};

let tmpDir: string;
let dbFilename: string;
let temporalPort: number;
let devServer: DevServer | undefined;
let db: Database;
let temporal: Client;
let fleet: AgencyFleet;
const workers: WorkerProcess[] = [];

/** What the dev server module reported when a server died without being asked to stop. */
const unexpectedExits: string[] = [];

async function startDevServer(): Promise<DevServer> {
  const server = await startTemporalDevServer({
    port: temporalPort,
    headless: true,
    dbFilename,
    logFile: path.join(tmpDir, 'temporal.log'),
    onUnexpectedExit: (reason) => unexpectedExits.push(reason),
  });
  track(server.process);
  return server;
}

beforeAll(async () => {
  tmpDir = await mkdtemp(path.join(os.tmpdir(), 'lien-thong-crash-'));
  dbFilename = path.join(tmpDir, 'temporal.db');
  temporalPort = await freePort();
  devServer = await startDevServer();
  db = await openDatabase({ url: requiredEnv('DATABASE_URL'), poolSize: 10 });
  fleet = await startAgencyFleet({
    agencies: AGENCIES.map((a) => ({
      code: a.code,
      secret: devAgencySecret(a.code),
      behaviour: { default: { latencyMs: a.latencyMs } },
    })),
    host: '127.0.0.1',
  });
  for (const a of AGENCIES) {
    await upsertAgency(db.prisma, {
      code: a.code,
      name: `Crash test ${a.code}`,
      level: a.level,
      endpointUrl: fleet.urls[a.code],
    });
  }
  await upsertProcedure(db.prisma, procedure);
  temporal = await connectClient({
    address: devServer.address,
    namespace: 'default',
    payloadKeys: TEST_PAYLOAD_KEYS,
  });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(workers.map((w) => w.kill('SIGKILL')));
  if (devServer) await killAndWait(devServer.process, 'SIGTERM');
  await temporal?.connection.close().catch(() => undefined);
  await fleet?.close();
  await db?.close();
  if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
}, 60_000);

async function startWorker(taskQueue: string): Promise<WorkerProcess> {
  const worker = await startWorkerProcess({
    databaseUrl: requiredEnv('DATABASE_URL'),
    temporalAddress: `127.0.0.1:${temporalPort}`,
    namespace: 'default',
    taskQueue,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
  });
  workers.push(worker);
  return worker;
}

async function mapLimit<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}

function reception(taskQueue: string): ReceptionDeps {
  return {
    sql: db.sql,
    temporal,
    taskQueue,
    lookupKeySecret: 'test-lookup-secret',
    calendar: createCalendarSource(db.prisma),
  };
}

async function submitAll(taskQueue: string, count: number): Promise<string[]> {
  const deps = reception(taskQueue);
  return mapLimit(
    Array.from({ length: count }, (_, i) => i),
    16,
    async (i) => {
      const { dossier, created } = await submitDossier(deps, {
        procedureCode: PROCEDURE_CODE,
        applicant: { name: `Người nộp ${i}`, idNumber: `0791900${String(i).padStart(5, '0')}` },
        channel: 'ONLINE',
        formData: { crashTest: i },
        idempotencyKey: randomUUID(),
      });
      if (!created) throw new Error('a fresh idempotency key must create a dossier');
      return dossier.code;
    },
  );
}

/** Idempotency key -> deliveries, over every simulator, for these dossiers only. */
function deliveriesOf(codes: Set<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const simulator of Object.values(fleet.simulators)) {
    for (const [key, count] of Object.entries(simulator.deliveries().byKey)) {
      if (codes.has(key.split('/')[1])) out.set(key, (out.get(key) ?? 0) + count);
    }
  }
  return out;
}
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

const completedCount = (codes: string[]) =>
  db.prisma.dossier.count({ where: { code: { in: codes }, status: 'COMPLETED' } });

/** Waits until a good share of the deliveries happened but dossiers are still in flight; returns a snapshot. */
async function waitUntilInFlight(codes: string[]) {
  const set = new Set(codes);
  const expected = codes.length * STEP_KEYS.length;
  const snapshot = await waitFor(
    `${CRASH_AT_SHARE * 100}% of ${expected} deliveries`,
    120_000,
    async () => {
      const delivered = sum(deliveriesOf(set));
      return delivered >= expected * CRASH_AT_SHARE ? { delivered } : undefined;
    },
    50,
  );
  const completed = await completedCount(codes);
  if (completed >= codes.length)
    throw new Error(
      'every dossier completed before the crash: nothing was in flight (raise latencyMs or CRASH_DOSSIERS)',
    );
  return { ...snapshot, completed };
}

/** Waits (bounded) until every dossier is COMPLETED; returns the progress seen every ~5 s: [s since `from`, completed, deliveries]. */
async function waitUntilAllCompleted(codes: string[], from: number, alive?: () => void): Promise<number[][]> {
  const set = new Set(codes);
  const timeline: number[][] = [];
  let lastSample = 0;
  await waitFor(
    `all ${codes.length} dossiers COMPLETED`,
    COMPLETION_TIMEOUT_MS,
    async () => {
      alive?.();
      const completed = await completedCount(codes);
      if (Date.now() - lastSample >= 5000 || completed === codes.length) {
        lastSample = Date.now();
        timeline.push([Math.round((Date.now() - from) / 1000), completed, sum(deliveriesOf(set))]);
      }
      return completed === codes.length ? true : undefined;
    },
    500,
  );
  return timeline;
}

/** activityId -> stepKey of every delivery the workflow scheduled (its recorded history). */
async function deliveryActivities(code: string): Promise<Map<string, string>> {
  const history = await temporal.workflow.getHandle(workflowIdForDossier(code)).fetchHistory();
  const byActivity = new Map<string, string>();
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'deliverWorkItem') continue;
    const payloads = scheduled.input?.payloads;
    const input = payloads?.length
      ? await decodeFromPayloadsAtIndex<{ stepKey: string }>(
          temporal.options.loadedDataConverter,
          0,
          payloads,
        )
      : undefined;
    byActivity.set(scheduled.activityId!, input?.stepKey ?? '?');
  }
  return byActivity;
}

interface Verdict {
  dossiers: number;
  deliveries: number;
  distinctKeys: number;
  redeliveredKeys: number;
  redeliveries: number;
}

/** Every invariant of the issue, over the read model, the simulators and the histories. */
async function verify(codes: string[], label: string, facts: Record<string, unknown>): Promise<Verdict> {
  const problems: string[] = [];
  const dossiers = await db.prisma.dossier.findMany({
    where: { code: { in: codes } },
    select: { code: true, status: true, lastEventSeq: true },
  });
  expect(dossiers.filter((d) => d.status !== 'COMPLETED')).toEqual([]);
  expect(dossiers).toHaveLength(codes.length);

  const events = await db.prisma.dossierEvent.findMany({
    where: { dossierCode: { in: codes } },
    select: { dossierCode: true, seq: true, type: true, payload: true },
    orderBy: [{ dossierCode: 'asc' }, { seq: 'asc' }],
  });
  const eventsOf = new Map<string, typeof events>();
  for (const e of events) eventsOf.set(e.dossierCode, [...(eventsOf.get(e.dossierCode) ?? []), e]);
  const steps = await db.prisma.dossierStep.findMany({
    where: { dossierCode: { in: codes } },
    select: { dossierCode: true, key: true, status: true },
  });

  const keys = deliveriesOf(new Set(codes));
  const keysOf = new Map<string, string[]>();
  for (const key of keys.keys()) {
    const code = key.split('/')[1];
    keysOf.set(code, [...(keysOf.get(code) ?? []), key]);
  }
  const activities = await mapLimit(codes, 8, deliveryActivities);

  codes.forEach((code, i) => {
    const row = dossiers.find((d) => d.code === code)!;
    const seqs = (eventsOf.get(code) ?? []).map((e) => e.seq);
    if (seqs.join() !== Array.from({ length: row.lastEventSeq }, (_, j) => j + 1).join()) {
      problems.push(`${code}: events ${seqs.join(',')} for lastEventSeq ${row.lastEventSeq}`);
    }
    const completedSteps = (eventsOf.get(code) ?? [])
      .filter((e) => e.type === 'STEP_COMPLETED')
      .map((e) => (e.payload as { stepKey?: string }).stepKey)
      .sort();
    if (completedSteps.join() !== STEP_KEYS.join())
      problems.push(`${code}: STEP_COMPLETED events for ${completedSteps.join(',')}`);
    const stepRows = steps
      .filter((s) => s.dossierCode === code)
      .map((s) => `${s.key}:${s.status}`)
      .sort();
    if (stepRows.join() !== STEP_KEYS.map((k) => `${k}:DONE`).join())
      problems.push(`${code}: steps ${stepRows.join(',')}`);

    // No step delivered twice: exactly one idempotency key per step reached an agency system.
    const byActivity = activities[i];
    const keysByStep = new Map<string, string[]>();
    for (const key of keysOf.get(code) ?? []) {
      const step = byActivity.get(key.split('/')[3]) ?? `unknown activity ${key}`;
      keysByStep.set(step, [...(keysByStep.get(step) ?? []), key]);
    }
    const perStep = [...keysByStep.entries()].map(([step, k]) => `${step}:${k.length}`).sort();
    if (perStep.join() !== STEP_KEYS.map((k) => `${k}:1`).join())
      problems.push(`${code}: idempotency keys per step ${perStep.join(',')}`);
    if (byActivity.size !== STEP_KEYS.length)
      problems.push(`${code}: ${byActivity.size} deliveries scheduled in the history`);
  });
  const counts = [...keys.values()];
  const verdict: Verdict = {
    dossiers: codes.length,
    deliveries: sum(keys),
    distinctKeys: keys.size,
    redeliveredKeys: counts.filter((n) => n > 1).length,
    redeliveries: counts.reduce((a, n) => a + n - 1, 0),
  };
  const drift = await waitFor(
    'reconcile without drift',
    30_000,
    async () => {
      const r = await reconcile({ prisma: db.prisma, temporal, codes });
      return r.drifts.length === 0 ? r : undefined;
    },
    1000,
  ).catch(async () => reconcile({ prisma: db.prisma, temporal, codes }));
  report(label, { ...verdict, ...facts, problems: problems.length, drifts: drift.drifts.length });
  expect(problems.slice(0, 20)).toEqual([]);
  expect(drift.drifts.slice(0, 20)).toEqual([]);
  expect(drift.checked).toBe(codes.length);
  return verdict;
}

function report(test: string, facts: Record<string, unknown>): void {
  console.log(`[crash-recovery] ${test}: ${JSON.stringify(facts)}`);
}

test(
  `the worker is SIGKILLed with ${DOSSIERS} dossiers in flight; a new worker process finishes them all, nothing lost or duplicated`,
  async () => {
    const taskQueue = `crash-worker-${randomUUID()}`;
    const started = Date.now();
    const first = await startWorker(taskQueue);
    const codes = await submitAll(taskQueue, DOSSIERS);
    const submittedMs = Date.now() - started;
    const atCrash = await waitUntilInFlight(codes);

    await first.kill('SIGKILL');
    const { signal } = await first.exited;
    expect(signal).toBe('SIGKILL');
    const crashedAt = Date.now();
    await sleep(1000);
    const second = await startWorker(taskQueue);
    const timeline = await waitUntilAllCompleted(codes, crashedAt, () => {
      if (second.child.exitCode !== null)
        throw new Error(`the restarted worker exited (${second.child.exitCode}):\n${second.output()}`);
    });
    const completedMs = Date.now() - started;
    const recoveryMs = Date.now() - crashedAt;
    const verdict = await verify(codes, 'worker SIGKILL', {
      submittedMs,
      atCrash,
      recoveryMs,
      totalMs: completedMs,
      workerPids: [first.pid, second.pid],
      timeline,
    });
    await second.kill('SIGTERM');
    // Every delivery the killed worker had in flight is retried under its own key, never a new one.
    expect(verdict.distinctKeys).toBe(DOSSIERS * STEP_KEYS.length);
  },
  TEST_TIMEOUT_MS,
);

test(
  `the Temporal dev server (persisted) is SIGKILLed and restarted mid-run; the running worker reconnects and ${DOSSIERS} dossiers complete`,
  async () => {
    const taskQueue = `crash-server-${randomUUID()}`;
    const started = Date.now();
    const worker = await startWorker(taskQueue);
    const codes = await submitAll(taskQueue, DOSSIERS);
    const atCrash = await waitUntilInFlight(codes);

    const server = devServer!;
    devServer = undefined;
    await killAndWait(server.process, 'SIGKILL');
    const killedAt = Date.now();
    // It ran as npm start runs it, on SQLite's write-ahead log (DURABLE_SQLITE_PRAGMAS; the -wal
    // file exists only in that mode): the setting this SIGKILL must lose nothing on.
    expect(existsSync(`${dbFilename}-wal`)).toBe(true);
    await sleep(3000);
    // npm start shuts down on this report; here the test restarts the server itself.
    expect(unexpectedExits).toEqual([
      expect.stringMatching(/exited with signal SIGKILL \(full log: .*temporal\.log\)/),
    ]);
    devServer = await startDevServer();
    const serverDownMs = Date.now() - killedAt;

    const timeline = await waitUntilAllCompleted(codes, killedAt, () => {
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
        throw new Error(
          `FINDING: the worker process did not survive the Temporal server restart (exit ${worker.child.exitCode}, signal ${worker.child.signalCode}):\n${worker.output()}`,
        );
      }
    });
    const completedMs = Date.now() - started;
    const recoveryMs = Date.now() - killedAt;
    const verdict = await verify(codes, 'Temporal dev server SIGKILL + restart', {
      atCrash,
      serverDownMs,
      recoveryMs,
      totalMs: completedMs,
      workerPid: worker.pid,
      timeline,
    });
    expect(worker.child.exitCode).toBeNull();
    await worker.kill('SIGTERM');
    expect(verdict.distinctKeys).toBe(DOSSIERS * STEP_KEYS.length);
  },
  TEST_TIMEOUT_MS,
);
