// Handing the result back at the desk (recordResultReturned, issue 18): a desk officer signed in with
// an account records who collected a closed dossier's result and when; the record lands on the
// dossier, in its trail (RESULT_RETURNED), in the national portal's outbox (code 10) and in the audit
// trail under the officer's name. Repeating it changes nothing; every refusal (not closed yet, bad
// input, another hand-back, the wrong caller) is coded and changes nothing. The desk's register and
// its "ready to hand back" list are the `dossiers` filter.
import { randomUUID } from 'node:crypto';
import { createNationalPortalDelivery } from '../../activities/national-portal-delivery';
import { RESULT_RETURNED_SEQ } from '../../domain/handover/result-return';
import { createNationalPortalClient } from '../../integrations/national-portal/client';
import { createNationalPortalSimulator } from '../../simulators/national-portal/simulator';
import { startNationalSyncLoop } from '../../worker/national-sync-loop';
import { driveToCompletion, submit, waitForState } from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';
import { signInAs, type Credential, type Session } from '../support/session-client';

/** One MANUAL step, received and handled by the same commune. */
const PROCEDURE = { code: '2.000815', agencyCode: 'UBND_XA_PHU_HOA' };
const OFFICER = { name: 'Lê Thị Thu Hà', title: 'Công chức Bộ phận Một cửa' };

let engine: EngineHarness;
let desk: Session;
const keys: Record<string, string> = {};

async function createKey(role: string, agencyCode?: string): Promise<string> {
  const created = await engine.graphql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
    { input: { role, agencyCode, label: `result-return ${role}` } },
    engine.adminKey,
  );
  expect(created.errors).toBeUndefined();
  return created.data.createApiKey.key;
}

beforeAll(async () => {
  engine = await startEngine();
  const username = `mot-cua.${randomUUID().slice(0, 8)}`;
  const password = `Mk-${randomUUID()}`;
  const created = await engine.graphql(
    `mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }`,
    { input: { ...OFFICER, username, password, role: 'DESK', agencyCode: PROCEDURE.agencyCode } },
    engine.adminKey,
  );
  expect(created.errors).toBeUndefined();
  desk = await signInAs(engine.api.url, username, password);
  keys.agency = await createKey('AGENCY', PROCEDURE.agencyCode);
  keys.otherDesk = await createKey('DESK', 'UBND_XA_TAN_LAP');
  keys.supervisor = await createKey('SUPERVISOR');
  keys.portal = await createKey('PORTAL');
}, 60_000);
afterAll(async () => {
  await engine?.stop();
});

const RECORD = `mutation($input: RecordResultReturnedInput!) {
  recordResultReturned(input: $input) { code status resultReturnedAt resultReturnedTo resultReturnedBy } }`;
const record = (input: Record<string, unknown>, who: Credential) => engine.graphql(RECORD, { input }, who);
const codeOf = (answer: { errors?: any[] }) => answer.errors?.[0]?.extensions?.code;

/** A dossier completed in the read model: its code and when it closed. */
async function completedDossier(): Promise<{ code: string; completedAt: Date }> {
  const code = await submit(engine, PROCEDURE.code);
  await driveToCompletion(engine, code);
  const row = await eventually(async () => {
    const found = await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code } });
    return found.status === 'COMPLETED' ? found : undefined;
  });
  return { code, completedAt: row.completedAt! };
}

/** Everything a refusal must leave as it was. */
async function snapshot(code: string) {
  const { prisma } = engine.db;
  return {
    dossier: await prisma.dossier.findUniqueOrThrow({
      where: { code },
      select: { status: true, resultReturnedAt: true, resultReturnedTo: true, resultReturnedBy: true },
    }),
    returnedEvents: await prisma.dossierEvent.count({
      where: { dossierCode: code, type: 'RESULT_RETURNED' },
    }),
    outbox: await prisma.nationalSyncOutbox.count({
      where: { dossierCode: code, eventType: 'RESULT_RETURNED' },
    }),
  };
}

