// The dossier workflow on the real Temporal dev server, real PostgreSQL and real agency simulators,
// driven through the services the API uses (submitDossier, runDossierAction), not through GraphQL.
// With RECORD_HISTORIES=1 the happy paths are saved as replay fixtures (see replay.test.ts).
import { setCalendarDays } from '../../services/catalog/calendar-admin';
import { broadcastCalendarChange } from '../../services/catalog/calendar-broadcast';
import { createCalendarSource } from '../../services/catalog/calendar';
import { buildCalendarSnapshot } from '../../domain/calendar/holidays';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { SAMPLE_PROCEDURES } from '../../domain/catalog/sample-procedures';
import { HEADER_AGENCY } from '../../integrations/agency-protocol/protocol';
import { devAgencySecret } from '../../integrations/agency-protocol/secrets';
import { signedHeaders } from '../../integrations/agency-protocol/signature';
import {
  calendarChangedSignal,
  completeStepUpdate,
  retryStepUpdate,
  withdrawDossierUpdate,
  type DossierState,
} from '../../domain/contract/dossier-workflow';
import {
  CurrentAgenciesKey,
  DossierStatusKey,
  DueAtKey,
  ProcedureCodeKey,
} from '../../domain/contract/search-attributes';
import type { ProcedureInput } from '../../domain/procedure/types';
import {
  act,
  agencyActor,
  APPLICANT,
  deliveriesFor,
  driveToCompletion,
  expectReadModelMatches,
  expectRefused,
  handleOf,
  readModel,
  recordHistory,
  services,
  SUPERVISOR,
  settled,
  stateOf,
  submit,
  waitForState,
} from '../support/dossier-driver';
import { eventually, startEngine, type EngineHarness } from '../support/engine-harness';

let engine: EngineHarness;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

const after = (procedure: ProcedureInput, key: string) =>
  procedure.steps.find((s) => s.key === key)?.after ?? [];
const ms = (iso: string | undefined) => new Date(iso!).getTime();

/** No step has left PENDING before every step it comes after is DONE. */
function expectPredecessorsDone(procedure: ProcedureInput, state: DossierState): void {
  const done = new Set(state.steps.filter((s) => s.status === 'DONE').map((s) => s.key));
  for (const step of state.steps.filter((s) => s.status !== 'PENDING')) {
    expect({ step: step.key, waitingFor: after(procedure, step.key).filter((k) => !done.has(k)) }).toEqual({
      step: step.key,
      waitingFor: [],
    });
  }
}

