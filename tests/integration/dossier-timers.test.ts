// The dossier workflow's durable timers on the real time-skipping test server binary: warnings,
// escalations that climb across a weekend and across Tết, a supplement that never arrives, and an
// apology plus late completion sent as Updates. Fake activities: the subject is time, not I/O.
// The server clock starts at the machine's wall-clock time, only moves forward and is shared by
// every test here, so no scenario is pinned to a date: each picks the next suitable moment after
// the server's now (tests/support/vietnam-dates.ts) and derives what it expects from day statuses
// plus explicit facts ("Thursday + 2 working days is Monday"), not from the workflow's arithmetic.
// DOSSIER_TIMERS_FROM=YYYY-MM-DD rehearses them all from another date (the clock jumps there first).
// Events fire when the workflow's timer does, a few milliseconds after the instant it aims at
// (the server starts a timer when it records it, not at the workflow's `now`); `at()` checks
// "at this minute, never before, at most SLACK_MS late".
import { randomUUID } from 'node:crypto';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { AgencyAnswer } from '../../domain/contract/agency-answer';
import { buildCalendarSnapshot } from '../../domain/calendar/holidays';
import { showVn, vn } from '../../domain/calendar/test-support';
import type { CalendarSnapshot } from '../../domain/calendar/types';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import {
  completeStepUpdate,
  dossierStateQuery,
  DOSSIER_WORKFLOW_TYPE,
  issueApologyUpdate,
  resolveEscalationUpdate,
  type Actor,
  type DossierEventRecord,
  type DossierState,
  type DossierWorkflowInput,
  type ReadModelUpdate,
} from '../../domain/contract/dossier-workflow';
import { validateProcedure } from '../../domain/procedure/validate';
import { locateBinary, sdkExecutable, TEMPORAL_TEST_SERVER } from '../../platform/temporal-binaries';
import {
  addDays,
  datesBetween,
  datesFrom,
  nextOrdinaryStart,
  nextTetBreak,
  vnDate,
  weekdayOf,
  workingDayAfter,
} from '../support/vietnam-dates';
import { installTemporalRuntime } from '../../platform/temporal-runtime';
import { dossierDataConverter } from '../../platform/encryption/data-converter';
import { TEST_PAYLOAD_KEYS } from '../support/payload-keys';
import { waitFor } from '../support/waiting';

const SLACK_MS = 5_000;
const policy = {
  warningBeforeWorkingDays: 1,
  escalationLevel2AfterWorkingDays: 1,
  maxSupplementWaitWorkingDays: 5,
};

function procedureOf(code: string, steps: object[]) {
  const v = validateProcedure(
    { code, name: code, onlineLevel: 'FULL', totalWorkingDays: 4, receivingAgencyCode: 'X', policy, steps },
    new Set(['X', 'Y', 'Z']),
  );
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return { ...v.definition, version: 1 };
}
/** Officers at X (2 working days), then at Z (2 working days): 4 working days in all. */
const manual = procedureOf('T.MANUAL', [
  { key: 'a', name: 'Thẩm định', agencyCode: 'X', workingDays: 2, mode: 'MANUAL' },
  { key: 'b', name: 'Phê duyệt', agencyCode: 'Z', workingDays: 2, mode: 'MANUAL', after: ['a'] },
]);
/** Y's own system handles the only step. */
const system = procedureOf('T.SYSTEM', [
  { key: 's', name: 'Xử lý', agencyCode: 'Y', workingDays: 2, mode: 'SYSTEM' },
]);
const supervisors = { X: 'PX', Y: 'PY', Z: 'PZ' };
const X: Actor = { kind: 'AGENCY', id: 'key-x', agencyCode: 'X' };
const Z: Actor = { kind: 'AGENCY', id: 'key-z', agencyCode: 'Z' };

let env: TestWorkflowEnvironment;
/** Built once the server's clock is known: its year and the two after (the scenarios reach into the next). */
let calendar: CalendarSnapshot, cal: WorkingCalendar;
const taskQueue = `dossier-timers-${randomUUID()}`;
/** Every read-model update the workflows sent, in the order the fake activity received them. */
const updates: ReadModelUpdate[] = [];
let dossiers = 0;
let delivery: AgencyAnswer = { status: 'ACCEPTED', reference: 'R1' };

