// The dossier workflow's durable timers on the real time-skipping test server binary: warnings,
// escalations that climb across a weekend and across Tết 2027, a supplement that never arrives, and
// an apology plus late completion sent as Updates. Fake activities: the subject is time, not I/O.
// The server clock only moves forward and is shared by every test here, so the scenarios run in
// calendar order (Tết 2027 first): the file needs a real clock before 3 February 2027.
// Events fire when the workflow's timer does, a few milliseconds after the instant it aims at
// (the server starts a timer when it records it, not at the workflow's `now`); `at()` checks
// "at this minute, never before, at most SLACK_MS late".
import { randomUUID } from 'node:crypto';
import { IllegalStateError } from '@temporalio/common';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { DeliveryAnswer } from '../../workflows/dossier-machine';
import { buildCalendarSnapshot } from '../../domain/calendar/holidays';
import { showVn, vn } from '../../domain/calendar/test-support';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import {
  completeStepUpdate,
  dossierStateQuery,
  issueApologyUpdate,
  resolveEscalationUpdate,
  type Actor,
  type DossierEventRecord,
  type DossierState,
  type DossierWorkflowInput,
  type ReadModelUpdate,
} from '../../domain/dossier/contract';
import { validateProcedure } from '../../domain/procedure/validate';
import { locateBinary, sdkExecutable, TEMPORAL_TEST_SERVER } from '../../infra/temporal-binaries';

const SLACK_MS = 5_000;
const calendar = buildCalendarSnapshot({ version: 1, overrides: [], fromYear: 2026, toYear: 2029 });
const policy = { warningBeforeWorkingDays: 1, escalationLevel2AfterWorkingDays: 1, maxSupplementWaitWorkingDays: 5 };

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
const system = procedureOf('T.SYSTEM', [{ key: 's', name: 'Xử lý', agencyCode: 'Y', workingDays: 2, mode: 'SYSTEM' }]);
const supervisors = { X: 'PX', Y: 'PY', Z: 'PZ' };
const X: Actor = { kind: 'AGENCY', id: 'key-x', agencyCode: 'X' };
const Z: Actor = { kind: 'AGENCY', id: 'key-z', agencyCode: 'Z' };

let env: TestWorkflowEnvironment;
const taskQueue = `dossier-timers-${randomUUID()}`;
/** Every read-model update the workflows sent, in the order the fake activity received them. */
const updates: ReadModelUpdate[] = [];
let dossiers = 0;
let delivery: DeliveryAnswer = { status: 'ACCEPTED', reference: 'R1' };

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch (err) {
    if (!(err instanceof IllegalStateError)) throw err; // installed already in this process
  }
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: sdkExecutable(locateBinary(TEMPORAL_TEST_SERVER)) } });
  // Unregistered custom search attributes fail every workflow task ("search attribute DossierStatus
  // is not defined"): the test server takes them through the operator service, like a real cluster.
  const { INDEXED_VALUE_TYPE_KEYWORD: KEYWORD, INDEXED_VALUE_TYPE_KEYWORD_LIST: LIST, INDEXED_VALUE_TYPE_DATETIME: DATETIME } =
    temporal.api.enums.v1.IndexedValueType;
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: { DossierStatus: KEYWORD, ProcedureCode: KEYWORD, CurrentAgencies: LIST, DueAt: DATETIME },
  });
});
afterAll(async () => {
  await env?.teardown();
});

type Handle = WorkflowHandle<(input: DossierWorkflowInput) => Promise<DossierState>>;

/** Runs a worker (fake activities; SYSTEM steps get `answer`) around one scenario, then ends its dossier. */
async function scenario(answer: DeliveryAnswer, body: (started: Handle[]) => Promise<void>): Promise<void> {
  delivery = answer;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! },
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
  if (target < now) throw new Error(`the server clock is at ${showVn(new Date(now))}, past ${local}: move this file's dates on`);
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
    dueAt: new WorkingCalendar(calendar).dueDate(receivedAt, procedure.totalWorkingDays).toISOString(),
    calendar,
    supervisors,
  };
  const handle: Handle = await env.client.workflow.start('dossierWorkflow', { taskQueue, workflowId: `dossier/${dossierCode}`, args: [input] });
  started.push(handle);
  return handle;
}

