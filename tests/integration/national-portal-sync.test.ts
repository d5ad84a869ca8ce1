// The national portal's sync end to end: dossiers run by the real engine (Temporal, the agency
// simulators, PostgreSQL), their outbox rows delivered over real HTTP to the simulated portal while
// it is down, slow, expires sessions and refuses a dossier, with the delivery loop stopped and a new
// one started half way (a worker restart). At the end every mapped event of every dossier is on the
// portal once, in event order, and the record carries the last status.
import { createNationalPortalDelivery } from '../../activities/national-portal-delivery';
import { createNationalPortalClient } from '../../integrations/national-portal/client';
import { nationalSyncState, requeueDossier } from '../../prisma/read-model/national-sync';
import { reconcileNationalPortal } from '../../services/national-sync/reconcile-national';
import {
  createNationalPortalSimulator,
  type NationalPortalSimulator,
} from '../../simulators/national-portal/simulator';
import { startNationalSyncLoop, type NationalSyncLoop } from '../../worker/national-sync-loop';
import { driveToCompletion, submit } from '../support/dossier-driver';
import { sleep } from '../support/waiting';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';

let engine: EngineHarness;
let portal: NationalPortalSimulator;
let portalUrl: string;
const codes: string[] = [];

beforeAll(async () => {
  engine = await startEngine();
  portal = createNationalPortalSimulator();
  portalUrl = (await portal.listen()).url;
}, 60_000);
afterAll(async () => {
  await portal?.close();
  await engine?.stop();
});

function startLoop(): NationalSyncLoop {
  const client = createNationalPortalClient({
    url: portalUrl,
    ...portal.credentials,
    timeoutMs: 300,
  });
  const delivery = createNationalPortalDelivery({
    prisma: engine.db.prisma,
    client,
    backoff: { initialMs: 50, maxMs: 400 },
    scope: () => codes,
  });
  return startNationalSyncLoop({
    delivery,
    idleMs: 50,
    logger: { warn: () => undefined, error: (o: unknown) => console.error(o) },
  });
}

const outbox = (code: string) =>
  engine.db.prisma.nationalSyncOutbox.findMany({
    where: { dossierCode: code },
    orderBy: { eventSeq: 'asc' },
  });

test('every mapped event reaches the portal once and in order, through outages, refusals and a restart', async () => {
  portal.setFaults({ down: true });
  let loop = startLoop();
  // Two dossiers the agency simulators finish alone, one with MANUAL steps an officer completes.
  codes.push(await submit(engine, '2.000720'), await submit(engine, '2.000720'));
  const manual = await submit(engine, '1.003010');
  codes.push(manual);
  await driveToCompletion(engine, manual);
  for (const code of codes)
    await eventually(async () =>
      (await engine.db.prisma.dossier.findUniqueOrThrow({ where: { code } })).status === 'COMPLETED'
        ? true
        : undefined,
    );

  // Down: attempts pile up with their error, nothing is lost or marked sent.
  await eventually(
    async () => ((await nationalSyncState(engine.db.prisma, codes[0]))?.attempts ?? 0) >= 2 || undefined,
  );
  const down = await nationalSyncState(engine.db.prisma, codes[0]);
  expect(down).toMatchObject({ delivered: 0, refused: false, lastSentSeq: null });
  expect(down!.lastError).toMatch(/unreachable/);
  expect(portal.counters().droppedWhileDown).toBeGreaterThan(0);

  // Slower than the client waits: still unavailable. Then slow but in time, one dossier refused.
  portal.setFaults({ slowMs: 500 });
  await sleep(700);
  expect(portal.dossierCodes().filter((c) => codes.includes(c))).toEqual([]);
  portal.setFaults({ slowMs: 20, refuseDossiers: [codes[1]] });
  await eventually(
    async () => ((await nationalSyncState(engine.db.prisma, codes[0]))?.delivered ?? 0) >= 1 || undefined,
  );

  // A worker restart half way, and every session expired while it was away.
  await loop.stop();
  portal.expireSessions();
  loop = startLoop();
  await eventually(async () =>
    (await nationalSyncState(engine.db.prisma, codes[1]))?.refused ? true : undefined,
  );
  const refused = await nationalSyncState(engine.db.prisma, codes[1]);
  expect(refused!.lastError).toMatch(/refused/);
  expect(refused!.delivered).toBe(0);

  // The refusal lifted, the live loop's session expired, an operator resends: the dossier's rows
  // go out in order after all, the loop logging in again by itself.
  portal.setFaults({});
  const loginsLive = portal.counters().logins;
  portal.expireSessions();
  await requeueDossier(engine.db.prisma, codes[1], refused!.lastSentSeq, new Date());
  for (const code of codes)
    await eventually(async () =>
      (await nationalSyncState(engine.db.prisma, code))?.pending === 0 ? true : undefined,
    );
  await loop.stop();
  // Not `loginsLive > loginsBefore`: when the old loop had already sent or been refused everything it
  // could, the restarted one had nothing to send and no reason to log in. The resend above gives the
  // live loop work with every session expired, so it must have logged in again.
  expect(portal.counters().logins).toBeGreaterThan(loginsLive);

  for (const code of codes) {
    const rows = await outbox(code);
    const events = await engine.db.prisma.dossierEvent.findMany({ where: { dossierCode: code } });
    const mapped = events.filter((e) =>
      [
        'DOSSIER_RECEIVED',
        'STEP_STARTED',
        'SUPPLEMENT_REQUESTED',
        'SUPPLEMENT_PROVIDED',
        'DOSSIER_COMPLETED',
      ].includes(e.type),
    );
    // Nothing lost: one outbox row per mapped event, all delivered.
    expect(rows.map((r) => r.eventSeq)).toEqual(mapped.map((e) => e.seq).sort((a, b) => a - b));
    expect(rows.every((r) => r.deliveredAt !== null)).toBe(true);
    // On the portal: each entry once, in event order, the record at the last status (9: result).
    const onPortal = portal.dossier(code)!;
    expect(onPortal.progress.map((p) => Number(p.ThuTu))).toEqual(rows.map((r) => r.eventSeq));
    expect(onPortal.progress.map((p) => p.TrangThai)).toEqual(rows.map((r) => String(r.statusCode)));
    expect(onPortal.record.TrangThaiHoSo).toBe('9');
    expect(onPortal.record.MaHoSo).toBe(code);
    expect(onPortal.record.KenhThucHien).toBe('2');
    expect(onPortal.record.NgayTra).toMatch(/^\d{14}$/);
  }
}, 120_000);

