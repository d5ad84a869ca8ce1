// The control sheet of a dossier with a step that really ran late. This engine's office hours are
// one short window of WINDOW_MINUTES a day (a working day is the sum of the office periods,
// domain/calendar/working-calendar.ts), so the first step's half day is due WINDOW_MINUTES/2 minutes
// after it starts; the test completes it after that, then completes the next step (two working days:
// due in tomorrow's window) at once. Nothing in the engine is faked; only its office hours are short
// (as in tests/integration/console-browser.test.ts).
import { randomBytes } from 'node:crypto';
import type { OfficeHours } from '../../domain/calendar/types';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { JUDGEMENT_TEXT } from '../../forms/control-sheet-rows';
import { upsertProcedure } from '../../services/catalog/procedures';
import { readModel, services, submit, waitForState } from '../support/dossier-driver';
import { startEngine, type EngineHarness } from '../support/engine-harness';
import { pdfLines } from '../support/pdf-reader';

const WINDOW_MINUTES = 2;
const ZONE = 'Asia/Ho_Chi_Minh';
const DESK = 'CNDKDD_AN_PHU';
const TAX = 'CCT_AN_PHU';
const PROCEDURE = `T.FORMS.LATE.${randomBytes(4).toString('hex').toUpperCase()}`;
let engine: EngineHarness;
const keys: Record<string, string> = {};

/** Local minutes since midnight in Vietnam (no daylight saving: UTC+7). */
const localMinutes = (ms: number) => Math.floor((((ms / 60_000 + 7 * 60) % (24 * 60)) + 24 * 60) % (24 * 60));
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One office window of WINDOW_MINUTES: this minute's when at most 30 s of it have passed, else the
 * next minute's. The engine starts meanwhile (seconds), so the dossier is submitted within the
 * window's first half (or just before it opens: received at the opening) and its half-day step is
 * due within the window, about a minute later, whatever the second. Periods stay within a day: wait
 * out midnight.
 */
async function openWindow(): Promise<{ opensAt: number; hours: OfficeHours }> {
  if (localMinutes(Date.now() + 180_000) < localMinutes(Date.now())) await sleep(190_000);
  const minute = Math.floor(Date.now() / 60_000) * 60_000;
  const opensAt = Date.now() - minute <= 30_000 ? minute : minute + 60_000;
  const opening = localMinutes(opensAt);
  return {
    opensAt,
    hours: {
      timeZone: ZONE,
      periods: [{ start: hhmm(opening), end: hhmm(opening + WINDOW_MINUTES) }],
      workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
    },
  };
}

async function key(role: string, agencyCode: string | null): Promise<string> {
  const created = await engine.graphql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
    { input: { role, agencyCode, label: `Khóa thử ${agencyCode ?? role}` } },
    engine.adminKey,
  );
  return created.data.createApiKey.key;
}

let opensAt: number;
beforeAll(async () => {
  const window = await openWindow();
  opensAt = window.opensAt;
  engine = await startEngine({ officeHours: window.hours });
  await upsertProcedure(engine.db.prisma, {
    code: PROCEDURE,
    name: 'Thủ tục thử bước quá hạn',
    onlineLevel: 'FULL',
    totalWorkingDays: 3,
    receivingAgencyCode: DESK,
    steps: [
      { key: 'kiem-tra', name: 'Kiểm tra hồ sơ', agencyCode: DESK, workingDays: 0.5, mode: 'MANUAL' },
      {
        key: 'tham-tra',
        name: 'Thẩm tra nghĩa vụ tài chính',
        agencyCode: TAX,
        workingDays: 2,
        mode: 'MANUAL',
        after: ['kiem-tra'],
      },
    ],
  });
  keys.desk = await key('AGENCY', DESK);
  keys.tax = await key('AGENCY', TAX);
  keys.supervisor = await key('SUPERVISOR', null);
}, 120_000);
afterAll(async () => {
  await engine?.stop();
});

const COMPLETE = `mutation($input: CompleteStepInput!) { completeStep(input: $input) { status } }`;

test('a step completed after its due time is "Quá hạn" on the control sheet; the next, done early, "Trước hạn"', async () => {
  const code = await submit(engine, PROCEDURE);
  const started = await waitForState(engine, code, (s) => s.steps[0].status === 'ACTIVE');
  const lateDue = new Date(started.steps[0].dueAt!);
  // Due within today's window (the engine started in time for it), then completed past it.
  expect(lateDue.getTime()).toBeLessThanOrEqual(opensAt + WINDOW_MINUTES * 60_000);
  await sleep(Math.max(0, lateDue.getTime() - Date.now()) + 2_000);
  const late = await engine.graphql(
    COMPLETE,
    { input: { dossierCode: code, stepKey: 'kiem-tra', result: { note: 'Xác minh chậm' } } },
    keys.desk,
  );
  expect(late.errors).toBeUndefined();
  await waitForState(engine, code, (s) => s.steps[1].status === 'ACTIVE');
  const early = await engine.graphql(
    COMPLETE,
    { input: { dossierCode: code, stepKey: 'tham-tra', result: { documentNo: '15/TB-CCT' } } },
    keys.tax,
  );
  expect(early.errors).toBeUndefined();
  await waitForState(engine, code, (s) => s.status === 'COMPLETED');

  const { dossier, steps } = await readModel(engine, code);
  const step = (k: string) => steps.find((s) => s.key === k)!;
  const calendar = new WorkingCalendar(await services(engine).calendar());
  // The engine's own record agrees: the first step late, the second early, the dossier early.
  expect(calendar.classifyCompletion(step('kiem-tra').completedAt!, step('kiem-tra').dueAt!)).toBe('LATE');
  expect(calendar.classifyCompletion(step('tham-tra').completedAt!, step('tham-tra').dueAt!)).toBe('EARLY');
  expect(dossier.outcome).toBe('EARLY');

  const response = await fetch(`${engine.api.url.replace('/graphql', '')}/forms/${code}/control-sheet.pdf`, {
    headers: { authorization: `Bearer ${keys.supervisor}` },
  });
  expect(response.status).toBe(200);
  const lines = (await pdfLines(Buffer.from(await response.arrayBuffer()))).flat();
  // Rows: the desk hands over to itself (received), the late check hands over to the tax office,
  // the tax office's early work comes back to the desk, the desk returns the result.
  const judgements = lines
    .filter((line) => /^\d+ Giao: /.test(line))
    // A row's first line: "n Giao: … HH giờ mm phút, ngày [judgement]" (the cells wrap).
    .map(
      (line) => /^\d+ Giao: .*?\d\d giờ \d\d phút, ngày ?(Trước hạn|Đúng hạn|Quá hạn)?/.exec(line)![1] ?? '',
    );
  expect(judgements).toEqual(['', JUDGEMENT_TEXT.LATE, JUDGEMENT_TEXT.EARLY, JUDGEMENT_TEXT.EARLY]);
  expect(JUDGEMENT_TEXT.LATE).toBe('Quá hạn');
  expect(JUDGEMENT_TEXT.EARLY).toBe('Trước hạn');
}, 150_000);