const eventsOf = (code: string): DossierEventRecord[] =>
  updates.filter((u) => u.state.dossierCode === code).flatMap((u) => u.events);
const typesOf = (code: string) => eventsOf(code).map((e) => e.type);

/** Polls until `probe` answers (bounded: the workflow reacts within milliseconds of a timer). */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
/** The `n`th (1-based) event of `type` the read model received for the dossier. */
const event = (handle: Handle, type: string, n = 1) =>
  until(`${type} #${n} of ${handle.workflowId}`, () => eventsOf(handle.workflowId.slice('dossier/'.length)).filter((e) => e.type === type)[n - 1]);
const state = (handle: Handle) => handle.query(dossierStateQuery);
/**
 * The result of a workflow that should have ended. Not `handle.result()`: the time-skipping client
 * unlocks time skipping while it waits, and the server skips to whatever timer it holds next, even
 * when the workflow has already ended (here the clock jumped 3,650 days, from March 2027 to 2037).
 */
async function resultOf(handle: Handle): Promise<DossierState> {
  await until(`${handle.workflowId} closed`, async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined));
  return new Client({ connection: env.connection }).workflow.getHandle<Handle extends WorkflowHandle<infer W> ? W : never>(handle.workflowId).result();
}

/** `local` when `iso` is at that Vietnam minute, never before it and at most SLACK_MS after; else where it really is. */
function at(iso: string | undefined, local: string): string {
  if (!iso) return 'never';
  const lag = new Date(iso).getTime() - vn(local).getTime();
  return lag >= 0 && lag <= SLACK_MS ? local : showVn(new Date(iso));
}

test('across Tết 2027: a step from Wed 3 Feb is due Fri 12 Feb, escalated then and climbed on Mon 15 Feb', async () => {
  await scenario({ status: 'ACCEPTED', reference: 'R1' }, async (started) => {
    const handle = await startDossierAt('2027-02-03 08:00', manual, started);
    const code = handle.workflowId.slice('dossier/'.length);
    const s0 = await until('step a active', async () => ((await state(handle)).steps[0].status === 'ACTIVE' ? state(handle) : undefined));
    expect(at(s0.steps[0].startedAt, '2027-02-03 08:00')).toBe('2027-02-03 08:00');
    expect(at(s0.steps[0].dueAt, '2027-02-12 08:00')).toBe('2027-02-12 08:00'); // Thu 4 Feb, then Fri 12 Feb
    expect(showVn(new Date(s0.dueAt))).toBe('2027-02-16 08:00');

    await advanceTo('2027-02-11 17:00'); // the last compensatory day off: no escalation during the holiday
    expect(at((await event(handle, 'STEP_WARNING')).occurredAt, '2027-02-04 08:00')).toBe('2027-02-04 08:00');
    expect((await state(handle)).escalations).toEqual([]);

    await advanceTo('2027-02-12 08:01');
    const raised = await event(handle, 'ESCALATION_RAISED');
    expect(at(raised.occurredAt, '2027-02-12 08:00')).toBe('2027-02-12 08:00');
    expect(raised.payload).toMatchObject({ reason: 'STEP_OVERDUE', stepKey: 'a', level: 1, targetAgencyCode: 'X' });
    expect(at(raised.payload.climbAt as string, '2027-02-15 08:00')).toBe('2027-02-15 08:00');

    await advanceTo('2027-02-15 07:59'); // Friday to Monday: no climb over the weekend
    const weekend = (await state(handle)).escalations;
    expect(weekend.map((e) => [e.level, e.targetAgencyCode, e.climbedAt])).toEqual([[1, 'X', undefined]]);
    await advanceTo('2027-02-15 08:01');
    const climbed = await event(handle, 'ESCALATION_CLIMBED');
    expect(at(climbed.occurredAt, '2027-02-15 08:00')).toBe('2027-02-15 08:00');
    expect(climbed.payload).toEqual({ escalationId: `${code}:E1`, level: 2, targetAgencyCode: 'PX' });
  });
});

