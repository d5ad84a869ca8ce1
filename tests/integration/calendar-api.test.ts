// The working calendar over the real API: deadlines on the Vietnamese calendar, administrators' days
// off and make-up working days, and refusals that change nothing. The calendar is shared by every
// test file of the run, so each test uses its own dates in 2027/2029 (inside the snapshot's years).
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { importOfficialSchedule } from '../../services/catalog/calendar-admin';
import { startEngine, type EngineHarness } from '../support/engine-harness';

const DUE = /* GraphQL */ `
  query Due($receivedAt: DateTime!, $workingDays: Float!) {
    dueDate(receivedAt: $receivedAt, workingDays: $workingDays)
  }
`;
const DAYS = /* GraphQL */ `
  query Days($from: Date!, $to: Date!) {
    calendarDays(from: $from, to: $to) {
      date
      working
      source
      reason
    }
  }
`;
const SET = /* GraphQL */ `
  mutation Set($days: [CalendarDayInput!]!) {
    setCalendarDays(days: $days) {
      calendarVersion
      days {
        date
        working
        source
        reason
      }
    }
  }
`;

let engine: EngineHarness;
// Administrators maintain the calendar and the catalog; reads need any key.
const asAdmin = (query: string, variables?: Record<string, unknown>) =>
  engine.graphql(query, variables, engine.adminKey);
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine?.stop();
});

/** Vietnam local wall-clock time (UTC+7) as an instant. */
const vn = (local: string) => new Date(`${local}+07:00`).toISOString();

async function dueDate(receivedAt: string, workingDays: number): Promise<string> {
  const { data, errors } = await asAdmin(DUE, { receivedAt: vn(receivedAt), workingDays });
  expect(errors).toBeUndefined();
  return data.dueDate;
}

async function latestVersion(): Promise<number> {
  const latest = await engine.db.prisma.calendarRevision.findFirst({ orderBy: { version: 'desc' } });
  return latest?.version ?? 0;
}