describe('after the sync', () => {
  const STATE = /* GraphQL */ `
    query ($code: String!) {
      dossier(code: $code) {
        nationalSync {
          delivered
          pending
          lastSentSeq
          lastSentStatusCode
          lastSentAt
          attempts
          refused
        }
      }
    }
  `;
  const SET = /* GraphQL */ `
    mutation ($eventType: String!, $statusCode: Int) {
      setNationalStatusMapping(eventType: $eventType, statusCode: $statusCode) {
        eventType
        statusCode
      }
    }
  `;

  test('supervisors read each dossier sync state; administrators change the mapping, validated', async () => {
    const state = await engine.graphql(STATE, { code: codes[0] }, engine.adminKey);
    expect(state.errors).toBeUndefined();
    const rows = await outbox(codes[0]);
    expect(state.data.dossier.nationalSync).toMatchObject({
      delivered: rows.length,
      pending: 0,
      lastSentSeq: rows[rows.length - 1].eventSeq,
      lastSentStatusCode: 9,
      refused: false,
    });
    // Not for PORTAL keys: the field is refused, the rest of the dossier still answers.
    const created = await engine.graphql(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
      { input: { role: 'PORTAL', label: 'Cổng (national sync)' } },
      engine.adminKey,
    );
    const byPortal = await engine.graphql(STATE, { code: codes[0] }, created.data.createApiKey.key);
    expect(byPortal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const outOfSync = await engine.graphql(
      `{ dossiersOutOfSync(lagMinutes: 0) { dossierCode } }`,
      {},
      engine.adminKey,
    );
    expect(outOfSync.data.dossiersOutOfSync.map((d: { dossierCode: string }) => d.dossierCode)).not.toContain(
      codes[0],
    );

    const internal = await engine.graphql(
      SET,
      { eventType: 'ESCALATION_RAISED', statusCode: 4 },
      engine.adminKey,
    );
    expect(internal.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const range = await engine.graphql(
      SET,
      { eventType: 'DOSSIER_COMPLETED', statusCode: 11 },
      engine.adminKey,
    );
    expect(range.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const set = await engine.graphql(SET, { eventType: 'STEP_COMPLETED', statusCode: 4 }, engine.adminKey);
    expect(set.data.setNationalStatusMapping).toEqual({ eventType: 'STEP_COMPLETED', statusCode: 4 });
    const removed = await engine.graphql(
      SET,
      { eventType: 'STEP_COMPLETED', statusCode: null },
      engine.adminKey,
    );
    expect(removed.errors).toBeUndefined();
    const again = await engine.graphql(
      SET,
      { eventType: 'STEP_COMPLETED', statusCode: null },
      engine.adminKey,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  test('reconciliation finds a dossier the portal lost and sends it again, once per event', async () => {
    const lost = codes[2];
    portal.lose(lost);
    const client = createNationalPortalClient({ url: portalUrl, ...portal.credentials });
    const lookup = async (code: string) => {
      const found = await client.lookup(code);
      return found && { lastSeq: found.ThuTuCuoi };
    };
    const report = await reconcileNationalPortal({ prisma: engine.db.prisma, lookup, codes, repair: true });
    expect(report.checked).toBe(codes.length);
    expect(report.drifts).toEqual([expect.objectContaining({ dossierCode: lost, kind: 'PORTAL_BEHIND' })]);
    const loop = startLoop();
    await eventually(async () =>
      (await nationalSyncState(engine.db.prisma, lost))?.pending === 0 ? true : undefined,
    );
    await loop.stop();
    const rows = await outbox(lost);
    expect(portal.dossier(lost)!.progress.map((p) => Number(p.ThuTu))).toEqual(rows.map((r) => r.eventSeq));
    const clean = await reconcileNationalPortal({ prisma: engine.db.prisma, lookup, codes });
    expect(clean.drifts).toEqual([]);
  }, 60_000);
});