test('across a weekend: Thursday 08:00 + 2 working days is Monday 08:00; the escalation climbs on Tuesday; the dossier is overdue on Wednesday', async () => {
  await scenario({ status: 'ACCEPTED', reference: 'R1' }, async (started) => {
    const handle = await startDossierAt('2027-03-04 08:00', manual, started); // a Thursday
    const code = handle.workflowId.slice('dossier/'.length);
    await advanceTo('2027-03-06 12:00'); // Saturday: warned on Friday, nothing escalated
    expect(at((await event(handle, 'STEP_WARNING')).occurredAt, '2027-03-05 08:00')).toBe('2027-03-05 08:00');
    const saturday = await state(handle);
    expect(at(saturday.steps[0].dueAt, '2027-03-08 08:00')).toBe('2027-03-08 08:00');
    expect(saturday.escalations).toEqual([]);
    expect(typesOf(code)).not.toContain('ESCALATION_RAISED');

    await advanceTo('2027-03-10 08:01'); // Wednesday, one sleep across three alarms
    const [stepLate, dossierLate] = [await event(handle, 'ESCALATION_RAISED', 1), await event(handle, 'ESCALATION_RAISED', 2)];
    expect(at(stepLate.occurredAt, '2027-03-08 08:00')).toBe('2027-03-08 08:00');
    expect(stepLate.payload).toMatchObject({ id: `${code}:E1`, reason: 'STEP_OVERDUE', stepKey: 'a', level: 1, targetAgencyCode: 'X' });
    const climbed = await event(handle, 'ESCALATION_CLIMBED');
    expect(at(climbed.occurredAt, '2027-03-09 08:00')).toBe('2027-03-09 08:00');
    expect(climbed.payload).toEqual({ escalationId: `${code}:E1`, level: 2, targetAgencyCode: 'PX' });
    expect(at(dossierLate.occurredAt, '2027-03-10 08:00')).toBe('2027-03-10 08:00'); // the dossier's own due date
    expect(dossierLate.payload).toMatchObject({ id: `${code}:E2`, reason: 'DOSSIER_OVERDUE', agencyCode: 'X', level: 1 });
    expect(typesOf(code).filter((t) => t.startsWith('ESCALATION_'))).toEqual(['ESCALATION_RAISED', 'ESCALATION_CLIMBED', 'ESCALATION_RAISED']);

    const s = await state(handle);
    expect(showVn(new Date(s.dossierOverdueFor!))).toBe('2027-03-10 08:00');
    expect(s.escalations.map((e) => [e.reason, e.level, e.targetAgencyCode])).toEqual([
      ['STEP_OVERDUE', 2, 'PX'],
      ['DOSSIER_OVERDUE', 1, 'X'],
    ]);
  });
});

test('the warning goes out one working day before the step is due, not earlier', async () => {
  await scenario({ status: 'ACCEPTED', reference: 'R1' }, async (started) => {
    const handle = await startDossierAt('2027-03-15 10:00', manual, started); // Monday 10:00, due Wednesday 10:00
    await advanceTo('2027-03-16 09:59');
    const before = await state(handle);
    expect(at(before.steps[0].warnAt, '2027-03-16 10:00')).toBe('2027-03-16 10:00');
    expect(before.steps[0].warnedAt).toBeUndefined();

    await advanceTo('2027-03-16 10:01');
    const warning = await event(handle, 'STEP_WARNING');
    expect(at(warning.occurredAt, '2027-03-16 10:00')).toBe('2027-03-16 10:00');
    expect(warning.payload).toMatchObject({ stepKey: 'a', agencyCode: 'X', dueAt: before.steps[0].dueAt });
    const after = await state(handle);
    expect(at(after.steps[0].warnedAt, '2027-03-16 10:00')).toBe('2027-03-16 10:00');
    expect(after.escalations).toEqual([]);
    expect(typesOf(handle.workflowId.slice('dossier/'.length))).toEqual(['DOSSIER_RECEIVED', 'STEP_STARTED', 'STEP_WARNING']);
  });
});

