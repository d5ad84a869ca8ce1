// No request waits on Temporal forever, and the coded answer after the deadline says for certain
// what happened (services/actions/engine-deadline.ts). On the real Temporal dev server and PostgreSQL:
// - no worker polling: an action is answered ENGINE_UNAVAILABLE / NOT_APPLIED, and stays not applied
//   when a worker comes back (the workflow refuses it as expired); the same request then succeeds;
// - a worker that accepted the action but cannot finish it (its database is cut): ACTION_PENDING,
//   and the action takes effect once the database is back, exactly once;
// - Temporal unreachable from the API: a submission is ENGINE_UNAVAILABLE and a retry with the same
//   idempotency key returns the same dossier, started; a calendar change is saved (PARTIAL).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createCalendarSource } from '../../services/catalog/calendar';
import type { ApiServices } from '../../services/create-services';
import { startApiServer, type RunningApi } from '../../api/server';
import { connectClient, connectWorker } from '../../platform/temporal-connection';
import { openDatabase, type PrismaClient } from '../../prisma/database';
import { createDossierWorker } from '../../worker/create-worker';
import { handleOf, readModel, stateOf, waitForState } from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { laneNamespace } from '../support/test-env';

/** The API's deadline in these tests; the engine then needs the workflow task timeout (10 s) + 1 s to be certain. */
const DEADLINE_MS = 1_000;
const CERTAINTY_MS = DEADLINE_MS + 11_000;
const DESK = 'UBND_XA_PHU_HOA';
/** Its first step is MANUAL at the desk's commune. */
const PROCEDURE = '1.004227';

let engine: EngineHarness;
let agencyKey = '';
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  engine = await startEngine();
  const created = await engine.graphql(
    'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }',
    { input: { role: 'AGENCY', agencyCode: DESK, label: 'deadlines' } },
    engine.adminKey,
  );
  agencyKey = created.data.createApiKey.key;
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse())
    await cleanup().catch((err: unknown) => console.error('cleanup failed', err));
  await engine?.stop();
});

/** An API of this file's own: its task queue, the short deadline, and optionally its own Temporal client. */
async function startOwnApi(
  taskQueue: string,
  temporal: Client = engine.temporal,
): Promise<RunningApi & { call: EngineHarness['graphql'] }> {
  const services: ApiServices = { ...engine.services, temporal, taskQueue, engineDeadlineMs: DEADLINE_MS };
  const api = await startApiServer(services, { port: 0, host: '127.0.0.1', live: engine.live });
  cleanups.push(() => api.close());
  const call: EngineHarness['graphql'] = async (query, variables, key) => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: any[] };
  };
  return { ...api, call };
}

/** A worker of this file's own; `stop` shuts it down (and is safe to call twice). */
async function startOwnWorker(
  taskQueue: string,
  prisma: PrismaClient = engine.db.prisma,
): Promise<{ worker: Worker; stop(): Promise<void> }> {
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
  });
  const running = worker.run();
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    })());
  cleanups.push(stop);
  return { worker, stop };
}

