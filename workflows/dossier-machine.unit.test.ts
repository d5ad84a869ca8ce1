// The dossier's rules, driven with explicit times on the real Vietnamese calendar (no Temporal):
// parallel branches and joins, refused actions, supplement pauses, alarms and escalations,
// apologies, lateness attribution and calendar re-projection.
import { buildCalendarSnapshot } from '../domain/calendar/holidays';
import { showVn, vn } from '../domain/calendar/test-support';
import type { CalendarOverride } from '../domain/calendar/types';
import { WorkingCalendar } from '../domain/calendar/working-calendar';
import type { Actor, DossierWorkflowInput } from '../domain/contract/dossier-workflow';
import { validateProcedure } from '../domain/procedure/validate';
import { ActionRefused } from './action-refused';
import { DossierMachine } from './dossier-machine';

const snapshot = (version = 1, overrides: CalendarOverride[] = []) =>
  buildCalendarSnapshot({ version, overrides, fromYear: 2025, toYear: 2028 });

// A (2 days at X) → B (SYSTEM, 1 day at Y) ∥ C (1 day at Z) → D (1 day at X); 5 days in all.
const validation = validateProcedure(
  {
    code: 'T.1',
    name: 'Test procedure',
    onlineLevel: 'FULL',
    totalWorkingDays: 5,
    receivingAgencyCode: 'X',
    policy: {
      warningBeforeWorkingDays: 1,
      escalationLevel2AfterWorkingDays: 1,
      maxSupplementWaitWorkingDays: 5,
    },
    steps: [
      { key: 'a', name: 'A', agencyCode: 'X', workingDays: 2, mode: 'MANUAL' },
      { key: 'b', name: 'B', agencyCode: 'Y', workingDays: 1, mode: 'SYSTEM', after: ['a'] },
      { key: 'c', name: 'C', agencyCode: 'Z', workingDays: 1, mode: 'MANUAL', after: ['a'] },
      { key: 'd', name: 'D', agencyCode: 'X', workingDays: 1, mode: 'MANUAL', after: ['b', 'c'] },
    ],
  },
  new Set(['X', 'Y', 'Z']),
);
if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
const procedure = { ...validation.definition, version: 1 };

const X: Actor = { kind: 'AGENCY', id: 'key-x', agencyCode: 'X' };
const Z: Actor = { kind: 'AGENCY', id: 'key-z', agencyCode: 'Z' };
const applicant: Actor = { kind: 'APPLICANT', id: 'applicant' };
const supervisor: Actor = { kind: 'SUPERVISOR', id: 'key-s' };

/** A dossier received on Tuesday 1 December 2026 at 08:00, Vietnam time. */
function receive(at = vn('2026-12-01 08:00'), calendar = snapshot()) {
  const input: DossierWorkflowInput = {
    dossierCode: 'X-261201-0001',
    procedure,
    receivedAt: at.toISOString(),
    dueAt: new WorkingCalendar(calendar).dueDate(at, procedure.totalWorkingDays).toISOString(), // as the API does
    calendar,
    supervisors: { X: 'PX', Y: 'PY', Z: null },
  };
  const machine = new DossierMachine(input);
  machine.receive(at);
  machine.startReadySteps(at);
  return machine;
}

const refusal = (action: () => void) => {
  try {
    action();
  } catch (err) {
    expect(err).toBeInstanceOf(ActionRefused);
    return (err as ActionRefused).code;
  }
  throw new Error('expected the action to be refused');
};

