// A rolling upgrade of the workers (issue #21): two `npm run worker` processes (the production entry
// point) run the workflow code of this tree; they are restarted one at a time onto the next
// release while dossiers are in flight, as an operator rolls a Deployment.
//
// "The next release" is honest code, not a test double: the real workflows/ copied to a temporary
// folder with one real change applied to the real dossier workflow and bundled as production loads
// it (WORKFLOW_BUNDLE_PATH); tests/support/next-workflow-release.ts says what the change is. It
// adds a timer before each delivery to an agency, mid-life of a dossier, behind `patched()`.
//
// The procedure is a -> b -> c -> d -> e, with a, c, e SYSTEM (delivered by the workers) and b, d
// MANUAL (completed by this test when it chooses), so every dossier of the first wave is certainly
// in flight across both restarts: `a` delivered by the old code, `c` by either, `e` by the new.
//
//   1. workers 1 and 2 on the current code; wave 1 submitted; each reaches b;
//   2. worker 1 stopped (SIGTERM) and started on the next release; wave 2 submitted meanwhile;
//      b completed for wave 1;
//   3. worker 2 likewise; wave 3 submitted meanwhile; every MANUAL step completed as it comes.
//
// Then every dossier is COMPLETED (nothing lost, nothing delivered twice), no workflow task failed
// anywhere in any history (no replay failure during the rollout), every first-wave history shows
// both codes at work (a delivery before the patch marker and a paused delivery after it), and every
// history replays on the next release. The same change without `patched()` fails to replay those
// histories: the guard is what kept them alive (Temporal's core logs that replay's nondeterminism
// error as a WARN line: expected). 90 to 130 s on the shared 2-core machine, most of it bundling the
// two releases and starting four worker processes.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { History } from '@temporalio/common/lib/proto-utils';
import { startAgencyFleet, type AgencyFleet } from '../../simulators/agency/fleet';
import { devAgencySecret } from '../../integrations/agency-protocol/secrets';
import { upsertAgency } from '../../services/catalog/agencies';
import { createCalendarSource } from '../../services/catalog/calendar';
import { upsertProcedure } from '../../services/catalog/procedures';
import { runDossierAction } from '../../services/actions/dossier-actions';
import { submitDossier } from '../../services/reception/submit-dossier';
import { completeStepUpdate, workflowIdForDossier } from '../../domain/contract/dossier-workflow';
import { dossierDataConverter } from '../../platform/encryption/data-converter';
import { connectClient } from '../../platform/temporal-connection';
import { installTemporalRuntime } from '../../platform/temporal-runtime';
import { openDatabase, type Database } from '../../prisma/database';
import { completionProblems } from '../support/completion-checks';
import { agencyActor } from '../support/dossier-driver';
import { buildNextRelease, NEXT_RELEASE_PATCH_ID, type NextRelease } from '../support/next-workflow-release';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { laneNamespace } from '../support/test-env';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const suffix = randomBytes(3).toString('hex').toUpperCase();
const RECV = `RU_RECV_${suffix}`;
const OFFICE = `RU_OFFICE_${suffix}`;
const SYSTEMS = `RU_SYS_${suffix}`;
const PROCEDURE_CODE = `ROLLING.${suffix}`;
const STEP_KEYS = ['a', 'b', 'c', 'd', 'e'];
const MANUAL_AGENCY: Record<string, string> = { b: OFFICE, d: OFFICE };
const procedure = {
  code: PROCEDURE_CODE,
  name: 'Rolling upgrade: SYSTEM, MANUAL, SYSTEM, MANUAL, SYSTEM',
  onlineLevel: 'FULL',
  totalWorkingDays: 6,
  receivingAgencyCode: RECV,
  steps: [
    { key: 'a', name: 'Tiếp nhận', agencyCode: RECV, workingDays: 1, mode: 'SYSTEM' },
    { key: 'b', name: 'Thẩm định', agencyCode: OFFICE, workingDays: 1, mode: 'MANUAL', after: ['a'] },
    { key: 'c', name: 'Cấp số', agencyCode: SYSTEMS, workingDays: 1, mode: 'SYSTEM', after: ['b'] },
    { key: 'd', name: 'Ký duyệt', agencyCode: OFFICE, workingDays: 1, mode: 'MANUAL', after: ['c'] },
    { key: 'e', name: 'Trả kết quả', agencyCode: RECV, workingDays: 1, mode: 'SYSTEM', after: ['d'] },
  ],
};