beforeAll(async () => {
  installTemporalRuntime();
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: sdkExecutable(locateBinary(TEMPORAL_TEST_SERVER)) },
    client: { dataConverter: dossierDataConverter(TEST_PAYLOAD_KEYS) },
  });
  // Unregistered custom search attributes fail every workflow task ("search attribute DossierStatus
  // is not defined"): the test server takes them through the operator service, like a real cluster.
  const {
    INDEXED_VALUE_TYPE_KEYWORD: KEYWORD,
    INDEXED_VALUE_TYPE_KEYWORD_LIST: LIST,
    INDEXED_VALUE_TYPE_DATETIME: DATETIME,
  } = temporal.api.enums.v1.IndexedValueType;
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: {
      DossierStatus: KEYWORD,
      ProcedureCode: KEYWORD,
      CurrentAgencies: LIST,
      DueAt: DATETIME,
    },
  });
  const from = process.env.DOSSIER_TIMERS_FROM;
  if (from) await env.sleep(Math.max(0, vn(`${from} 00:00`).getTime() - (await env.currentTimeMs())));
  const year = Number(vnDate(await env.currentTimeMs()).slice(0, 4));
  calendar = buildCalendarSnapshot({ version: 1, overrides: [], fromYear: year, toYear: year + 2 });
  cal = new WorkingCalendar(calendar);
});
afterAll(async () => {
  await env?.teardown();
});

type Handle = WorkflowHandle<(input: DossierWorkflowInput) => Promise<DossierState>>;

/** Runs a worker (fake activities; SYSTEM steps get `answer`) around one scenario, then ends its dossier. */
async function scenario(answer: AgencyAnswer, body: (started: Handle[]) => Promise<void>): Promise<void> {
  delivery = answer;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
    dataConverter: dossierDataConverter(TEST_PAYLOAD_KEYS),
    activities: {
      deliverWorkItem: async () => delivery,
      applyReadModelUpdate: async (update: ReadModelUpdate) => (updates.push(update), true),
    },
  });
  const started: Handle[] = [];
  await worker.runUntil(async () => {
    try {
      await body(started);
    } finally {
      for (const handle of started) await handle.terminate('scenario over').catch(() => undefined);
    }
  });
}

/** Moves the server's clock to a Vietnam local time (it never goes back). */
async function advanceTo(local: string): Promise<void> {
  const now = await env.currentTimeMs();
  const target = vn(local).getTime();
  if (target < now) throw new Error(`the server clock is at ${showVn(new Date(now))}, past ${local}`);
  await env.sleep(target - now);
}

/** Moves the clock to `local` and starts a dossier of `procedure` received then. */
async function startDossierAt(local: string, procedure: typeof manual, started: Handle[]): Promise<Handle> {
  await advanceTo(local);
  const receivedAt = vn(local);
  const dossierCode = `X-${local.slice(2, 10).replaceAll('-', '')}-${String(++dossiers).padStart(4, '0')}`;
  const input: DossierWorkflowInput = {
    dossierCode,
    procedure,
    receivedAt: receivedAt.toISOString(),
    dueAt: cal.dueDate(receivedAt, procedure.totalWorkingDays).toISOString(),
    calendar,
    supervisors,
  };
  const handle: Handle = await env.client.workflow.start(DOSSIER_WORKFLOW_TYPE, {
    taskQueue,
    workflowId: `dossier/${dossierCode}`,
    args: [input],
  });
  started.push(handle);
  return handle;
}

const eventsOf = (code: string): DossierEventRecord[] =>
  updates.filter((u) => u.state.dossierCode === code).flatMap((u) => u.events);
const typesOf = (code: string) => eventsOf(code).map((e) => e.type);

/** Polls until `probe` answers (bounded: the workflow reacts within milliseconds of a timer). */
const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined) =>
  waitFor(what, 10_000, probe, 50);
/** The `n`th (1-based) event of `type` the read model received for the dossier. */
const event = (handle: Handle, type: string, n = 1) =>
  until(
    `${type} #${n} of ${handle.workflowId}`,
    () => eventsOf(handle.workflowId.slice('dossier/'.length)).filter((e) => e.type === type)[n - 1],
  );
const state = (handle: Handle) => handle.query(dossierStateQuery);
/**
 * The result of a workflow that should have ended. Not `handle.result()`: the time-skipping client
 * unlocks time skipping while it waits, and the server skips to whatever timer it holds next, even
 * when the workflow has already ended (here the clock once jumped 3,650 days, ten years on).
 */
async function resultOf(handle: Handle): Promise<DossierState> {
  await until(`${handle.workflowId} closed`, async () =>
    (await handle.describe()).status.name === 'COMPLETED' ? true : undefined,
  );
  return new Client({
    connection: env.connection,
    dataConverter: dossierDataConverter(TEST_PAYLOAD_KEYS),
  }).workflow
    .getHandle<Handle extends WorkflowHandle<infer W> ? W : never>(handle.workflowId)
    .result();
}