describe('happy path of every sample procedure', () => {
  test.each(SAMPLE_PROCEDURES.map((p) => [p.code, p] as const))(
    '%s runs to COMPLETED, read model and simulators agree',
    async (procedureCode, procedure) => {
      const code = await submit(engine, procedureCode);
      const { prisma } = engine.db;
      await driveToCompletion(engine, code, {
        onState: (state) => expectPredecessorsDone(procedure, state),
        afterComplete: async (step, answered) => {
          // The update answers only once the read model holds the change it made.
          const row = await prisma.dossierStep.findUniqueOrThrow({
            where: { dossierCode_key: { dossierCode: code, key: step.key } },
          });
          expect([row.status, row.completedAt?.toISOString()]).toEqual([
            'DONE',
            answered.steps.find((s) => s.key === step.key)!.completedAt,
          ]);
          expect(
            await prisma.dossierEvent.count({
              where: {
                dossierCode: code,
                type: 'STEP_COMPLETED',
                payload: { path: ['stepKey'], equals: step.key },
              },
            }),
          ).toBe(1);
        },
      });
      // The workflow ends (no escalation is open) with the read model caught up.
      const final: DossierState = await handleOf(engine, code).result();
      expect(final.status).toBe('COMPLETED');
      expect(final.steps.map((s) => [s.key, s.status])).toEqual(procedure.steps.map((s) => [s.key, 'DONE']));
      expect(final.currentAgencies).toEqual([]);
      const calendar = new WorkingCalendar(await services(engine).calendar());
      const beforeDueDay =
        ms(final.completedAt) < calendar.workingDayStart(new Date(final.originalDueAt)).getTime();
      expect(final.outcome).toBe(beforeDueDay ? 'EARLY' : 'ON_TIME');
      // A procedure of a working day or more, done within seconds, is done early.
      if (procedure.totalWorkingDays >= 1) expect(final.outcome).toBe('EARLY');

      await expectReadModelMatches(engine, final);
      const { events, notifications } = await readModel(engine, code);
      const count = (type: string) => events.filter((e) => e.type === type).length;
      expect([events[0].type, events.at(-1)!.type]).toEqual(['DOSSIER_RECEIVED', 'DOSSIER_COMPLETED']);
      expect([count('STEP_STARTED'), count('STEP_COMPLETED')]).toEqual([
        procedure.steps.length,
        procedure.steps.length,
      ]);
      expect(notifications.map((n) => n.kind).sort()).toEqual(['RECEIVED', 'RESULT_READY']);

      // Every SYSTEM step reached its agency's system exactly once; nothing else was delivered.
      for (const agency of new Set(procedure.steps.map((s) => s.agencyCode))) {
        const systemSteps = procedure.steps.filter(
          (s) => s.agencyCode === agency && s.mode === 'SYSTEM',
        ).length;
        const keys = deliveriesFor(engine, agency, code);
        expect({ agency, keys: Object.keys(keys).length, each: [...new Set(Object.values(keys))] }).toEqual({
          agency,
          keys: systemSteps,
          each: systemSteps ? [1] : [],
        });
      }
      await recordHistory(engine, code, procedureCode);
    },
  );
});

describe('parallel branches and joins', () => {
  const forks = SAMPLE_PROCEDURES.filter((p) =>
    p.steps.some((s, i) =>
      p.steps.some(
        (t, j) =>
          j !== i && (s.after ?? []).length > 0 && JSON.stringify(s.after) === JSON.stringify(t.after),
      ),
    ),
  );
  test('the sample catalog has the parallel procedures this block is about', () => {
    expect(forks.map((p) => p.code).sort()).toEqual(['1.004203', '1.012697', '1.012698']);
  });

  test.each(forks.map((p) => [p.code, p] as const))(
    '%s: branches start together, a join waits for all its branches',
    async (procedureCode, procedure) => {
      const code = await submit(engine, procedureCode);
      const joins = procedure.steps.filter((s) => (s.after ?? []).length >= 2).map((s) => s.key);
      let partialJoinSeen = false;
      // One MANUAL step at a time, so a join is observed while only some of its branches are done.
      for (
        let state = await settled(engine, code);
        state.status !== 'COMPLETED';
        state = await settled(engine, code)
      ) {
        expectPredecessorsDone(procedure, state);
        for (const key of joins) {
          const doneBranches = after(procedure, key).filter(
            (k) => state.steps.find((s) => s.key === k)!.status === 'DONE',
          ).length;
          if (doneBranches > 0 && doneBranches < after(procedure, key).length) {
            partialJoinSeen = true;
            expect(state.steps.find((s) => s.key === key)!.status).toBe('PENDING');
          }
        }
        const next = state.steps.find((s) => s.status === 'ACTIVE' && s.mode === 'MANUAL');
        if (!next)
          throw new Error(
            `dossier ${code} is stuck: ${JSON.stringify(state.steps.map((s) => [s.key, s.status]))}`,
          );
        await act(engine, code, completeStepUpdate, {
          actor: agencyActor(next.agencyCode),
          stepKey: next.key,
        });
      }
      expect(partialJoinSeen).toBe(joins.length > 0);

      const final = await stateOf(engine, code);
      const step = (key: string) => final.steps.find((s) => s.key === key)!;
      for (const definition of procedure.steps) {
        const predecessors = definition.after ?? [];
        if (predecessors.length === 0) continue;
        // A step starts the instant its last predecessor is done, never before.
        const lastDone = Math.max(...predecessors.map((k) => ms(step(k).completedAt)));
        expect({ key: definition.key, startedAt: ms(step(definition.key).startedAt) }).toEqual({
          key: definition.key,
          startedAt: lastDone,
        });
        // Its siblings (same predecessors) start at the same instant.
        for (const sibling of procedure.steps.filter(
          (s) => JSON.stringify(s.after) === JSON.stringify(definition.after),
        )) {
          expect(step(sibling.key).startedAt).toBe(step(definition.key).startedAt);
        }
      }
    },
  );
});

