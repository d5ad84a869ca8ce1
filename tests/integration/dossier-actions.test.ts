// Agency, applicant and supervisor actions on a running dossier, sent as the API sends them
// (runDossierAction, Updates validated by the workflow), on the real Temporal dev server and real
// PostgreSQL. A refused action must come back with its code and change nothing, not even history.
import { temporal } from '@temporalio/proto';
import { buildCalendarSnapshot } from '../../domain/calendar/holidays';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import {
  calendarChangedSignal,
  completeStepUpdate,
  issueApologyUpdate,
  provideSupplementUpdate,
  refuseDossierUpdate,
  requestSupplementUpdate,
  withdrawDossierUpdate,
  type DossierState,
} from '../../domain/contract/dossier-workflow';
import { DossierStatusKey } from '../../domain/contract/search-attributes';
import {
  act,
  agencyActor,
  APPLICANT,
  driveToCompletion,
  expectReadModelMatches,
  expectRefused,
  handleOf,
  readModel,
  recordHistory,
  services,
  settled,
  stateOf,
  submit,
  waitForState,
} from '../support/dossier-driver';
import { sleep } from '../support/waiting';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';

const EventType = temporal.api.enums.v1.EventType;

let engine: EngineHarness;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const ms = (iso: string | undefined) => new Date(iso!).getTime();
const addDays = (iso: string, days: number) => new Date(ms(iso) + days * 86_400_000).toISOString();

test('supplement: the clocks pause while the applicant supplements, and the deadlines move by the paused working time', async () => {
  const code = await submitAndSettle('1.009994');
  // A round-the-clock calendar for this one dossier, so the pause is working time whatever the hour.
  // Its version is far ahead, so that calendar broadcasts by tests running meanwhile leave it alone.
  const base = await services(engine).calendar();
  const today = new WorkingCalendar(base).localDate(new Date());
  const allDay = buildCalendarSnapshot({
    version: base.version + 1_000_000,
    officeHours: {
      ...base.officeHours,
      periods: [{ start: '00:00', end: '24:00' }],
      workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
    },
    fromYear: base.fromYear,
    toYear: base.toYear,
    overrides: [
      ...base.overrides.filter((o) => o.date !== today),
      { date: today, working: true, reason: 'test: round the clock' },
    ],
  });
  await handleOf(engine, code).signal(calendarChangedSignal, allDay);
  await waitForState(engine, code, (s) => s.calendarVersion === allDay.version);
  const calendar = new WorkingCalendar(allDay);

  const officer = agencyActor('UBND_H_AN_PHU');
  const items = ['Bản vẽ thiết kế có chữ ký của chủ đầu tư'];
  const waiting = await act(engine, code, requestSupplementUpdate, {
    actor: officer,
    stepKey: 'tham-dinh-ho-so',
    items,
    note: 'Thiếu bản vẽ',
  });
  expect([waiting.status, waiting.steps[0].status, waiting.supplement?.items]).toEqual([
    'WAITING_SUPPLEMENT',
    'WAITING_SUPPLEMENT',
    items,
  ]);
  const { dossier, notifications } = await readModel(engine, code);
  expect(dossier.status).toBe('WAITING_SUPPLEMENT');
  expect(notifications.filter((n) => n.kind === 'SUPPLEMENT_REQUESTED')).toHaveLength(1);
  await eventually(
    async () =>
      (await handleOf(engine, code).describe()).typedSearchAttributes.get(DossierStatusKey) ===
      'WAITING_SUPPLEMENT'
        ? true
        : undefined,
    10_000,
  );

  // Once only, and nothing moves while the dossier waits for the applicant.
  await expectRefused(
    act(engine, code, requestSupplementUpdate, {
      actor: officer,
      stepKey: 'tham-dinh-ho-so',
      items: ['Thêm nữa'],
    }),
    'INVALID_TRANSITION',
  );
  await expectRefused(
    act(engine, code, completeStepUpdate, { actor: officer, stepKey: 'tham-dinh-ho-so' }),
    'INVALID_TRANSITION',
  );
  await expectRefused(
    act(engine, code, provideSupplementUpdate, { actor: agencyActor('CCT_AN_PHU') }),
    'FORBIDDEN',
  );

  await sleep(1_500);
  const resumed = await act(engine, code, provideSupplementUpdate, { actor: APPLICANT, note: 'Đã bổ sung' });
  const paused = resumed.supplement!.pausedMinutes!;
  expect(paused).toBe(
    calendar.workingMinutesBetween(
      new Date(waiting.supplement!.requestedAt),
      new Date(resumed.supplement!.providedAt!),
    ),
  );
  expect(paused).toBeGreaterThan(1_000 / 60_000);
  expect([
    resumed.status,
    resumed.steps[0].status,
    resumed.pausedMinutes,
    resumed.steps[0].pausedMinutes,
  ]).toEqual(['IN_PROGRESS', 'ACTIVE', paused, paused]);
  const moved = (iso: string | undefined) => calendar.addWorkingMinutes(new Date(iso!), paused).toISOString();
  expect([resumed.dueAt, resumed.originalDueAt, resumed.steps[0].dueAt]).toEqual([
    moved(waiting.dueAt),
    moved(waiting.originalDueAt),
    moved(waiting.steps[0].dueAt),
  ]);
  await expectReadModelMatches(engine, resumed);
  expect((await readModel(engine, code)).dossier.supplement).toMatchObject({ items, pausedMinutes: paused });
  // The read model keeps the exact working minutes, fractions included.
  const row = await readModel(engine, code);
  expect([
    row.dossier.pausedMinutes,
    row.steps.find((s) => s.key === 'tham-dinh-ho-so')!.pausedMinutes,
  ]).toEqual([paused, paused]);

  const done = await driveToCompletion(engine, code);
  expect([done.status, done.outcome]).toEqual(['COMPLETED', 'EARLY']);
  await handleOf(engine, code).result();
  await recordHistory(engine, code, 'supplement-1.009994');
});

