// Dependencies failing under a running engine (issue #7): an agency system unreachable for a while,
// answering 5xx for a while, answering slower than the adapter's timeout; PostgreSQL unreachable
// under a worker. Faults are injected with a TCP proxy the test controls (tests/support/tcp-proxy.ts),
// never by stopping a shared server. Every scenario ends with reconciliation and zero drift.
// (A permanent agency error → FAILED step, INTEGRATION_FAILURE escalation, supervisor retryStep is
// covered in dossier-workflow.test.ts.) The agency and procedures are this file's own, with unique codes.
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { createAgencySimulator, type AgencySimulator } from '../../simulators/agency/simulator';
import { devAgencySecret } from '../../integrations/agency-protocol/secrets';
import { upsertAgency } from '../../services/catalog/agencies';
import { upsertProcedure } from '../../services/catalog/procedures';
import type { DossierState } from '../../domain/contract/dossier-workflow';
import type { StepInput } from '../../domain/procedure/types';
import { reconcile } from '../../services/reconcile';
import { submitDossier } from '../../services/reception/submit-dossier';
import { connectWorker } from '../../platform/temporal-connection';
import { openDatabase, type PrismaClient } from '../../prisma/database';
import { createDossierWorker, type DossierWorkerOptions } from '../../worker/create-worker';
import { expectReadModelMatches, handleOf, readModel, services, stateOf } from '../support/dossier-driver';
import { sleep } from '../support/waiting';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { failureMessage } from '../support/history-payloads';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { laneNamespace } from '../support/test-env';

const TAG = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
const AGENCY = `FLT_${TAG}`;
const PROC = {
  down: `FLT-${TAG}-down`,
  flaky: `FLT-${TAG}-flaky`,
  slow: `FLT-${TAG}-slow`,
  db: `FLT-${TAG}-db`,
};
const system = (key: string, after?: string): StepInput => ({
  key,
  name: `Bước ${key}`,
  agencyCode: AGENCY,
  workingDays: 1,
  mode: 'SYSTEM',
  after: after ? [after] : [],
});

let engine: EngineHarness;
let simulator: AgencySimulator;
let agencyProxy: TcpProxy;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  engine = await startEngine();
  const { prisma } = engine.db;
  simulator = createAgencySimulator({ agencyCode: AGENCY, secret: devAgencySecret(AGENCY) });
  const { url } = await simulator.listen();
  cleanups.push(() => simulator.close());
  agencyProxy = await startTcpProxy({ target: { host: '127.0.0.1', port: Number(new URL(url).port) } });
  cleanups.push(() => agencyProxy.close());
  await upsertAgency(prisma, {
    code: AGENCY,
    name: `Hệ thống thử lỗi ${TAG}`,
    level: 'DISTRICT',
    endpointUrl: `http://127.0.0.1:${agencyProxy.port}`,
  });
  for (const [name, code] of Object.entries(PROC)) {
    const steps = name === 'db' ? [system('a'), system('b', 'a'), system('c', 'b')] : [system('xu-ly')];
    await upsertProcedure(prisma, {
      code,
      name: `Thủ tục thử lỗi ${name}`,
      onlineLevel: 'FULL',
      totalWorkingDays: 3,
      receivingAgencyCode: AGENCY,
      steps,
    });
  }
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse())
    await cleanup().catch((err: unknown) => console.error('cleanup failed', err));
  await engine?.stop();
});

/** A worker of this file's own, on its own task queue; `crashed` holds the error if its run() ever fails. */
async function startOwnWorker(prisma: PrismaClient, extra: Partial<DossierWorkerOptions> = {}) {
  const taskQueue = `faults-${randomUUID()}`;
  const connection = await connectWorker({
    address: process.env.TEMPORAL_ADDRESS!,
    namespace: laneNamespace(),
  });
  const worker = await createDossierWorker({
    connection,
    namespace: laneNamespace(),
    taskQueue,
    prisma,
    payloadKeys: TEST_PAYLOAD_KEYS,
    workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH!,
    ...extra,
  });
  const own = { taskQueue, worker, crashed: undefined as unknown };
  const running = worker.run().catch((err: unknown) => void (own.crashed = err));
  cleanups.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
  });
  return own;
}