test('branches start together after their common predecessor and join before the last step', () => {
  const m = receive();
  expect(showVn(new Date(m.state.dueAt))).toBe('2026-12-08 08:00'); // 5 working days, weekend skipped
  expect(m.step('a')).toMatchObject({ status: 'ACTIVE', dueAt: vn('2026-12-03 08:00').toISOString() });
  expect(m.state.currentAgencies).toEqual(['X']);

  m.completeStep({ actor: X, stepKey: 'a', result: { note: 'ok' } }, vn('2026-12-02 10:00'));
  expect(m.step('b').status).toBe('ACTIVE');
  expect(m.step('c').status).toBe('ACTIVE');
  expect(m.step('b').startedAt).toBe(m.step('c').startedAt);
  expect(m.takeDeliveries().map((s) => s.key)).toEqual(['b']); // only SYSTEM steps go to an agency system
  expect(m.state.currentAgencies).toEqual(['Y', 'Z']);

  m.deliveryAnswered(
    'b',
    { status: 'DONE', reference: 'Y-1', result: { documentNo: '1/QĐ' } },
    vn('2026-12-02 11:00'),
  );
  expect(m.step('d').status).toBe('PENDING'); // waits for C too
  m.completeStep({ actor: Z, stepKey: 'c' }, vn('2026-12-03 09:00'));
  expect(m.step('d').status).toBe('ACTIVE');
  m.completeStep({ actor: X, stepKey: 'd' }, vn('2026-12-04 09:00'));

  expect(m.state).toMatchObject({ status: 'COMPLETED', outcome: 'EARLY', currentAgencies: [] });
  // Tuesday 08:00 to Friday 09:00: three working days and one hour.
  expect(m.state.processingWorkingMinutes).toBe(3 * 480 + 60);
  expect(m.finished).toBe(true);
  const events = m.takeUpdate()!.events;
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.at(-1)).toMatchObject({ type: 'DOSSIER_COMPLETED', payload: { outcome: 'EARLY' } });
});

test('actions the state does not allow are refused with a code and change nothing', () => {
  const m = receive();
  const before = JSON.stringify(m.state);
  expect(refusal(() => m.completeStep({ actor: Z, stepKey: 'a' }, vn('2026-12-01 09:00')))).toBe('FORBIDDEN');
  expect(refusal(() => m.completeStep({ actor: X, stepKey: 'd' }, vn('2026-12-01 09:00')))).toBe(
    'INVALID_TRANSITION',
  );
  expect(refusal(() => m.completeStep({ actor: X, stepKey: 'nope' }, vn('2026-12-01 09:00')))).toBe(
    'STEP_NOT_FOUND',
  );
  expect(refusal(() => m.completeStep({ actor: applicant, stepKey: 'a' }, vn('2026-12-01 09:00')))).toBe(
    'FORBIDDEN',
  );
  expect(refusal(() => m.provideSupplement({ actor: applicant }, vn('2026-12-01 09:00')))).toBe(
    'INVALID_TRANSITION',
  );
  expect(refusal(() => m.withdrawDossier({ actor: Z }, vn('2026-12-01 09:00')))).toBe('FORBIDDEN');
  expect(
    refusal(() => m.refuseDossier({ actor: X, stepKey: 'a', reason: '  ' }, vn('2026-12-01 09:00'))),
  ).toBe('VALIDATION_FAILED');
  expect(refusal(() => m.retryStep({ actor: X, stepKey: 'a' }, vn('2026-12-01 09:00')))).toBe('FORBIDDEN');
  expect(
    refusal(() =>
      m.escalations.acknowledgeEscalation(
        { actor: supervisor, escalationId: 'X-261201-0001:E9' },
        vn('2026-12-01 09:00'),
      ),
    ),
  ).toBe('ESCALATION_NOT_FOUND');
  expect(JSON.stringify(m.state)).toBe(before);
});