test('search attributes follow the dossier: status, procedure, current agencies, due date', async () => {
  const code = await submit(engine, '2.000488'); // SYSTEM (STP), then MANUAL at CA_TINH, then MANUAL at STP
  const handle = handleOf(engine, code);
  const expectAttributes = (state: DossierState) =>
    eventually(async () => {
      const attributes = (await handle.describe()).typedSearchAttributes;
      const seen = {
        status: attributes.get(DossierStatusKey),
        procedure: attributes.get(ProcedureCodeKey),
        agencies: attributes.get(CurrentAgenciesKey) ?? [],
        dueAt: attributes.get(DueAtKey)?.getTime(),
      };
      const expected = {
        status: state.status,
        procedure: '2.000488',
        agencies: state.currentAgencies,
        dueAt: ms(state.dueAt),
      };
      return JSON.stringify(seen) === JSON.stringify(expected) ? seen : undefined;
    }, 10_000);

  let state = await waitForState(engine, code, (s) => s.steps[1].status === 'ACTIVE');
  expect(state.currentAgencies).toEqual(['CA_TINH']);
  await expectAttributes(state);
  state = await act(engine, code, completeStepUpdate, {
    actor: agencyActor('CA_TINH'),
    stepKey: 'xac-minh-an-tich',
  });
  expect(state.currentAgencies).toEqual(['STP']);
  await expectAttributes(state);
  state = await act(engine, code, completeStepUpdate, { actor: agencyActor('STP'), stepKey: 'lap-phieu' });
  expect([state.status, state.currentAgencies]).toEqual(['COMPLETED', []]);
  await expectAttributes(state);
});