describe('dueDate on the calendar as it stands', () => {
  test('a receipt on Friday 16:00 plus 1 working day is due Monday 16:00', async () => {
    expect(await dueDate('2029-03-09T16:00', 1)).toBe(vn('2029-03-12T16:00'));
  });

  test('the budget running out at the end of a period is due at that end, not the next start', async () => {
    expect(await dueDate('2029-03-19T07:30', 1)).toBe(vn('2029-03-19T17:00'));
    expect(await dueDate('2029-03-19T07:30', 0.5)).toBe(vn('2029-03-19T11:30'));
  });

  test('a receipt outside office hours counts from the next working period', async () => {
    expect(await dueDate('2029-03-10T09:00', 0.5)).toBe(vn('2029-03-12T11:30')); // Saturday
    expect(await dueDate('2029-03-12T12:00', 0)).toBe(vn('2029-03-12T13:00')); // lunch break
  });

  test('statutory holidays are skipped: 30/4 and 1/5/2029 fall on Monday and Tuesday', async () => {
    expect(await dueDate('2029-04-27T16:00', 1)).toBe(vn('2029-05-02T16:00'));
    const { data } = await asAdmin(DAYS, { from: '2029-04-27', to: '2029-05-02' });
    expect(data.calendarDays.map((d: any) => [d.date, d.working, d.source])).toEqual([
      ['2029-04-27', true, 'WORKING_WEEKDAY'],
      ['2029-04-28', false, 'WEEKLY_REST'],
      ['2029-04-29', false, 'WEEKLY_REST'],
      ['2029-04-30', false, 'STATUTORY'],
      ['2029-05-01', false, 'STATUTORY'],
      ['2029-05-02', true, 'WORKING_WEEKDAY'],
    ]);
  });

  test('Tết 2027 (mùng 1 on Saturday 6/2): 5 statutory days from 5/2 and 2 compensatory days', async () => {
    // Off: Fri 5/2 (last day of the lunar year) … Tue 9/2 (mùng 4), then Wed 10/2 and Thu 11/2 for
    // the Saturday and Sunday inside Tết (Labor Code art. 111(3)).
    expect(await dueDate('2027-02-04T10:00', 1)).toBe(vn('2027-02-12T10:00'));
    const { data } = await asAdmin(DAYS, { from: '2027-02-04', to: '2027-02-12' });
    expect(data.calendarDays.map((d: any) => `${d.date} ${d.source}`)).toEqual([
      '2027-02-04 WORKING_WEEKDAY',
      '2027-02-05 STATUTORY',
      '2027-02-06 STATUTORY',
      '2027-02-07 STATUTORY',
      '2027-02-08 STATUTORY',
      '2027-02-09 STATUTORY',
      '2027-02-10 COMPENSATORY',
      '2027-02-11 COMPENSATORY',
      '2027-02-12 WORKING_WEEKDAY',
    ]);
    expect(data.calendarDays[2].reason).toMatch(/Tết Nguyên Đán/);
  });

  test('bad budgets and dates outside the calendar get VALIDATION_FAILED, not a server error', async () => {
    for (const workingDays of [-1, 0.3, 1000]) {
      const { errors } = await asAdmin(DUE, { receivedAt: vn('2029-03-12T08:00'), workingDays });
      expect(errors?.[0].extensions.code).toBe('VALIDATION_FAILED');
      expect(errors?.[0].message).toMatch(/^workingDays:/);
    }
    const outside = await asAdmin(DUE, { receivedAt: vn('2045-03-12T08:00'), workingDays: 1 });
    expect(outside.errors?.[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(outside.errors?.[0].message).toMatch(/^receivedAt: .*outside/);
    const tooLong = await asAdmin(DAYS, { from: '2029-01-01', to: '2030-12-31' });
    expect(tooLong.errors?.[0].extensions.code).toBe('VALIDATION_FAILED');
    const reversed = await asAdmin(DAYS, { from: '2029-01-02', to: '2029-01-01' });
    expect(reversed.errors?.[0].extensions.code).toBe('VALIDATION_FAILED');
  });
});

describe('setCalendarDays', () => {
  test('a day off and a make-up working Saturday move deadlines and bump the calendar version', async () => {
    // Tuesday 12/6/2029 16:00 + 1 day is due Wednesday; Friday 15/6 16:00 + 1 day is due Monday.
    expect(await dueDate('2029-06-12T16:00', 1)).toBe(vn('2029-06-13T16:00'));
    expect(await dueDate('2029-06-15T16:00', 1)).toBe(vn('2029-06-18T16:00'));
    const before = await latestVersion();

    const { data, errors } = await asAdmin(SET, {
      days: [
        { date: '2029-06-13', working: false, reason: 'Test: day off' },
        { date: '2029-06-16', working: true, reason: 'Test: make-up working Saturday' },
      ],
    });
    expect(errors).toBeUndefined();
    expect(data.setCalendarDays.calendarVersion).toBeGreaterThan(before);
    expect(data.setCalendarDays.days).toEqual([
      { date: '2029-06-13', working: false, source: 'OVERRIDE', reason: 'Test: day off' },
      { date: '2029-06-16', working: true, source: 'OVERRIDE', reason: 'Test: make-up working Saturday' },
    ]);
    const revision = await engine.db.prisma.calendarRevision.findUniqueOrThrow({
      where: { version: data.setCalendarDays.calendarVersion },
    });
    expect(revision.summary).toBe('2 days: 2029-06-13 off, 2029-06-16 working');
    // Made by the administrator's key: the revision names it.
    expect(revision.changedBy).toBe((await asAdmin('query { me { id } }')).data.me.id);

    expect(await dueDate('2029-06-12T16:00', 1)).toBe(vn('2029-06-14T16:00'));
    expect(await dueDate('2029-06-15T16:00', 1)).toBe(vn('2029-06-16T16:00'));
    const days = await asAdmin(DAYS, { from: '2029-06-13', to: '2029-06-16' });
    expect(days.data.calendarDays.map((d: any) => [d.date, d.working, d.source])).toEqual([
      ['2029-06-13', false, 'OVERRIDE'],
      ['2029-06-14', true, 'WORKING_WEEKDAY'],
      ['2029-06-15', true, 'WORKING_WEEKDAY'],
      ['2029-06-16', true, 'OVERRIDE'],
    ]);

    // Setting a day again replaces the decision: a new version, the day working again.
    const again = await asAdmin(SET, { days: [{ date: '2029-06-13', working: true }] });
    expect(again.data.setCalendarDays.calendarVersion).toBeGreaterThan(data.setCalendarDays.calendarVersion);
    expect(again.data.setCalendarDays.days).toEqual([
      { date: '2029-06-13', working: true, source: 'OVERRIDE', reason: null },
    ]);
    expect(await dueDate('2029-06-12T16:00', 1)).toBe(vn('2029-06-13T16:00'));
  });

  test('invalid input is refused with VALIDATION_FAILED and changes nothing', async () => {
    const before = await latestVersion();
    const good = { date: '2029-07-02', working: false, reason: 'Test: must not be saved' };
    const cases: [string, unknown[], string, string][] = [
      ['duplicate date', [good, { date: '2029-07-02', working: true }], 'days[1].date', 'DUPLICATE_DATE'],
      [
        'year out of bounds',
        [good, { date: '0999-07-03', working: false }],
        'days[1].date',
        'YEAR_OUT_OF_RANGE',
      ],
      [
        'reason too long',
        [good, { date: '2029-07-04', working: false, reason: 'x'.repeat(301) }],
        'days[1].reason',
        'TOO_LONG',
      ],
      [
        'huge list',
        Array.from({ length: 401 }, (_, i) => ({
          date: isoDay(Date.UTC(2029, 6, 2) + i * 86_400_000),
          working: false,
        })),
        'days',
        'TOO_MANY_DAYS',
      ],
      ['empty list', [], 'days', 'NO_DAYS'],
    ];
    for (const [what, days, path, code] of cases) {
      const { data, errors } = await asAdmin(SET, { days });
      expect({ what, code: errors?.[0].extensions.code }).toEqual({ what, code: 'VALIDATION_FAILED' });
      expect(errors?.[0].message).toContain(`${path}:`);
      expect(errors?.[0].extensions.details.errors).toContainEqual({
        path,
        code,
        message: expect.any(String),
      });
      expect(data?.setCalendarDays ?? null).toBeNull();
    }
    // A date that is not a real date never reaches the resolver: the Date scalar refuses it.
    const notADate = await asAdmin(SET, { days: [good, { date: '2029-02-30', working: false }] });
    expect(notADate.errors?.length).toBeGreaterThan(0);

    expect(await engine.db.prisma.calendarDay.findUnique({ where: { date: '2029-07-02' } })).toBeNull();
    // Other test files may change the calendar meanwhile; none of the new revisions is ours.
    const since = await engine.db.prisma.calendarRevision.findMany({ where: { version: { gt: before } } });
    expect(since.filter((r) => r.summary?.includes('2029-07-02'))).toEqual([]);
  });

  test("a year's official schedule is loaded through the same path", async () => {
    const schedule = {
      year: 2029,
      source: 'Test notice 2029',
      days: [
        { date: '2029-08-31', working: false, reason: 'Test: National Day bridge day' },
        { date: '2029-08-25', working: true },
      ],
    };
    const change = await importOfficialSchedule(engine.db.prisma, schedule, 'test');
    expect(change.days.map((d) => [d.date, d.working, d.reason])).toEqual([
      ['2029-08-25', true, 'Test notice 2029'],
      ['2029-08-31', false, 'Test: National Day bridge day'],
    ]);
    const { data } = await asAdmin(DAYS, { from: '2029-08-25', to: '2029-08-25' });
    expect(data.calendarDays[0]).toMatchObject({
      working: true,
      source: 'OVERRIDE',
      reason: 'Test notice 2029',
    });

    await expect(
      importOfficialSchedule(engine.db.prisma, {
        ...schedule,
        days: [{ date: '2030-01-01', working: false }],
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'days[0].date: must be in 2029',
    });
  });

  test('importOfficialSchedule: an administrator uploads a schedule file; a bad one names each problem and saves nothing', async () => {
    const IMPORT = /* GraphQL */ `
      mutation Import($schedule: JSON!) {
        importOfficialSchedule(schedule: $schedule) {
          calendarVersion
          days {
            date
            working
            reason
          }
        }
      }
    `;
    const schedule = {
      year: 2029,
      source: 'Test uploaded notice 2029',
      days: [
        { date: '2029-11-16', working: false, reason: 'Test: uploaded day off' },
        { date: '2029-11-10', working: true },
      ],
    };
    const { data, errors } = await asAdmin(IMPORT, { schedule });
    expect(errors).toBeUndefined();
    expect(data.importOfficialSchedule.days).toEqual([
      { date: '2029-11-10', working: true, reason: 'Test uploaded notice 2029' },
      { date: '2029-11-16', working: false, reason: 'Test: uploaded day off' },
    ]);
    const days = await asAdmin(DAYS, { from: '2029-11-16', to: '2029-11-16' });
    expect(days.data.calendarDays[0]).toMatchObject({ working: false, source: 'OVERRIDE' });

    const before = await latestVersion();
    const bad = await asAdmin(IMPORT, {
      schedule: {
        ...schedule,
        days: [
          { date: '2029-11-23', working: false },
          { date: '2030-01-01', working: false },
        ],
      },
    });
    expect(bad.errors?.[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(bad.errors?.[0].extensions.details.errors).toEqual([
      { path: 'days[1].date', code: 'WRONG_YEAR', message: 'must be in 2029' },
    ]);
    const notASchedule = await asAdmin(IMPORT, {
      schedule: { year: 2029, days: [{ date: '2029-11-23', working: 'no' }] },
    });
    expect(notASchedule.errors?.[0].extensions.details.errors).toEqual(
      expect.arrayContaining([
        { path: 'source', code: 'MISSING', message: expect.any(String) },
        { path: 'days[0].working', code: 'WRONG_TYPE', message: expect.any(String) },
      ]),
    );
    expect(await engine.db.prisma.calendarDay.findUnique({ where: { date: '2029-11-23' } })).toBeNull();
    const since = await engine.db.prisma.calendarRevision.findMany({ where: { version: { gt: before } } });
    expect(since.filter((r) => r.summary?.includes('2029-11-23'))).toEqual([]);

    const notAdmin = await engine.graphql(IMPORT, { schedule });
    expect(notAdmin.errors?.[0].extensions.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
  });

  test('npm run calendar:import loads a schedule file into the configured database', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'calendar-import-'));
    const file = path.join(dir, '2029.json');
    await writeFile(
      file,
      JSON.stringify({
        year: 2029,
        source: 'Test CLI notice',
        days: [{ date: '2029-10-05', working: false }],
      }),
    );
    const root = path.resolve(__dirname, '../..');
    const { stdout } = await promisify(execFile)(
      path.join(root, 'node_modules/.bin/tsx'),
      ['scripts/import-calendar.ts', file],
      {
        cwd: root,
        env: { ...process.env },
      },
    );
    expect(stdout).toMatch(/Calendar version \d+: 1 day from /);
    const { data } = await asAdmin(DAYS, { from: '2029-10-05', to: '2029-10-05' });
    expect(data.calendarDays[0]).toMatchObject({
      working: false,
      source: 'OVERRIDE',
      reason: 'Test CLI notice',
    });
  });
});

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