test('refusal closes the dossier: remaining steps cancelled, no further action accepted', async () => {
  const code = await submitAndSettle('1.004227');
  await act(engine, code, completeStepUpdate, {
    actor: agencyActor('UBND_XA_PHU_HOA'),
    stepKey: 'xac-nhan-hien-trang',
  });
  const officer = agencyActor('CNDKDD_AN_PHU');
  await expectRefused(
    act(engine, code, refuseDossierUpdate, { actor: officer, stepKey: 'kiem-tra-dia-chinh', reason: '  ' }),
    'VALIDATION_FAILED',
  );
  await expectRefused(
    act(engine, code, refuseDossierUpdate, {
      actor: agencyActor('CCT_AN_PHU'),
      stepKey: 'kiem-tra-dia-chinh',
      reason: 'x',
    }),
    'FORBIDDEN',
  );

  const reason = 'Thửa đất đang có tranh chấp';
  const refused = await act(engine, code, refuseDossierUpdate, {
    actor: officer,
    stepKey: 'kiem-tra-dia-chinh',
    reason,
  });
  expect([refused.status, refused.statusReason, refused.currentAgencies]).toEqual(['REFUSED', reason, []]);
  expect(refused.steps.map((s) => s.status)).toEqual(['DONE', ...Array(6).fill('CANCELLED')]);
  const final: DossierState = await handleOf(engine, code).result();
  await expectReadModelMatches(engine, final);
  const { events, notifications } = await readModel(engine, code);
  expect(events.at(-1)).toMatchObject({
    type: 'DOSSIER_REFUSED',
    actor: 'AGENCY:CNDKDD_AN_PHU:test',
    payload: { reason, stepKey: 'kiem-tra-dia-chinh' },
  });
  expect(notifications.map((n) => n.kind)).toEqual(['RECEIVED', 'RESULT_READY']);

  await expectRefused(
    act(engine, code, completeStepUpdate, { actor: officer, stepKey: 'kiem-tra-dia-chinh' }),
    'INVALID_TRANSITION',
  );
  await expectRefused(act(engine, code, withdrawDossierUpdate, { actor: APPLICANT }), 'INVALID_TRANSITION');
  expect((await readModel(engine, code)).events).toHaveLength(events.length);
});

test('withdrawal: by the applicant it closes the dossier, by another agency it is forbidden', async () => {
  const code = await submitAndSettle('2.000488'); // received by STP; CA_TINH handles the active step
  await expectRefused(
    act(engine, code, withdrawDossierUpdate, { actor: agencyActor('CA_TINH') }),
    'FORBIDDEN',
  );
  expect((await stateOf(engine, code)).status).toBe('IN_PROGRESS');

  const withdrawn = await act(engine, code, withdrawDossierUpdate, {
    actor: APPLICANT,
    reason: 'Không còn nhu cầu',
  });
  expect([withdrawn.status, withdrawn.statusReason]).toEqual(['WITHDRAWN', 'Không còn nhu cầu']);
  expect(withdrawn.steps.map((s) => s.status)).toEqual(['DONE', 'CANCELLED', 'CANCELLED']);
  const final: DossierState = await handleOf(engine, code).result();
  await expectReadModelMatches(engine, final);
  expect((await readModel(engine, code)).events.at(-1)).toMatchObject({
    type: 'DOSSIER_WITHDRAWN',
    actor: 'APPLICANT:applicant',
  });
  await expectRefused(act(engine, code, withdrawDossierUpdate, { actor: APPLICANT }), 'INVALID_TRANSITION');
});