test('a supplement pauses the clocks of the dossier and the step; deadlines move by the paused working time', () => {
  const m = receive();
  const stepDue = m.step('a').dueAt!;
  const original = m.state.originalDueAt;
  m.requestSupplement(
    { actor: X, stepKey: 'a', items: ['Bản sao sổ hộ khẩu', 'Trích lục bản đồ'], note: 'Thiếu giấy tờ' },
    vn('2026-12-01 10:00'),
  );
  expect(m.state.status).toBe('WAITING_SUPPLEMENT');
  expect(m.step('a').status).toBe('WAITING_SUPPLEMENT');
  expect(
    refusal(() => m.requestSupplement({ actor: X, stepKey: 'a', items: ['more'] }, vn('2026-12-01 11:00'))),
  ).toBe('INVALID_TRANSITION');

  // Tuesday 10:00 to Wednesday 10:00 is exactly one working day.
  m.provideSupplement({ actor: applicant, note: 'Đã bổ sung' }, vn('2026-12-02 10:00'));
  expect(m.state.status).toBe('IN_PROGRESS');
  expect(m.state.supplement).toMatchObject({ pausedMinutes: 480 });
  expect(showVn(new Date(m.step('a').dueAt!))).toBe('2026-12-04 08:00');
  expect(new Date(m.step('a').dueAt!).getTime() - new Date(stepDue).getTime()).toBe(24 * 3600_000);
  expect(showVn(new Date(m.state.originalDueAt))).toBe('2026-12-09 08:00');
  expect(m.state.dueAt).toBe(m.state.originalDueAt);
  expect(original).not.toBe(m.state.originalDueAt);
  // A second request, even after the first was answered, is refused: everything missing goes in one.
  expect(
    refusal(() => m.requestSupplement({ actor: X, stepKey: 'a', items: ['more'] }, vn('2026-12-02 11:00'))),
  ).toBe('INVALID_TRANSITION');
});

test('a supplement not provided in time stops the dossier', () => {
  const m = receive();
  m.requestSupplement({ actor: X, stepKey: 'a', items: ['CCCD'] }, vn('2026-12-01 10:00'));
  const alarm = m.nextAlarm()!;
  expect(alarm).toMatchObject({ kind: 'SUPPLEMENT_EXPIRED' });
  expect(showVn(new Date(alarm.at))).toBe('2026-12-08 10:00'); // 5 working days
  m.fire(alarm, new Date(alarm.at));
  expect(m.state).toMatchObject({ status: 'STOPPED', currentAgencies: [] });
  expect(m.step('a').status).toBe('CANCELLED');
});

test('refusal and withdrawal close the dossier and cancel what was left', () => {
  const refused = receive();
  refused.refuseDossier({ actor: X, stepKey: 'a', reason: 'Đất đang tranh chấp' }, vn('2026-12-01 09:00'));
  expect(refused.state).toMatchObject({ status: 'REFUSED', statusReason: 'Đất đang tranh chấp' });
  expect(refused.state.steps.map((s) => s.status)).toEqual([
    'CANCELLED',
    'CANCELLED',
    'CANCELLED',
    'CANCELLED',
  ]);
  expect(refusal(() => refused.withdrawDossier({ actor: applicant }, vn('2026-12-01 10:00')))).toBe(
    'INVALID_TRANSITION',
  );

  const withdrawn = receive();
  withdrawn.withdrawDossier({ actor: applicant, reason: 'Không còn nhu cầu' }, vn('2026-12-01 09:00'));
  expect(withdrawn.state.status).toBe('WITHDRAWN');
  // The receiving desk may also withdraw at the counter on the applicant's behalf.
  const atCounter = receive();
  atCounter.withdrawDossier({ actor: X }, vn('2026-12-01 09:00'));
  expect(atCounter.state.status).toBe('WITHDRAWN');
});