describe('calendar changes re-project running dossiers', () => {
  const nextDate = (date: string) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

  test('a new day off inside the active step window moves the step and dossier deadlines by one working day', async () => {
    const code = await submit(engine, '1.009994'); // first step: 12 working days, MANUAL
    const before = await waitForState(engine, code, (s) => s.steps[0].status === 'ACTIVE');
    const snapshot = await services(engine).calendar();
    const old = new WorkingCalendar(snapshot);
    let dayOff = nextDate(old.localDate(old.normaliseReceipt(new Date(before.steps[0].startedAt!))));
    while (!old.isWorkingDay(dayOff)) dayOff = nextDate(dayOff);
    expect(ms(before.steps[0].dueAt)).toBeGreaterThan(Date.parse(`${dayOff}T23:59:59+07:00`));
    // Sent to this one dossier only, so that no other dossier of the run sees the extra day off; its
    // version is far ahead, so that calendar broadcasts by tests running meanwhile leave it alone.
    const changed = buildCalendarSnapshot({
      version: snapshot.version + 1_000_000,
      officeHours: snapshot.officeHours,
      fromYear: snapshot.fromYear,
      toYear: snapshot.toYear,
      overrides: [
        ...snapshot.overrides.filter((o) => o.date !== dayOff),
        { date: dayOff, working: false, reason: 'test' },
      ],
    });
    await handleOf(engine, code).signal(calendarChangedSignal, changed);
    const after = await waitForState(engine, code, (s) => s.calendarVersion === changed.version);

    // Exactly one working day (of the old calendar) later, for the step, the promise and the legal date.
    const shift = (from: string | undefined, to: string | undefined) =>
      old.workingMinutesBetween(new Date(from!), new Date(to!));
    expect([
      shift(before.steps[0].dueAt, after.steps[0].dueAt),
      shift(before.dueAt, after.dueAt),
      shift(before.originalDueAt, after.originalDueAt),
    ]).toEqual([480, 480, 480]);
    const now = new WorkingCalendar(changed);
    expect(
      now.addWorkingDays(now.normaliseReceipt(new Date(after.steps[0].startedAt!)), 12).toISOString(),
    ).toBe(after.steps[0].dueAt);

    await eventually(async () =>
      (await readModel(engine, code)).dossier.lastEventSeq === after.lastEventSeq ? true : undefined,
    );
    await expectReadModelMatches(engine, after);
    const reprojected = (await readModel(engine, code)).events.filter(
      (e) => e.type === 'DEADLINES_REPROJECTED',
    );
    expect(reprojected.map((e) => e.payload)).toEqual([
      { calendarVersion: changed.version, dueAt: after.dueAt },
    ]);
    await act(engine, code, withdrawDossierUpdate, { actor: APPLICANT, reason: 'test done' });
  });

  test('broadcastCalendarChange reaches a running dossier', async () => {
    const code = await submit(engine, '2.000815');
    const before = await waitForState(engine, code, (s) => s.steps[0].status === 'ACTIVE');
    // A real revision that changes nothing: a Sunday years ahead, already a day off.
    const year = new Date().getUTCFullYear() + 3;
    let sunday = `${year}-06-01`;
    while (new Date(`${sunday}T00:00:00Z`).getUTCDay() !== 0) sunday = nextDate(sunday);
    const change = await setCalendarDays(engine.db.prisma, [
      { date: sunday, working: false, reason: 'test: no-op revision' },
    ]);
    const snapshot = await createCalendarSource(engine.db.prisma)();
    expect(snapshot.version).toBeGreaterThanOrEqual(change.version);
    expect(before.calendarVersion).toBeLessThan(snapshot.version);

    await broadcastCalendarChange(engine.temporal, snapshot, 'test: broadcast reaches running dossiers');
    const after = await waitForState(engine, code, (s) => s.calendarVersion === snapshot.version, 30_000);
    expect([after.dueAt, after.steps[0].dueAt]).toEqual([before.dueAt, before.steps[0].dueAt]);
    await act(engine, code, withdrawDossierUpdate, { actor: APPLICANT });
  });
});