test('refused actions leave no trace in the workflow history', async () => {
  const code = await submitAndSettle('1.009994');
  const handle = handleOf(engine, code);
  const UPDATE_EVENTS = [
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED,
  ];
  const history = async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    return {
      length: events.length,
      updates: events.filter((e) => UPDATE_EVENTS.includes(e.eventType!)).length,
      events,
    };
  };
  // Quiet first: the read model caught up and nothing more is being written to history.
  const state = await stateOf(engine, code);
  await eventually(async () =>
    (await readModel(engine, code)).dossier.lastEventSeq === state.lastEventSeq ? true : undefined,
  );
  // Quiet means stable and ending with a completed workflow task (not one still being worked on).
  const settledHistory = async () => {
    for (let before = await history(); ;) {
      await sleep(200);
      const again = await history();
      const last = again.events.at(-1)?.eventType;
      if (again.length === before.length && last === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
        return again;
      before = again;
    }
  };
  const before = await settledHistory();

  await expectRefused(
    act(engine, code, completeStepUpdate, { actor: agencyActor('CCT_AN_PHU'), stepKey: 'tham-dinh-ho-so' }),
    'FORBIDDEN',
  );
  await expectRefused(
    act(engine, code, completeStepUpdate, { actor: agencyActor('UBND_H_AN_PHU'), stepKey: 'ky-giay-phep' }),
    'INVALID_TRANSITION',
  );
  await expectRefused(
    act(engine, code, completeStepUpdate, { actor: agencyActor('UBND_H_AN_PHU'), stepKey: 'no-such-step' }),
    'STEP_NOT_FOUND',
  );
  const after = await history();
  const added = after.events.slice(before.length);
  // Other test files may broadcast a calendar change meanwhile: a signal may add events, an update never.
  if (!added.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)) {
    expect(added).toEqual([]);
    expect((await stateOf(engine, code)).lastEventSeq).toBe(state.lastEventSeq);
  }
  expect(added.filter((e) => UPDATE_EVENTS.includes(e.eventType!))).toEqual([]);
  expect(after.updates).toBe(before.updates);

  // The same measure sees an accepted action.
  await act(engine, code, completeStepUpdate, {
    actor: agencyActor('UBND_H_AN_PHU'),
    stepKey: 'tham-dinh-ho-so',
  });
  const afterAccepted = await history();
  expect(afterAccepted.length).toBeGreaterThan(before.length);
  expect(afterAccepted.updates).toBe(before.updates + 1);
  await act(engine, code, withdrawDossierUpdate, { actor: APPLICANT });
});

test('apology: the late agency promises a new date; the legal date stays for the statistics', async () => {
  const code = await submitAndSettle('2.000488'); // active: xac-minh-an-tich at CA_TINH
  const before = await stateOf(engine, code);
  const newDueAt = addDays(before.dueAt, 3);
  const reason = 'Chờ kết quả xác minh từ địa phương khác';
  await expectRefused(
    act(engine, code, issueApologyUpdate, {
      actor: agencyActor('STP'),
      stepKey: 'xac-minh-an-tich',
      reason,
      newDueAt,
    }),
    'FORBIDDEN',
  );
  await expectRefused(
    act(engine, code, issueApologyUpdate, {
      actor: agencyActor('CA_TINH'),
      stepKey: 'xac-minh-an-tich',
      reason,
      newDueAt: addDays(before.dueAt, -1),
    }),
    'VALIDATION_FAILED',
  );

  const apologised = await act(engine, code, issueApologyUpdate, {
    actor: agencyActor('CA_TINH'),
    stepKey: 'xac-minh-an-tich',
    reason,
    newDueAt,
  });
  expect([apologised.dueAt, apologised.originalDueAt]).toEqual([newDueAt, before.originalDueAt]);
  const { dossier, notifications } = await readModel(engine, code);
  expect([dossier.dueAt.toISOString(), dossier.originalDueAt.toISOString()]).toEqual([
    newDueAt,
    before.originalDueAt,
  ]);
  const letters = await engine.db.prisma.apologyLetter.findMany({ where: { dossierCode: code } });
  expect(
    letters.map((l) => ({
      ...l,
      previousDueAt: l.previousDueAt.toISOString(),
      newDueAt: l.newDueAt.toISOString(),
    })),
  ).toEqual([
    expect.objectContaining({
      stepKey: 'xac-minh-an-tich',
      agencyCode: 'CA_TINH',
      reason,
      previousDueAt: before.dueAt,
      newDueAt,
      issuedBy: 'AGENCY:CA_TINH:test',
    }),
  ]);
  expect(notifications.filter((n) => n.kind === 'APOLOGY')).toHaveLength(1);

  // Statistics count against the legal date: done within seconds, still early.
  const done = await driveToCompletion(engine, code);
  expect([done.status, done.outcome, done.dueAt, done.originalDueAt]).toEqual([
    'COMPLETED',
    'EARLY',
    newDueAt,
    before.originalDueAt,
  ]);
  await expectReadModelMatches(engine, await handleOf(engine, code).result());
  await recordHistory(engine, code, 'apology-2.000488');
});

async function submitAndSettle(procedureCode: string): Promise<string> {
  const code = await submit(engine, procedureCode);
  await settled(engine, code);
  return code;
}