test('warning, escalation to the agency head, then to the supervising body, across a weekend', () => {
  // Received Thursday 3 December 08:00: A (2 days) is due Monday 08:00, over the weekend.
  const m = receive(vn('2026-12-03 08:00'));
  const fireNext = () => {
    const alarm = m.nextAlarm()!;
    m.fire(alarm, new Date(alarm.at));
    return [alarm.kind, showVn(new Date(alarm.at))];
  };
  expect(fireNext()).toEqual(['STEP_WARNING', '2026-12-04 08:00']);
  expect(fireNext()).toEqual(['STEP_OVERDUE', '2026-12-07 08:00']);
  expect(m.state.escalations[0]).toMatchObject({
    reason: 'STEP_OVERDUE',
    stepKey: 'a',
    level: 1,
    targetAgencyCode: 'X',
    status: 'OPEN',
  });
  m.escalations.acknowledgeEscalation(
    { actor: supervisor, escalationId: m.state.escalations[0].id },
    vn('2026-12-07 09:00'),
  );
  expect(fireNext()).toEqual(['ESCALATION_CLIMB', '2026-12-08 08:00']);
  expect(m.state.escalations[0]).toMatchObject({ level: 2, targetAgencyCode: 'PX', status: 'ACKNOWLEDGED' });
  expect(fireNext()).toEqual(['DOSSIER_OVERDUE', '2026-12-10 08:00']);
  expect(m.state.escalations[1]).toMatchObject({ reason: 'DOSSIER_OVERDUE', agencyCode: 'X', level: 1 });
  m.escalations.resolveEscalation(
    { actor: supervisor, escalationId: m.state.escalations[0].id, note: 'Đã nhắc' },
    vn('2026-12-10 09:00'),
  );
  expect(m.escalations.unresolved().map((e) => e.id)).toEqual([m.state.escalations[1].id]);
});

test('escalations climb across Tết: working time stops over the holiday', () => {
  // Tết 2027 falls on Saturday 6 February: days off Friday 5 to Tuesday 9, then Wednesday 10 and
  // Thursday 11 in compensation for the Saturday and Sunday.
  const m = receive(vn('2027-02-03 08:00'));
  const warning = m.nextAlarm()!;
  expect(showVn(new Date(warning.at))).toBe('2027-02-04 08:00');
  m.fire(warning, new Date(warning.at));
  const overdue = m.nextAlarm()!;
  expect([overdue.kind, showVn(new Date(overdue.at))]).toEqual(['STEP_OVERDUE', '2027-02-12 08:00']);
  m.fire(overdue, new Date(overdue.at));
  expect(showVn(new Date(m.state.escalations[0].climbAt!))).toBe('2027-02-15 08:00');
});

test('an apology sets a new promised date; the statistics still count the dossier late against the original', () => {
  const m = receive();
  const original = m.state.originalDueAt;
  expect(
    refusal(() =>
      m.issueApology(
        { actor: Z, stepKey: 'a', reason: 'late', newDueAt: vn('2026-12-15 17:00').toISOString() },
        vn('2026-12-02 09:00'),
      ),
    ),
  ).toBe('FORBIDDEN');
  expect(
    refusal(() =>
      m.issueApology(
        { actor: X, stepKey: 'a', reason: 'late', newDueAt: vn('2026-12-02 17:00').toISOString() },
        vn('2026-12-02 09:00'),
      ),
    ),
  ).toBe('VALIDATION_FAILED');
  m.issueApology(
    {
      actor: X,
      stepKey: 'a',
      reason: 'Cần xác minh thêm nguồn gốc đất',
      newDueAt: vn('2026-12-15 17:00').toISOString(),
    },
    vn('2026-12-02 09:00'),
  );
  expect(m.state.dueAt).toBe(vn('2026-12-15 17:00').toISOString());
  expect(m.state.originalDueAt).toBe(original);
  expect(m.state.apologies[0]).toMatchObject({ stepKey: 'a', agencyCode: 'X', previousDueAt: original });

  m.completeStep({ actor: X, stepKey: 'a' }, vn('2026-12-07 10:00')); // due Thursday 3rd: overran by two working days
  m.deliveryAnswered('b', { status: 'DONE', reference: 'Y-1' }, vn('2026-12-07 11:00'));
  m.completeStep({ actor: Z, stepKey: 'c' }, vn('2026-12-07 11:00'));
  m.completeStep({ actor: X, stepKey: 'd' }, vn('2026-12-08 10:00')); // after the original date (8th 08:00), before the promise
  expect(m.state).toMatchObject({ status: 'COMPLETED', outcome: 'LATE', lateStepKey: 'a' });
  expect(m.step('a').late).toBe(true);
  expect(m.step('d').late).toBe(false);
});