test('a desk officer records the hand-back: on the dossier, in its trail, for the national portal and in the audit trail', async () => {
  const { code, completedAt } = await completedDossier();
  const ready = await engine.graphql(
    `query { dossiers(filter: { status: [COMPLETED, REFUSED, STOPPED], resultReturned: false }, first: 100) { edges { node { code applicantName } } } }`,
    {},
    desk,
  );
  expect(ready.errors).toBeUndefined();
  expect(ready.data.dossiers.edges.map((e: any) => e.node)).toContainEqual({
    code,
    applicantName: 'Trần Thị Bình',
  });

  const returnedAt = new Date(completedAt.getTime() + 1_000).toISOString();
  const answer = await record({ dossierCode: code, returnedTo: '  Trần Thị Bình  ', returnedAt }, desk);
  expect(answer.errors).toBeUndefined();
  expect(answer.data.recordResultReturned).toEqual({
    code,
    status: 'COMPLETED',
    resultReturnedAt: returnedAt,
    resultReturnedTo: 'Trần Thị Bình',
    resultReturnedBy: OFFICER.name,
  });

  const { prisma } = engine.db;
  const event = await prisma.dossierEvent.findUniqueOrThrow({
    where: { dossierCode_seq: { dossierCode: code, seq: RESULT_RETURNED_SEQ } },
  });
  expect(event).toMatchObject({
    type: 'RESULT_RETURNED',
    actor: expect.stringMatching(/^DESK:UBND_XA_PHU_HOA:/),
  });
  expect(event.occurredAt.toISOString()).toBe(returnedAt);
  // The collector's name is personal data: it stays on the dossier row, not in the trail's payload.
  expect(event.payload).toEqual({ returnedAt, by: OFFICER });
  const queued = await prisma.nationalSyncOutbox.findUniqueOrThrow({
    where: { dossierCode_eventSeq: { dossierCode: code, eventSeq: RESULT_RETURNED_SEQ } },
  });
  expect(queued).toMatchObject({ eventType: 'RESULT_RETURNED', statusCode: 10 });
  const audit = await prisma.auditEvent.findFirstOrThrow({
    where: { action: 'recordResultReturned', target: code, outcome: 'OK' },
  });
  expect([audit.role, audit.personName, audit.personTitle]).toEqual(['DESK', OFFICER.name, OFFICER.title]);

  // Gone from the ready list, in the register of the period with its hand-back.
  const register = await engine.graphql(
    `query($from: DateTime!) { dossiers(filter: { receivedFrom: $from, resultReturned: true }, first: 100) {
      edges { node { code resultReturnedAt resultReturnedTo } } } }`,
    { from: new Date(Date.now() - 3_600_000).toISOString() },
    desk,
  );
  expect(register.data.dossiers.edges.map((e: any) => e.node)).toContainEqual({
    code,
    resultReturnedAt: returnedAt,
    resultReturnedTo: 'Trần Thị Bình',
  });

  // The same record again: answered, nothing added. A different one: refused, nothing changed.
  const before = await snapshot(code);
  const again = await record({ dossierCode: code, returnedTo: 'Trần Thị Bình', returnedAt }, desk);
  expect(again.errors).toBeUndefined();
  expect(again.data.recordResultReturned.resultReturnedAt).toBe(returnedAt);
  const other = await record({ dossierCode: code, returnedTo: 'Người khác' }, desk);
  expect(codeOf(other)).toBe('RESULT_ALREADY_RETURNED');
  expect(other.errors![0].extensions.details).toEqual({ returnedAt });
  expect(await snapshot(code)).toEqual(before);
  expect(before).toMatchObject({ returnedEvents: 1, outbox: 1 });
}, 60_000);