describe('SYSTEM steps: callbacks and broken integrations', () => {
  test('an agency that answers later completes its step by a signed callback; a forged callback is rejected', async () => {
    const simulator = engine.fleet.simulators.UBND_H_AN_PHU;
    simulator.setBehaviour({ procedures: { '2.000720': { outcome: 'ACCEPTED', callbackDelayMs: 1_000 } } });
    try {
      const code = await submit(engine, '2.000720'); // SYSTEM at UBND_H_AN_PHU, then SYSTEM at CCT_AN_PHU
      const accepted = await waitForState(engine, code, (s) => s.steps[0].reference !== undefined);
      expect([accepted.steps[0].status, accepted.steps[1].status]).toEqual(['ACTIVE', 'PENDING']);
      const [key] = Object.keys(deliveriesFor(engine, 'UBND_H_AN_PHU', code));

      const callbackUrl = engine.api.url.replace('/graphql', '/agency-callbacks');
      const body = JSON.stringify({
        dossierCode: code,
        stepKey: 'dang-ky-ho-kinh-doanh',
        agencyCode: 'UBND_H_AN_PHU',
        reference: accepted.steps[0].reference,
        idempotencyKey: key,
        outcome: 'DONE',
        result: { documentNo: 'FORGED' },
      });
      const post = (agency: string, secret: string, raw = body) =>
        fetch(callbackUrl, {
          method: 'POST',
          headers: { ...signedHeaders(secret, raw), [HEADER_AGENCY]: agency },
          body: raw,
        });
      const forgeries = [
        await post('UBND_H_AN_PHU', 'not-the-agency-secret'),
        await post('UBND_H_AN_PHU', devAgencySecret('CCT_AN_PHU')), // signed by another agency
        await post('CCT_AN_PHU', devAgencySecret('CCT_AN_PHU')), // another agency's valid signature, this agency's work item
      ];
      expect(forgeries.map((r) => r.status)).toEqual([401, 401, 401]);
      const untouched = await stateOf(engine, code);
      expect([untouched.steps[0].status, untouched.lastEventSeq]).toEqual(['ACTIVE', accepted.lastEventSeq]);

      const final = await driveToCompletion(engine, code);
      expect(final.steps[0].result?.documentNo).not.toBe('FORGED');
      const { events } = await readModel(engine, code);
      expect(
        events.find(
          (e) =>
            e.type === 'STEP_COMPLETED' &&
            (e.payload as { stepKey: string }).stepKey === 'dang-ky-ho-kinh-doanh',
        )?.actor,
      ).toBe('AGENCY:UBND_H_AN_PHU:callback');
      // The simulator records the callback as delivered once our 200 reaches it, just after the step completed.
      const delivered = await eventually(async () => {
        const records = simulator.callbacks().filter((c) => c.idempotencyKey === key);
        return records.some((c) => c.state !== 'PENDING') ? records : undefined;
      });
      expect(delivered).toEqual([expect.objectContaining({ state: 'DELIVERED', lastStatus: 200 })]);
      // A genuine but late callback is answered, and refused by the workflow: the step is done.
      const late = await post('UBND_H_AN_PHU', devAgencySecret('UBND_H_AN_PHU'));
      expect([late.status, await late.json()]).toEqual([
        200,
        expect.objectContaining({ accepted: false, code: 'INVALID_TRANSITION' }),
      ]);
    } finally {
      simulator.setBehaviour({ procedures: { '2.000720': null } });
    }
  });

  test('a permanent integration failure fails the step and escalates; a supervisor retries it once fixed', async () => {
    const simulator = engine.fleet.simulators.CNDKDD_AN_PHU;
    simulator.setBehaviour({ procedures: { '1.003010': { permanentError: true } } });
    let code = '';
    try {
      code = await submit(engine, '1.003010'); // SYSTEM at CNDKDD_AN_PHU, then MANUAL there
      const failed = await waitForState(engine, code, (s) => s.steps[0].status === 'FAILED');
      expect(failed.steps[0].failure).toMatch(/PERMANENT_ERROR/);
      expect(failed.currentAgencies).toEqual(['CNDKDD_AN_PHU']);
      const escalation = await eventually(async () =>
        (await engine.db.prisma.escalation.findMany({ where: { dossierCode: code } })).find(
          (e) => e.reason === 'INTEGRATION_FAILURE',
        ),
      );
      expect(escalation).toMatchObject({
        stepKey: 'kiem-tra-ho-so',
        agencyCode: 'CNDKDD_AN_PHU',
        status: 'OPEN',
        level: 1,
      });
      await expectRefused(
        act(engine, code, retryStepUpdate, {
          actor: agencyActor('CNDKDD_AN_PHU'),
          stepKey: 'kiem-tra-ho-so',
        }),
        'FORBIDDEN',
      );
      await expectRefused(
        act(engine, code, completeStepUpdate, {
          actor: agencyActor('CNDKDD_AN_PHU'),
          stepKey: 'kiem-tra-ho-so',
        }),
        'INVALID_TRANSITION',
      );
    } finally {
      simulator.setBehaviour({ procedures: { '1.003010': null } });
    }
    const retried = await act(engine, code, retryStepUpdate, {
      actor: SUPERVISOR,
      stepKey: 'kiem-tra-ho-so',
    });
    // Answered once recorded; the new delivery may already have come back by then.
    expect(['ACTIVE', 'DONE']).toContain(retried.steps[0].status);
    expect(retried.steps[0].deliveries).toBe(2);
    const final = await driveToCompletion(engine, code);
    expect(final.steps.map((s) => s.status)).toEqual(['DONE', 'DONE']);
    // Two attempts, two keys, each delivered once; the escalation stays for a supervisor to resolve.
    expect(Object.values(deliveriesFor(engine, 'CNDKDD_AN_PHU', code))).toEqual([1, 1]);
    expect(final.escalations.map((e) => [e.reason, e.status])).toEqual([['INTEGRATION_FAILURE', 'OPEN']]);
  });
});