let db: Database;
let temporal: Client;
let fleet: AgencyFleet;
let guarded: NextRelease;
let unguarded: NextRelease;
const workers: WorkerProcess[] = [];
const taskQueue = `rolling-upgrade-${randomUUID()}`;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through jest (global-setup.ts)`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(200);
  }
}

beforeAll(async () => {
  installTemporalRuntime();
  [guarded, unguarded] = await Promise.all([
    buildNextRelease({ guarded: true }),
    buildNextRelease({ guarded: false }),
  ]);
  db = await openDatabase({ url: required('DATABASE_URL'), poolSize: 4 });
  fleet = await startAgencyFleet({
    agencies: [RECV, OFFICE, SYSTEMS].map((code) => ({
      code,
      secret: devAgencySecret(code),
      behaviour: { default: { latencyMs: 300 } },
    })),
    host: '127.0.0.1',
  });
  for (const code of [RECV, OFFICE, SYSTEMS])
    await upsertAgency(db.prisma, {
      code,
      name: `Rolling upgrade ${code}`,
      level: 'DISTRICT',
      endpointUrl: fleet.urls[code],
    });
  await upsertProcedure(db.prisma, procedure);
  temporal = await connectClient({
    address: required('TEMPORAL_ADDRESS'),
    namespace: laneNamespace(),
    payloadKeys: TEST_PAYLOAD_KEYS,
  });
}, 180_000);

afterAll(async () => {
  await Promise.allSettled(workers.map((w) => w.kill('SIGKILL')));
  await temporal?.connection.close().catch(() => undefined);
  await fleet?.close();
  await db?.close();
  await Promise.allSettled([guarded?.remove(), unguarded?.remove()]);
}, 60_000);

async function startWorker(bundlePath: string): Promise<WorkerProcess> {
  const worker = await startWorkerProcess({
    databaseUrl: required('DATABASE_URL'),
    temporalAddress: required('TEMPORAL_ADDRESS'),
    taskQueue,
    workflowBundlePath: bundlePath,
    readyTimeoutMs: 90_000,
  });
  workers.push(worker);
  return worker;
}

async function submitWave(size: number, wave: number): Promise<string[]> {
  const deps = {
    sql: db.sql,
    temporal,
    taskQueue,
    lookupKeySecret: 'test-lookup-secret',
    calendar: createCalendarSource(db.prisma),
  };
  return Promise.all(
    Array.from({ length: size }, async (_, i) => {
      const { dossier } = await submitDossier(deps, {
        procedureCode: PROCEDURE_CODE,
        applicant: { name: `Người nộp ${wave}-${i}`, idNumber: `07919${wave}${String(i).padStart(6, '0')}` },
        channel: 'ONLINE',
        formData: { wave, i },
        idempotencyKey: randomUUID(),
      });
      return dossier.code;
    }),
  );
}

const stepsActive = async (codes: string[], key: string) =>
  (await db.prisma.dossierStep.count({ where: { dossierCode: { in: codes }, key, status: 'ACTIVE' } })) ===
  codes.length;

/** Completes MANUAL step `key` of each dossier once it is ACTIVE (as its agency's officer). */
async function completeManual(codes: string[], key: string): Promise<void> {
  await waitFor(`step ${key} ACTIVE in ${codes.length} dossiers`, 60_000, () => stepsActive(codes, key));
  await Promise.all(
    codes.map((code) =>
      runDossierAction(
        temporal,
        code,
        completeStepUpdate,
        { actor: agencyActor(MANUAL_AGENCY[key]), stepKey: key, result: { note: `bước ${key}` } },
        20_000,
      ),
    ),
  );
}

/** Stops a worker as a rollout does (SIGTERM: tasks in hand finish) and starts its replacement. */
async function replace(worker: WorkerProcess, bundlePath: string): Promise<WorkerProcess> {
  await worker.kill('SIGTERM');
  const { code, signal } = await worker.exited;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  return startWorker(bundlePath);
}

const histories = (codes: string[]) =>
  Promise.all(
    codes.map(async (code) => ({
      code,
      history: await temporal.workflow.getHandle(workflowIdForDossier(code)).fetchHistory(),
    })),
  );

type HistoryEvent = NonNullable<History['events']>[number];
const markerText = (event: HistoryEvent) =>
  Object.values(event.markerRecordedEventAttributes?.details ?? {})
    .flatMap((p) => p.payloads ?? [])
    .map((p) => Buffer.from(p.data ?? []).toString())
    .join(' ');

/** The order in which a history did things that tell the two codes apart. */
function shape(history: History): string[] {
  const out: string[] = [];
  for (const event of history.events ?? []) {
    const timer = event.timerStartedEventAttributes?.startToFireTimeout;
    // Our release's patch marker (the workflow has older patches of its own).
    if (markerText(event).includes(NEXT_RELEASE_PATCH_ID)) out.push('marker');
    // The next release's pause; the workflow's own alarms wait hours.
    else if (timer && Number(timer.seconds ?? 0) === 0 && timer.nanos === 250_000_000) out.push('pause');
    else if (event.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverWorkItem')
      out.push('delivery');
    else if (event.workflowTaskFailedEventAttributes) out.push('TASK FAILED');
  }
  return out;
}

const replayOn = (bundlePath: string, history: History, code: string) =>
  Worker.runReplayHistory(
    {
      workflowBundle: { codePath: bundlePath },
      replayName: 'rolling-upgrade',
      dataConverter: dossierDataConverter(TEST_PAYLOAD_KEYS),
    },
    history,
    workflowIdForDossier(code),
  );

test('workers restarted one at a time onto a release that changes workflow code behind patched(): every dossier completes, none fails replay', async () => {
  const started = Date.now();
  const current = required('WORKFLOW_BUNDLE_PATH');
  let [w1, w2] = await Promise.all([startWorker(current), startWorker(current)]);

  const wave1 = await submitWave(6, 1);
  await waitFor('wave 1 at step b', 60_000, () => stepsActive(wave1, 'b'));

  // Worker 1 onto the next release, dossiers arriving meanwhile.
  const stopping1 = replace(w1, guarded.bundlePath);
  const wave2 = await submitWave(3, 2);
  w1 = await stopping1;
  await completeManual(wave1, 'b');
  await waitFor('wave 1 at step d', 60_000, () => stepsActive(wave1, 'd'));

  // Worker 2 likewise.
  const stopping2 = replace(w2, guarded.bundlePath);
  const wave3 = await submitWave(3, 3);
  w2 = await stopping2;
  await Promise.all([
    completeManual(wave1, 'd'),
    completeManual(wave2, 'b').then(() => completeManual(wave2, 'd')),
    completeManual(wave3, 'b').then(() => completeManual(wave3, 'd')),
  ]);

  const all = [...wave1, ...wave2, ...wave3];
  await waitFor(`${all.length} dossiers COMPLETED`, 60_000, async () => {
    return (
      (await db.prisma.dossier.count({ where: { code: { in: all }, status: 'COMPLETED' } })) === all.length
    );
  });
  expect((await completionProblems(db.prisma, fleet, all, STEP_KEYS, 3)).slice(0, 10)).toEqual([]);

  const recorded = await histories(all);
  // No workflow task failed during the rollout: no worker met a history it could not replay.
  expect(recorded.filter((r) => shape(r.history).includes('TASK FAILED')).map((r) => r.code)).toEqual([]);
  // Every first-wave dossier crossed the upgrade: delivered by the current code before the patch
  // marker, and paused by the next release's timer before a later delivery.
  for (const { code, history } of recorded.filter((r) => wave1.includes(r.code))) {
    const s = shape(history).join(' ');
    expect({ code, shape: s }).toEqual({
      code,
      shape: expect.stringMatching(/^delivery .*marker pause delivery/),
    });
  }
  const markers = recorded.flatMap(({ history }) => shape(history).filter((x) => x === 'marker'));
  expect(markers.length).toBeGreaterThanOrEqual(wave1.length);

  // Every history replays on the next release; the unguarded change cannot replay the crossed ones.
  for (const { code, history } of recorded) await replayOn(guarded.bundlePath, history, code);
  const { code, history } = recorded.find((r) => wave1.includes(r.code))!;
  await expect(replayOn(unguarded.bundlePath, history, code)).rejects.toThrow(/[Nn]ondetermini/);

  console.log(
    `[rolling-upgrade] ${all.length} dossiers (6 across both restarts), ${markers.length} patch markers (${NEXT_RELEASE_PATCH_ID}), ${Math.round((Date.now() - started) / 1000)} s`,
  );
}, 300_000);