test('a failed integration escalates, and a supervisor retries the step', () => {
  const m = receive();
  m.completeStep({ actor: X, stepKey: 'a' }, vn('2026-12-01 09:00'));
  m.takeDeliveries();
  m.failStep('b', 'Agency Y rejected the work item with 400 PERMANENT_ERROR', vn('2026-12-01 09:01'));
  expect(m.step('b')).toMatchObject({ status: 'FAILED', deliveries: 1 });
  expect(m.state.escalations[0]).toMatchObject({ reason: 'INTEGRATION_FAILURE', agencyCode: 'Y' });
  m.retryStep({ actor: supervisor, stepKey: 'b' }, vn('2026-12-01 10:00'));
  expect(m.step('b')).toMatchObject({ status: 'ACTIVE', deliveries: 2 });
  expect(m.takeDeliveries().map((s) => s.key)).toEqual(['b']);
});

test('a new calendar re-projects the deadlines of a running dossier', () => {
  const m = receive();
  expect(showVn(new Date(m.step('a').dueAt!))).toBe('2026-12-03 08:00');
  m.reproject(
    snapshot(5, [{ date: '2026-12-02', working: false, reason: 'Nghỉ bù' }]),
    vn('2026-12-01 09:00'),
  );
  expect(showVn(new Date(m.step('a').dueAt!))).toBe('2026-12-04 08:00');
  expect(showVn(new Date(m.state.dueAt))).toBe('2026-12-09 08:00');
  expect(m.state.calendarVersion).toBe(5);
  // An older or equal version changes nothing.
  m.reproject(snapshot(4), vn('2026-12-01 09:00'));
  expect(showVn(new Date(m.step('a').dueAt!))).toBe('2026-12-04 08:00');
});

test('a continued run picks up exactly where the previous one stopped', () => {
  const m = receive();
  m.completeStep({ actor: X, stepKey: 'a' }, vn('2026-12-02 10:00'));
  const carried = JSON.parse(JSON.stringify(m.state));
  const next = new DossierMachine({
    dossierCode: carried.dossierCode,
    procedure,
    receivedAt: carried.receivedAt,
    dueAt: carried.dueAt,
    calendar: snapshot(carried.calendarVersion),
    supervisors: {},
    resume: carried,
  });
  expect(next.takeDeliveries().map((s) => s.key)).toEqual(['b']); // the pending delivery survived
  next.completeStep({ actor: Z, stepKey: 'c' }, vn('2026-12-02 11:00'));
  expect(next.state.lastEventSeq).toBe(m.state.lastEventSeq + 1);
});

test('a callback settles an ACCEPTED step as the same answer would; what it leaves out gets the old defaults', () => {
  const accepted = () => {
    const m = receive();
    m.completeStep({ actor: X, stepKey: 'a' }, vn('2026-12-02 10:00'));
    m.deliveryAnswered('b', { status: 'ACCEPTED', reference: 'Y-1' }, vn('2026-12-02 10:05'));
    expect(m.step('b')).toMatchObject({ status: 'ACTIVE', reference: 'Y-1' });
    return m;
  };
  const callback = { agencyCode: 'Y', stepKey: 'b', reference: 'Y-1' };
  const at = vn('2026-12-02 11:00');

  const done = accepted();
  done.agencyOutcome({ ...callback, outcome: 'DONE', result: { documentNo: '7/QĐ' } }, at);
  expect(done.step('b')).toMatchObject({ status: 'DONE', result: { reference: 'Y-1', documentNo: '7/QĐ' } });

  const refused = accepted();
  expect(refusal(() => refused.checkAgencyOutcome({ ...callback, reference: 'Y-2', outcome: 'DONE' }))).toBe(
    'VALIDATION_FAILED',
  );
  refused.agencyOutcome({ ...callback, outcome: 'REFUSED' }, at);
  expect(refused.state).toMatchObject({ status: 'REFUSED', statusReason: 'Refused by the agency' });

  const supplement = accepted();
  supplement.agencyOutcome({ ...callback, outcome: 'NEEDS_SUPPLEMENT' }, at);
  expect(supplement.state).toMatchObject({
    status: 'WAITING_SUPPLEMENT',
    supplement: { stepKey: 'b', items: [] },
  });
});