test('nothing to hand back yet, bad input and the wrong callers are refused with a code, and change nothing', async () => {
  const { code: completed } = await completedDossier();
  const running = await submit(engine, PROCEDURE.code);
  await waitForState(engine, running, (s) => s.steps.some((x) => x.status === 'ACTIVE'));
  const completedBefore = await snapshot(completed);
  const runningBefore = await snapshot(running);

  expect(codeOf(await record({ dossierCode: running, returnedTo: 'Trần Thị Bình' }, desk))).toBe(
    'INVALID_TRANSITION',
  );
  const future = new Date(Date.now() + 3_600_000).toISOString();
  const refusals: [Record<string, unknown>, Credential, string][] = [
    [{ dossierCode: completed, returnedTo: '   ' }, desk, 'VALIDATION_FAILED'],
    [{ dossierCode: completed, returnedTo: 'x'.repeat(201) }, desk, 'VALIDATION_FAILED'],
    [{ dossierCode: completed, returnedTo: 'A', returnedAt: future }, desk, 'VALIDATION_FAILED'],
    [
      { dossierCode: completed, returnedTo: 'A', returnedAt: '2020-01-01T00:00:00Z' },
      desk,
      'VALIDATION_FAILED',
    ],
    [{ dossierCode: completed, returnedTo: 'A\u0000' }, desk, 'VALIDATION_FAILED'],
    [{ dossierCode: 'UBND_XA_PHU_HOA-000101-9999', returnedTo: 'A' }, desk, 'DOSSIER_NOT_FOUND'],
    // Another commune's desk does not see the dossier; other roles may not record hand-backs at all.
    [{ dossierCode: completed, returnedTo: 'A' }, keys.otherDesk, 'DOSSIER_NOT_FOUND'],
    [{ dossierCode: completed, returnedTo: 'A' }, keys.agency, 'FORBIDDEN'],
    [{ dossierCode: completed, returnedTo: 'A' }, keys.supervisor, 'FORBIDDEN'],
    [{ dossierCode: completed, returnedTo: 'A' }, keys.portal, 'FORBIDDEN'],
    [{ dossierCode: completed, returnedTo: 'A' }, undefined, 'FORBIDDEN'],
  ];
  for (const [input, who, code] of refusals) {
    const answer = await record(input, who);
    expect([input, codeOf(answer)]).toEqual([input, code]);
  }
  // The refusal names the field and why, for the page to say it in Vietnamese.
  const inFuture = await record({ dossierCode: completed, returnedTo: 'A', returnedAt: future }, desk);
  expect(inFuture.errors![0].extensions.details).toEqual({
    field: 'input.returnedAt',
    reason: 'IN_THE_FUTURE',
  });
  expect(await snapshot(completed)).toEqual(completedBefore);
  expect(await snapshot(running)).toEqual(runningBefore);
  expect(completedBefore.dossier.resultReturnedAt).toBeNull();

  // An administrator may record it for any desk.
  const byAdmin = await record({ dossierCode: completed, returnedTo: 'Trần Thị Bình' }, engine.adminKey);
  expect(byAdmin.errors).toBeUndefined();
  expect(byAdmin.data.recordResultReturned.resultReturnedTo).toBe('Trần Thị Bình');
}, 60_000);

test('the national portal receives the hand-back as status 10, after everything the workflow recorded', async () => {
  const portal = createNationalPortalSimulator();
  const { url } = await portal.listen();
  const { code, completedAt } = await completedDossier();
  const returnedAt = new Date(completedAt.getTime() + 1_000).toISOString();
  expect(
    (await record({ dossierCode: code, returnedTo: 'Trần Thị Bình', returnedAt }, desk)).errors,
  ).toBeUndefined();
  const loop = startNationalSyncLoop({
    delivery: createNationalPortalDelivery({
      prisma: engine.db.prisma,
      client: createNationalPortalClient({ url, ...portal.credentials, timeoutMs: 1_000 }),
      backoff: { initialMs: 50, maxMs: 400 },
      scope: () => [code],
    }),
    idleMs: 50,
    logger: { warn: () => undefined, error: (o: unknown) => console.error(o) },
  });
  try {
    const onPortal = await eventually(async () => {
      const found = portal.dossier(code);
      return found?.record.TrangThaiHoSo === '10' ? found : undefined;
    });
    const last = onPortal.progress.at(-1)!;
    expect([last.ThuTu, last.TrangThai, last.NoiDungXuLy]).toEqual([
      String(RESULT_RETURNED_SEQ),
      '10',
      'Đã trả kết quả cho tổ chức, công dân',
    ]);
    // Every earlier entry came first, and the collector's name went nowhere near the portal's progress.
    expect(onPortal.progress.map((p) => p.TrangThai)).toContain('9');
    expect(JSON.stringify(onPortal.progress)).not.toContain('Trần Thị Bình');
  } finally {
    await loop.stop();
    await portal.close();
  }
}, 60_000);