/** `local` when `iso` is at that Vietnam minute, never before it and at most SLACK_MS after; else where it really is. */
function at(iso: string | undefined, local: string): string {
  if (!iso) return 'never';
  const lag = new Date(iso).getTime() - vn(local).getTime();
  return lag >= 0 && lag <= SLACK_MS ? local : showVn(new Date(iso));
}

const sources = (dates: string[]) => dates.map((d) => cal.dayStatus(d).source);
/** `days` dates from the first ISO `weekday` whose `time` is ahead of the server, checked to be an ordinary week. */
async function ordinaryDays(weekday: number, time: string, days: number): Promise<string[]> {
  const dates = datesFrom(nextOrdinaryStart(cal, await env.currentTimeMs(), { weekday, time, days }), days);
  expect(dates.map(weekdayOf)).toEqual(dates.map((_, i) => ((weekday - 1 + i) % 7) + 1));
  expect(sources(dates)).toEqual(dates.map((d) => (weekdayOf(d) <= 5 ? 'WORKING_WEEKDAY' : 'WEEKLY_REST')));
  return dates;
}

test('across Tết: a step from the last-but-one working day before the break is due on the first working day after it, escalated then and climbed one working day later', async () => {
  await scenario({ status: 'ACCEPTED', reference: 'R1' }, async (started) => {
    const tet = nextTetBreak(cal, await env.currentTimeMs());
    const [start, eve, back] = [tet.secondLastWorkingBefore, tet.lastWorkingBefore, tet.firstWorkingAfter];
    const climb = workingDayAfter(cal, back); // one working day after the escalation
    // The meaning, from the calendar alone: start and eve are consecutive working days; every day between
    // eve and back is off by law or a weekly rest, and they hold all of statutoryHolidays()' Tết days.
    expect(sources([start, eve, back, climb]).every((s) => s === 'WORKING_WEEKDAY')).toBe(true);
    expect(workingDayAfter(cal, start)).toBe(eve);
    const breakDays = datesBetween(addDays(eve, 1), addDays(back, -1));
    expect(
      breakDays.filter(
        (d) =>
          cal.isWorkingDay(d) ||
          !['STATUTORY', 'COMPENSATORY', 'WEEKLY_REST'].includes(cal.dayStatus(d).source),
      ),
    ).toEqual([]);
    expect(tet.tetDays.map((h) => h.date).filter((d) => !breakDays.includes(d))).toEqual([]);

    const handle = await startDossierAt(`${start} 08:00`, manual, started);
    const code = handle.workflowId.slice('dossier/'.length);
    const s0 = await until('step a active', async () =>
      (await state(handle)).steps[0].status === 'ACTIVE' ? state(handle) : undefined,
    );
    expect(at(s0.steps[0].startedAt, `${start} 08:00`)).toBe(`${start} 08:00`);
    expect(at(s0.steps[0].dueAt, `${back} 08:00`)).toBe(`${back} 08:00`); // eve, then back: 2 working days
    expect(showVn(new Date(s0.dueAt))).toBe(`${workingDayAfter(cal, back, 2)} 08:00`); // 4 working days

    await advanceTo(`${tet.lastOff} 17:00`); // the break's last day off: no escalation during the holiday
    expect(at((await event(handle, 'STEP_WARNING')).occurredAt, `${eve} 08:00`)).toBe(`${eve} 08:00`);
    expect((await state(handle)).escalations).toEqual([]);
    expect(typesOf(code)).not.toContain('ESCALATION_RAISED');

    await advanceTo(`${back} 08:01`);
    const raised = await event(handle, 'ESCALATION_RAISED');
    expect(at(raised.occurredAt, `${back} 08:00`)).toBe(`${back} 08:00`);
    expect(raised.payload).toMatchObject({
      reason: 'STEP_OVERDUE',
      stepKey: 'a',
      level: 1,
      targetAgencyCode: 'X',
    });
    expect(at(raised.payload.climbAt as string, `${climb} 08:00`)).toBe(`${climb} 08:00`);

    await advanceTo(`${climb} 07:59`); // not a minute early (nor over a weekend, should one lie between)
    const waiting = (await state(handle)).escalations;
    expect(waiting.map((e) => [e.level, e.targetAgencyCode, e.climbedAt])).toEqual([[1, 'X', undefined]]);
    await advanceTo(`${climb} 08:01`);
    const climbed = await event(handle, 'ESCALATION_CLIMBED');
    expect(at(climbed.occurredAt, `${climb} 08:00`)).toBe(`${climb} 08:00`);
    expect(climbed.payload).toEqual({ escalationId: `${code}:E1`, level: 2, targetAgencyCode: 'PX' });
  });
});