test('a supplement never provided stops the dossier after 5 working days, with the clocks paused meanwhile', async () => {
  await scenario({ status: 'NEEDS_SUPPLEMENT', reference: 'Y-77', items: ['Bản sao CCCD'] }, async (started) => {
    const handle = await startDossierAt('2027-03-22 08:00', system, started); // Monday
    const requested = await event(handle, 'SUPPLEMENT_REQUESTED');
    expect(at(requested.occurredAt, '2027-03-22 08:00')).toBe('2027-03-22 08:00');
    expect(requested.payload).toMatchObject({ stepKey: 's', items: ['Bản sao CCCD'] });
    expect(at(requested.payload.expiresAt as string, '2027-03-29 08:00')).toBe('2027-03-29 08:00');

    await advanceTo('2027-03-29 07:59'); // past the step's own due date (Wed 24 Mar): paused, so no escalation
    const waiting = await state(handle);
    expect(waiting).toMatchObject({ status: 'WAITING_SUPPLEMENT', escalations: [] });
    expect(waiting.steps[0].status).toBe('WAITING_SUPPLEMENT');

    await advanceTo('2027-03-29 08:01');
    const stopped = await event(handle, 'DOSSIER_STOPPED');
    expect(at(stopped.occurredAt, '2027-03-29 08:00')).toBe('2027-03-29 08:00');
    // Nothing is left open (no escalation was raised while paused): the workflow ends.
    const final = await resultOf(handle);
    expect(final).toMatchObject({ status: 'STOPPED', currentAgencies: [], escalations: [] });
    expect(at(final.completedAt, '2027-03-29 08:00')).toBe('2027-03-29 08:00');
    expect(final.steps[0].status).toBe('CANCELLED');
  });
});

test('Updates after a deadline: the apology moves the promised date, completion is late and blamed on the step that overran', async () => {
  await scenario({ status: 'ACCEPTED', reference: 'R1' }, async (started) => {
    const handle = await startDossierAt('2027-04-05 08:00', manual, started); // Monday; a due Wed 08:00, dossier Fri 08:00
    await advanceTo('2027-04-07 09:00');
    expect(at((await event(handle, 'ESCALATION_RAISED')).occurredAt, '2027-04-07 08:00')).toBe('2027-04-07 08:00');

    const newDueAt = vn('2027-04-12 17:00').toISOString();
    const apologised = await handle.executeUpdate(issueApologyUpdate, { args: [{ actor: X, stepKey: 'a', reason: 'Thiếu cán bộ thẩm định', newDueAt }] });
    expect(apologised.dueAt).toBe(newDueAt);
    expect(showVn(new Date(apologised.originalDueAt))).toBe('2027-04-09 08:00');
    expect(apologised.apologies).toMatchObject([{ stepKey: 'a', agencyCode: 'X', newDueAt }]);
    expect(showVn(new Date(apologised.apologies[0].previousDueAt))).toBe('2027-04-09 08:00');

    const afterA = await handle.executeUpdate(completeStepUpdate, { args: [{ actor: X, stepKey: 'a' }] });
    expect(afterA.steps.map((s) => [s.key, s.status, s.late])).toEqual([['a', 'DONE', true], ['b', 'ACTIVE', undefined]]);
    expect(at(afterA.steps[1].dueAt, '2027-04-09 09:00')).toBe('2027-04-09 09:00');

    // Past the legal due date (Fri 08:00) but before the promised one: no dossier-overdue escalation.
    await advanceTo('2027-04-09 08:30');
    const done = await handle.executeUpdate(completeStepUpdate, { args: [{ actor: Z, stepKey: 'b' }] });
    expect(done).toMatchObject({ status: 'COMPLETED', outcome: 'LATE', lateStepKey: 'a', dueAt: newDueAt });
    expect(at(done.completedAt, '2027-04-09 08:30')).toBe('2027-04-09 08:30');
    expect(done.steps[1].late).toBe(false); // Z finished within its own two days
    expect(done.escalations.map((e) => e.reason)).toEqual(['STEP_OVERDUE']);

    // The escalation is all that keeps the workflow alive: resolving it ends the run.
    await handle.executeUpdate(resolveEscalationUpdate, { args: [{ actor: { kind: 'SUPERVISOR', id: 'key-s' }, escalationId: done.escalations[0].id }] });
    expect((await resultOf(handle)).escalations[0].status).toBe('RESOLVED');
  });
});
