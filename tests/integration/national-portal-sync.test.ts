// The national portal's sync end to end: dossiers run by the real engine (Temporal, the agency
// simulators, PostgreSQL), their outbox rows delivered over real HTTP to the simulated portal while
// it is down, slow, expires sessions and refuses a dossier, with the delivery loop stopped and a new
// one started half way (a worker restart). At the end every mapped event of every dossier is on the
// portal once, in event order, and the record carries the last status.
import { createNationalPortalDelivery } from '../../activities/national-portal-delivery';
import { createNationalPortalClient } from '../../integrations/national-portal/client';
import { nationalSyncState, requeueDossier } from '../../prisma/read-model/national-sync';
import {
  createNationalPortalSimulator,
  type NationalPortalSimulator,
} from '../../simulators/national-portal/simulator';
import { startNationalSyncLoop, type NationalSyncLoop } from '../../worker/national-sync-loop';
import { driveToCompletion, sleep, submit } from '../support/dossier-driver';
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
  const loginsBefore = portal.counters().logins;
  loop = startLoop();
  await eventually(async () =>
    (await nationalSyncState(engine.db.prisma, codes[1]))?.refused ? true : undefined,
  );
  const refused = await nationalSyncState(engine.db.prisma, codes[1]);
  expect(refused!.lastError).toMatch(/refused/);
  expect(refused!.delivered).toBe(0);

  // The refusal lifted, an operator resends: the dossier's rows go out in order after all.
  portal.setFaults({});
  await requeueDossier(engine.db.prisma, codes[1], refused!.lastSentSeq, new Date());
  for (const code of codes)
    await eventually(async () =>
      (await nationalSyncState(engine.db.prisma, code))?.pending === 0 ? true : undefined,
    );
  await loop.stop();
  expect(portal.counters().logins).toBeGreaterThan(loginsBefore);

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