test('across a weekend: Thursday 08:00 + 2 working days is Monday 08:00; the escalation climbs on Tuesday; the dossier is overdue on Wednesday', async () => {
  await scenario({ status: 'ACCEPTED', reference: 'R1' }, async (started) => {
    const [thu, fri, sat, , mon, tue, wed] = await ordinaryDays(4, '08:00', 7); // Thursday … Wednesday, no holiday
    const handle = await startDossierAt(`${thu} 08:00`, manual, started);
    const code = handle.workflowId.slice('dossier/'.length);
    await advanceTo(`${sat} 12:00`); // Saturday: warned on Friday, nothing escalated
    expect(at((await event(handle, 'STEP_WARNING')).occurredAt, `${fri} 08:00`)).toBe(`${fri} 08:00`);
    const saturday = await state(handle);
    expect(at(saturday.steps[0].dueAt, `${mon} 08:00`)).toBe(`${mon} 08:00`);
    expect(saturday.escalations).toEqual([]);
    expect(typesOf(code)).not.toContain('ESCALATION_RAISED');

    await advanceTo(`${wed} 08:01`); // Wednesday, one sleep across three alarms
    const [stepLate, dossierLate] = [
      await event(handle, 'ESCALATION_RAISED', 1),
      await event(handle, 'ESCALATION_RAISED', 2),
    ];
    expect(at(stepLate.occurredAt, `${mon} 08:00`)).toBe(`${mon} 08:00`);
    expect(stepLate.payload).toMatchObject({
      id: `${code}:E1`,
      reason: 'STEP_OVERDUE',
      stepKey: 'a',
      level: 1,
      targetAgencyCode: 'X',
    });
    const climbed = await event(handle, 'ESCALATION_CLIMBED');
    expect(at(climbed.occurredAt, `${tue} 08:00`)).toBe(`${tue} 08:00`);
    expect(climbed.payload).toEqual({ escalationId: `${code}:E1`, level: 2, targetAgencyCode: 'PX' });
    expect(at(dossierLate.occurredAt, `${wed} 08:00`)).toBe(`${wed} 08:00`); // the dossier's own due date: 4 working days
    expect(dossierLate.payload).toMatchObject({
      id: `${code}:E2`,
      reason: 'DOSSIER_OVERDUE',
      agencyCode: 'X',
      level: 1,
    });
    expect(typesOf(code).filter((t) => t.startsWith('ESCALATION_'))).toEqual([
      'ESCALATION_RAISED',
      'ESCALATION_CLIMBED',
      'ESCALATION_RAISED',
    ]);

    const s = await state(handle);
    expect(showVn(new Date(s.dossierOverdueFor!))).toBe(`${wed} 08:00`);
    expect(s.escalations.map((e) => [e.reason, e.level, e.targetAgencyCode])).toEqual([
      ['STEP_OVERDUE', 2, 'PX'],
      ['DOSSIER_OVERDUE', 1, 'X'],
    ]);
  });
});

test('the warning goes out one working day before the step is due, not earlier', async () => {
  await scenario({ status: 'ACCEPTED', reference: 'R1' }, async (started) => {
    const [mon, tue, wed] = await ordinaryDays(1, '10:00', 5);
    const handle = await startDossierAt(`${mon} 10:00`, manual, started); // due Wednesday 10:00
    await advanceTo(`${tue} 09:59`);
    const before = await state(handle);
    expect(at(before.steps[0].dueAt, `${wed} 10:00`)).toBe(`${wed} 10:00`);
    expect(at(before.steps[0].warnAt, `${tue} 10:00`)).toBe(`${tue} 10:00`);
    expect(before.steps[0].warnedAt).toBeUndefined();

    await advanceTo(`${tue} 10:01`);
    const warning = await event(handle, 'STEP_WARNING');
    expect(at(warning.occurredAt, `${tue} 10:00`)).toBe(`${tue} 10:00`);
    expect(warning.payload).toMatchObject({ stepKey: 'a', agencyCode: 'X', dueAt: before.steps[0].dueAt });
    const after = await state(handle);
    expect(at(after.steps[0].warnedAt, `${tue} 10:00`)).toBe(`${tue} 10:00`);
    expect(after.escalations).toEqual([]);
    expect(typesOf(handle.workflowId.slice('dossier/'.length))).toEqual([
      'DOSSIER_RECEIVED',
      'STEP_STARTED',
      'STEP_WARNING',
    ]);
  });
});