async function submitTo(procedureCode: string, taskQueue = engine.taskQueue): Promise<string> {
  const { dossier } = await submitDossier(
    { ...services(engine), taskQueue },
    {
      procedureCode,
      applicant: { name: 'Lê Văn Cường', idNumber: '079190005678' },
      channel: 'ONLINE',
      idempotencyKey: randomUUID(),
    },
  );
  return dossier.code;
}

/** Resolves with the workflow's final state, or fails after `ms`. */
async function finalState(code: string, ms = 60_000): Promise<DossierState> {
  const handle: WorkflowHandle = handleOf(engine, code);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`dossier ${code} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([handle.result() as Promise<DossierState>, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The activity the workflow is waiting on, as Temporal describes it (attempt, last failure). */
async function pendingActivity(code: string, type: string) {
  const { raw } = await handleOf(engine, code).describe();
  const pending = raw.pendingActivities?.find((a) => a.activityType?.name === type);
  return pending
    ? {
        attempt: pending.attempt ?? 0,
        lastFailure: await failureMessage(engine.temporal, pending.lastFailure),
      }
    : undefined;
}

/** Deliveries per idempotency key this file's simulator saw for the dossier. */
function keysFor(code: string): number[] {
  return Object.entries(simulator.deliveries().byKey)
    .filter(([key]) => key.startsWith(`dossier/${code}/`))
    .map(([, n]) => n);
}

const stepCompletions = async (code: string) =>
  (await readModel(engine, code)).events.filter((e) => e.type === 'STEP_COMPLETED').length;

/** Completed dossiers: read model equal to the workflow's final state, then reconciliation finds no drift. */
async function expectCaughtUpWithoutDrift(finals: DossierState[]): Promise<void> {
  for (const final of finals) {
    expect([final.status, ...final.steps.map((s) => s.status)]).toEqual([
      'COMPLETED',
      ...final.steps.map(() => 'DONE'),
    ]);
    await expectReadModelMatches(engine, final);
  }
  const codes = finals.map((f) => f.dossierCode);
  const report = await eventually(async () => {
    const r = await reconcile({ prisma: engine.db.prisma, temporal: engine.temporal, codes });
    return r.drifts.length === 0 ? r : undefined;
  }, 10_000);
  expect(report).toEqual({ checked: codes.length, drifts: [], repaired: 0 });
}

describe('an agency system failing for a while', () => {
  test('unreachable: the step stays ACTIVE while the delivery retries with backoff, then completes once it is back', async () => {
    agencyProxy.cut();
    let codes: string[] = [];
    try {
      codes = await Promise.all([1, 2, 3].map(() => submitTo(PROC.down)));
      // Attempts 1, 2, 3 at about 0 s, 1 s and 3 s (initial interval 1 s, coefficient 2) all fail;
      // the pending activity then shows attempt 4, waiting out its backoff.
      const retrying = await Promise.all(
        codes.map((code) =>
          eventually(async () => {
            const pending = await pendingActivity(code, 'deliverWorkItem');
            return pending && pending.attempt >= 4 ? pending : undefined;
          }, 15_000),
        ),
      );
      for (const pending of retrying) expect(pending.lastFailure).toMatch(/fetch failed/);
      for (const code of codes) {
        const state = await stateOf(engine, code);
        expect([state.status, state.steps[0].status]).toEqual(['IN_PROGRESS', 'ACTIVE']);
        expect(keysFor(code)).toEqual([]); // nothing reached the agency
      }
      expect(agencyProxy.stats().refused).toBeGreaterThanOrEqual(3 * codes.length);
    } finally {
      agencyProxy.restore();
    }
    const finals = await Promise.all(codes.map((code) => finalState(code, 30_000)));
    for (const code of codes) {
      expect(keysFor(code)).toEqual([1]); // one step attempt, one key, delivered once it got through
      expect(await stepCompletions(code)).toBe(1);
    }
    await expectCaughtUpWithoutDrift(finals);
  });

  test('answering 503 three times: retried under the same idempotency key until it answers', async () => {
    simulator.setBehaviour({ procedures: { [PROC.flaky]: { failFirst: 3 } } });
    const transientBefore = simulator.deliveries().transientFailures;
    const code = await submitTo(PROC.flaky);
    const final = await finalState(code, 30_000);
    expect(keysFor(code)).toEqual([4]);
    expect(simulator.deliveries().transientFailures - transientBefore).toBe(3);
    expect(await stepCompletions(code)).toBe(1);
    await expectCaughtUpWithoutDrift([final]);
  });

  test('answering slower than the request timeout: the retry with the same key gets the stored answer', async () => {
    // The first delivery is answered after 2.5 s; the worker gives up after 1 s and retries 1 s later,
    // when the agency has stored its answer: the retry is served that answer, not a second processing.
    simulator.setBehaviour({ procedures: { [PROC.slow]: { hangMs: 2_500 } } });
    const own = await startOwnWorker(engine.db.prisma, { agencyRequestTimeoutMs: 1_000 });
    const code = await submitTo(PROC.slow, own.taskQueue);
    const final = await finalState(code, 30_000);
    expect(keysFor(code)).toEqual([2]);
    expect(await stepCompletions(code)).toBe(1);
    const started = (await handleOf(engine, code).fetchHistory())
      .events!.map((e) => e.activityTaskStartedEventAttributes)
      .filter((a) => a?.lastFailure);
    const retried = await Promise.all(
      started.map(async (a) => [a!.attempt, await failureMessage(engine.temporal, a!.lastFailure)]),
    );
    expect(retried).toEqual([[2, expect.stringMatching(/timeout|abort/i)]]);
    expect(own.crashed).toBeUndefined();
    await expectCaughtUpWithoutDrift([final]);
  });
});

describe('PostgreSQL unreachable under a worker', () => {
  test('read-model writes fail and retry during the outage, then catch up: no event lost, no drift', async () => {
    const direct = new URL(process.env.DATABASE_URL!);
    const dbProxy = await startTcpProxy({
      target: { host: direct.hostname, port: Number(direct.port || 5432) },
    });
    cleanups.push(() => dbProxy.close());
    const proxied = new URL(direct);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(dbProxy.port);
    const db = await openDatabase({ url: proxied.toString(), poolSize: 4 });
    cleanups.push(() => db.close());
    const own = await startOwnWorker(db.prisma);
    simulator.setBehaviour({ procedures: { [PROC.db]: { latencyMs: 1_000 } } });

    const codes = await Promise.all([1, 2, 3, 4, 5].map(() => submitTo(PROC.db, own.taskQueue)));
    // Mid-run: every dossier has started, none has finished.
    await eventually(async () => {
      const states = await Promise.all(codes.map((code) => stateOf(engine, code)));
      return states.every((s) => s.steps[0].status === 'DONE') ? true : undefined;
    }, 20_000);
    dbProxy.cut();
    const cutAt = Date.now();
    let failing: { attempt: number; lastFailure: string }[] = [];
    try {
      // The workflows go on (agency deliveries do not need the database once the endpoint is cached);
      // their read-model writes fail and are retried.
      failing = await eventually(async () => {
        const pending = await Promise.all(codes.map((code) => pendingActivity(code, 'applyReadModelUpdate')));
        const retried = pending.filter((p): p is NonNullable<typeof p> => !!p && p.attempt >= 2);
        return retried.length === codes.length ? retried : undefined;
      }, 9_000);
      await sleep(9_000 - (Date.now() - cutAt));
      const rows = await engine.db.prisma.dossier.findMany({ where: { code: { in: codes } } });
      const states = await Promise.all(codes.map((code) => stateOf(engine, code)));
      // The read model is behind the workflows while the database is out of reach.
      for (const state of states)
        expect(rows.find((r) => r.code === state.dossierCode)!.lastEventSeq).toBeLessThan(state.lastEventSeq);
    } finally {
      dbProxy.restore();
    }
    const outageMs = Date.now() - cutAt;
    const finals = await Promise.all(codes.map((code) => finalState(code, 60_000)));
    const caughtUpMs = Date.now() - cutAt - outageMs;
    expect(own.crashed).toBeUndefined();
    expect(own.worker.getState()).toBe('RUNNING');
    expect(dbProxy.stats().refused).toBeGreaterThan(0);
    expect(failing.map((f) => f.lastFailure).join('\n')).not.toBe('');
    if (process.env.FAULT_REPORT === '1') {
      console.log(
        JSON.stringify(
          {
            outageMs,
            caughtUpMs,
            proxy: dbProxy.stats(),
            failures: failing.map((f) => [f.attempt, f.lastFailure.slice(0, 160)]),
          },
          null,
          1,
        ),
      );
    }
    await expectCaughtUpWithoutDrift(finals);
  });
});