const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { lookupKey dossier { code steps { key status } } } }`;
const COMPLETE = `mutation($input: CompleteStepInput!) { completeStep(input: $input) { code steps { key status } } }`;
const submission = (idempotencyKey = randomUUID()) => ({
  input: {
    procedureCode: PROCEDURE,
    applicant: { name: 'Phạm Thị Dung', idNumber: '079190004321' },
    channel: 'ONLINE',
    idempotencyKey,
  },
});
const acceptedUpdates = async (code: string) =>
  ((await handleOf(engine, code).fetchHistory()).events ?? []).filter(
    (e) => e.workflowExecutionUpdateAcceptedEventAttributes,
  ).length;

async function activeDossier(
  api: Awaited<ReturnType<typeof startOwnApi>>,
): Promise<{ code: string; stepKey: string }> {
  const submitted = await api.call(SUBMIT, submission(), engine.adminKey);
  expect(submitted.errors).toBeUndefined();
  const code: string = submitted.data.submitDossier.dossier.code;
  const state = await waitForState(engine, code, (s) => s.steps.some((x) => x.status === 'ACTIVE'));
  return { code, stepKey: state.steps.find((x) => x.status === 'ACTIVE')!.key };
}

test('no worker: an action is answered NOT_APPLIED once that is certain, stays not applied, and the same request later succeeds', async () => {
  const taskQueue = `deadlines-${randomUUID()}`;
  const api = await startOwnApi(taskQueue);
  const first = await startOwnWorker(taskQueue);
  const { code, stepKey } = await activeDossier(api);
  await first.stop();

  const args = { input: { dossierCode: code, stepKey, result: { documentNo: 'QD-77' } } };
  const started = Date.now();
  const answer = await api.call(COMPLETE, args, agencyKey);
  const waited = Date.now() - started;
  expect(answer.errors?.[0]).toMatchObject({
    extensions: { code: 'ENGINE_UNAVAILABLE', details: { applied: 'NOT_APPLIED' } },
    message: expect.stringContaining('Retrying with the same arguments is safe'),
  });
  // Not before it is certain (a worker could still have accepted it until then), and not forever.
  expect(waited).toBeGreaterThanOrEqual(CERTAINTY_MS);

  // Submissions need only Temporal's server, not a worker: accepted at once, steps waiting.
  const queued = await api.call(SUBMIT, submission(), engine.adminKey);
  expect(queued.errors).toBeUndefined();
  expect(
    queued.data.submitDossier.dossier.steps.every((s: { status: string }) => s.status === 'PENDING'),
  ).toBe(true);

  // A worker comes back: the expired action is refused by the workflow, never applied.
  await startOwnWorker(taskQueue);
  await waitForState(engine, queued.data.submitDossier.dossier.code, (s) =>
    s.steps.some((x) => x.status === 'ACTIVE'),
  );
  expect((await stateOf(engine, code)).steps.find((s) => s.key === stepKey)?.status).toBe('ACTIVE');
  expect(await acceptedUpdates(code)).toBe(0);

  const again = await api.call(COMPLETE, args, agencyKey);
  expect(again.errors).toBeUndefined();
  expect(again.data.completeStep.steps).toContainEqual({ key: stepKey, status: 'DONE' });
  expect(await acceptedUpdates(code)).toBe(1);
}, 90_000);

test('accepted but not finished in time: ACTION_PENDING, and the action takes effect once, when the database is back', async () => {
  const taskQueue = `deadlines-${randomUUID()}`;
  const api = await startOwnApi(taskQueue);
  const databaseProxy: TcpProxy = await startTcpProxy({
    target: { host: '127.0.0.1', port: Number(new URL(process.env.DATABASE_URL!).port || 5432) },
  });
  cleanups.push(() => databaseProxy.close());
  const url = new URL(process.env.DATABASE_URL!);
  url.port = String(databaseProxy.port);
  const proxied = await openDatabase({ url: url.toString(), poolSize: 2 });
  cleanups.push(() => proxied.close());
  await startOwnWorker(taskQueue, proxied.prisma);
  const { code, stepKey } = await activeDossier(api);
  await eventually(async () =>
    (await readModel(engine, code)).steps.find((s) => s.key === stepKey)?.status === 'ACTIVE'
      ? true
      : undefined,
  );

  // The worker takes the action, then cannot write the read model: its answer waits on that write.
  databaseProxy.cut();
  try {
    const answer = await api.call(COMPLETE, { input: { dossierCode: code, stepKey } }, agencyKey);
    expect(answer.errors?.[0]).toMatchObject({
      extensions: { code: 'ACTION_PENDING', details: { applied: 'ACCEPTED', dossierCode: code } },
      message: expect.stringContaining('Do not repeat it'),
    });
    expect((await stateOf(engine, code)).steps.find((s) => s.key === stepKey)?.status).toBe('DONE');
  } finally {
    databaseProxy.restore();
  }
  await eventually(
    async () =>
      (await readModel(engine, code)).steps.find((s) => s.key === stepKey)?.status === 'DONE'
        ? true
        : undefined,
    60_000,
  );
  expect(await acceptedUpdates(code)).toBe(1);
  const completions = (await readModel(engine, code)).events.filter(
    (e) => e.type === 'STEP_COMPLETED' && (e.payload as { stepKey?: string }).stepKey === stepKey,
  );
  expect(completions).toHaveLength(1);
}, 90_000);

/** Repeats a request while the engine answers ENGINE_UNAVAILABLE (bounded), as a client following the advice would. */
async function untilAnswered(request: () => Promise<{ data?: any; errors?: any[] }>) {
  return eventually(async () => {
    const answer = await request();
    return answer.errors?.[0]?.extensions?.code === 'ENGINE_UNAVAILABLE' ? undefined : answer;
  }, 30_000);
}

describe('Temporal unreachable from the API', () => {
  let api: Awaited<ReturnType<typeof startOwnApi>>;
  let temporalProxy: TcpProxy;
  let taskQueue = '';

  beforeAll(async () => {
    const [host, port] = process.env.TEMPORAL_ADDRESS!.split(':');
    temporalProxy = await startTcpProxy({ target: { host, port: Number(port) } });
    cleanups.push(() => temporalProxy.close());
    const temporal = await connectClient({
      address: `127.0.0.1:${temporalProxy.port}`,
      namespace: laneNamespace(),
      payloadKeys: TEST_PAYLOAD_KEYS,
    });
    cleanups.push(() => temporal.connection.close());
    taskQueue = `deadlines-${randomUUID()}`;
    api = await startOwnApi(taskQueue, temporal);
    await startOwnWorker(taskQueue);
  });

  test('a submission answers ENGINE_UNAVAILABLE; the retry with the same idempotency key returns the same dossier, started', async () => {
    const idempotencyKey = randomUUID();
    temporalProxy.cut();
    let answer;
    try {
      answer = await api.call(SUBMIT, submission(idempotencyKey), engine.adminKey);
    } finally {
      temporalProxy.restore();
    }
    expect(answer.errors?.[0]).toMatchObject({
      extensions: { code: 'ENGINE_UNAVAILABLE', details: { applied: 'NOT_APPLIED' } },
      message: expect.stringContaining('Retrying with the same idempotencyKey is safe'),
    });
    // As a portal would: retry (the client reconnects with backoff) until the engine answers.
    const retried = await untilAnswered(() => api.call(SUBMIT, submission(idempotencyKey), engine.adminKey));
    expect(retried.errors).toBeUndefined();
    const code: string = retried.data.submitDossier.dossier.code;
    expect(await engine.db.prisma.dossier.count({ where: { idempotencyKey } })).toBe(1);
    await waitForState(engine, code, (s) => s.steps.some((x) => x.status === 'ACTIVE'));
  });

  test('a calendar change is saved and says running dossiers may not know yet (PARTIAL); sending it again is safe', async () => {
    const days = [{ date: '2031-03-03', working: false, reason: 'Thử: máy chủ Temporal không trả lời' }];
    const query =
      'mutation($days: [CalendarDayInput!]!) { setCalendarDays(days: $days) { calendarVersion } }';
    temporalProxy.cut();
    let answer;
    try {
      answer = await api.call(query, { days }, engine.adminKey);
    } finally {
      temporalProxy.restore();
    }
    expect(answer.errors?.[0].extensions).toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
      details: { applied: 'PARTIAL', calendarVersion: expect.any(Number) },
    });
    const saved = await createCalendarSource(engine.db.prisma)();
    expect(saved.overrides).toContainEqual(expect.objectContaining({ date: '2031-03-03', working: false }));
    const again = await untilAnswered(() => api.call(query, { days }, engine.adminKey));
    expect(again.errors).toBeUndefined();
  });
});