test('a supplement never provided stops the dossier after 5 working days, with the clocks paused meanwhile', async () => {
  await scenario(
    { status: 'NEEDS_SUPPLEMENT', reference: 'Y-77', items: ['Bản sao CCCD'] },
    async (started) => {
      const { 0: mon, 7: nextMon } = await ordinaryDays(1, '08:00', 8); // Mon + 5 working days: Tue … Fri, Mon
      const handle = await startDossierAt(`${mon} 08:00`, system, started);
      const requested = await event(handle, 'SUPPLEMENT_REQUESTED');
      expect(at(requested.occurredAt, `${mon} 08:00`)).toBe(`${mon} 08:00`);
      expect(requested.payload).toMatchObject({ stepKey: 's', items: ['Bản sao CCCD'] });
      expect(at(requested.payload.expiresAt as string, `${nextMon} 08:00`)).toBe(`${nextMon} 08:00`);

      await advanceTo(`${nextMon} 07:59`); // past the step's own due date (Wednesday): paused, so no escalation
      const waiting = await state(handle);
      expect(waiting).toMatchObject({ status: 'WAITING_SUPPLEMENT', escalations: [] });
      expect(waiting.steps[0].status).toBe('WAITING_SUPPLEMENT');

      await advanceTo(`${nextMon} 08:01`);
      const stopped = await event(handle, 'DOSSIER_STOPPED');
      expect(at(stopped.occurredAt, `${nextMon} 08:00`)).toBe(`${nextMon} 08:00`);
      // Nothing is left open (no escalation was raised while paused): the workflow ends.
      const final = await resultOf(handle);
      expect(final).toMatchObject({ status: 'STOPPED', currentAgencies: [], escalations: [] });
      expect(at(final.completedAt, `${nextMon} 08:00`)).toBe(`${nextMon} 08:00`);
      expect(final.steps[0].status).toBe('CANCELLED');
    },
  );
});

test('Updates after a deadline: the apology moves the promised date, completion is late and blamed on the step that overran', async () => {
  await scenario({ status: 'ACCEPTED', reference: 'R1' }, async (started) => {
    const { 0: mon, 2: wed, 4: fri, 7: nextMon } = await ordinaryDays(1, '08:00', 8);
    const handle = await startDossierAt(`${mon} 08:00`, manual, started); // step a due Wed 08:00, the dossier Fri 08:00
    await advanceTo(`${wed} 09:00`);
    expect(at((await event(handle, 'ESCALATION_RAISED')).occurredAt, `${wed} 08:00`)).toBe(`${wed} 08:00`);

    const newDueAt = vn(`${nextMon} 17:00`).toISOString();
    const apologised = await handle.executeUpdate(issueApologyUpdate, {
      args: [{ actor: X, stepKey: 'a', reason: 'Thiếu cán bộ thẩm định', newDueAt }],
    });
    expect(apologised.dueAt).toBe(newDueAt);
    expect(showVn(new Date(apologised.originalDueAt))).toBe(`${fri} 08:00`);
    expect(apologised.apologies).toMatchObject([{ stepKey: 'a', agencyCode: 'X', newDueAt }]);
    expect(showVn(new Date(apologised.apologies[0].previousDueAt))).toBe(`${fri} 08:00`);

    const afterA = await handle.executeUpdate(completeStepUpdate, { args: [{ actor: X, stepKey: 'a' }] });
    expect(afterA.steps.map((s) => [s.key, s.status, s.late])).toEqual([
      ['a', 'DONE', true],
      ['b', 'ACTIVE', undefined],
    ]);
    expect(at(afterA.steps[1].dueAt, `${fri} 09:00`)).toBe(`${fri} 09:00`); // Wed 09:00 + 2 working days

    // Past the legal due date (Fri 08:00) but before the promised one: no dossier-overdue escalation.
    await advanceTo(`${fri} 08:30`);
    const done = await handle.executeUpdate(completeStepUpdate, { args: [{ actor: Z, stepKey: 'b' }] });
    expect(done).toMatchObject({ status: 'COMPLETED', outcome: 'LATE', lateStepKey: 'a', dueAt: newDueAt });
    expect(at(done.completedAt, `${fri} 08:30`)).toBe(`${fri} 08:30`);
    expect(done.steps[1].late).toBe(false); // Z finished within its own two days
    expect(done.escalations.map((e) => e.reason)).toEqual(['STEP_OVERDUE']);

    // The escalation is all that keeps the workflow alive: resolving it ends the run.
    await handle.executeUpdate(resolveEscalationUpdate, {
      args: [{ actor: { kind: 'SUPERVISOR', id: 'key-s' }, escalationId: done.escalations[0].id }],
    });
    expect((await resultOf(handle)).escalations[0].status).toBe('RESOLVED');
  });
});
