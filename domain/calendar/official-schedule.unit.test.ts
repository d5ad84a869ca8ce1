import example2026 from './schedules/2026.json';
import { OfficialScheduleError, parseOfficialSchedule, readOfficialSchedule } from './official-schedule';
import { showVn, vietnamCalendar, vn } from './test-support';

const problemsOf = (json: unknown): string[] => {
  try {
    parseOfficialSchedule(json);
  } catch (error) {
    if (error instanceof OfficialScheduleError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the schedule to be refused');
};

/** Well-formed fields that fail the cross-field checks: a day of another year, a date given twice. */
const WRONG_YEAR_AND_DUPLICATE = {
  year: 2026,
  source: 'Notice',
  days: [
    { date: '2025-12-31', working: true },
    { date: '2026-01-10', working: true },
    { date: '2026-01-10', working: false },
  ],
};

describe('parseOfficialSchedule', () => {
  it('reads the example 2026 schedule into overrides, sorted by date', () => {
    const overrides = parseOfficialSchedule(example2026);
    expect(overrides.map(({ date, working }) => `${date} ${working}`)).toEqual([
      '2026-01-02 false',
      '2026-01-10 true',
      '2026-08-31 false',
      '2026-09-12 true',
    ]);
    expect(overrides.every((o) => o.reason && o.reason.length > 0)).toBe(true);
    expect(readOfficialSchedule(example2026).source).toMatch(/^EXAMPLE ONLY/);
  });

  it('feeds a working calendar: days off are skipped and make-up Saturdays count', () => {
    const calendar = vietnamCalendar(parseOfficialSchedule(example2026), 2026, 2026);
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(showVn(calendar.dueDate(vn('2026-08-28 16:00'), 1))).toBe('2026-09-03 16:00'); // 31/8, 1/9, 2/9 off
  });

  it('cites the source as the reason of a day without its own', () => {
    const overrides = parseOfficialSchedule({
      year: 2027,
      source: 'Notice 123/TB-BNV',
      days: [{ date: '2027-02-12', working: false }],
    });
    expect(overrides).toEqual([{ date: '2027-02-12', working: false, reason: 'Notice 123/TB-BNV' }]);
  });

  it('reports each problem with its path', () => {
    const problems = problemsOf({
      year: 2026,
      source: 'Notice',
      days: [
        { date: '2026-02-30', working: false },
        { date: '2025-12-31', working: true },
        { date: '2026-01-10', working: true },
        { date: '2026-01-10', working: false },
        { date: '2026-01-11' },
      ],
    });
    expect(problems).toEqual([
      'days[0].date: must be a real date written YYYY-MM-DD',
      expect.stringMatching(/^days\[4\]\.working: /),
    ]);
    // Cross-field checks run once every field is well-formed.
    expect(problemsOf(WRONG_YEAR_AND_DUPLICATE)).toEqual([
      'days[0].date: must be in 2026',
      'days[2].date: duplicate date 2026-01-10 (already at days[1])',
    ]);
  });

  it('refuses text that is not well-formed, naming where', () => {
    expect(
      problemsOf({
        year: 2026,
        source: 'Notice',
        days: [{ date: '2026-01-02', working: false, reason: 'Nghỉ \uDC00' }],
      }),
    ).toEqual(['days[0].reason: contains an unpaired surrogate U+DC00: not well-formed Unicode']);
    expect(problemsOf({ year: 2026, source: 'Thông báo\u0000', days: [] })).toEqual([
      'source: contains the control character U+0000 (NUL)',
    ]);
  });

  it('gives each problem a code a client can word in its own language, and keeps the English', () => {
    const codesOf = (json: unknown) => {
      try {
        readOfficialSchedule(json);
      } catch (error) {
        if (error instanceof OfficialScheduleError) return error.problems.map((p) => `${p.path} ${p.code}`);
        throw error;
      }
      throw new Error('expected the schedule to be refused');
    };
    expect(
      codesOf({
        year: 2026,
        source: 'Notice',
        days: [
          { date: '2026-02-30', working: false },
          { date: '2026-03-01', working: 'no' },
          { date: 20260302, working: true },
          { date: '2026-03-03' },
          { date: '2026-03-04', working: true, reason: ' ' },
          { date: '2026-03-05', working: true, reason: 'x'.repeat(501) },
        ],
      }),
    ).toEqual([
      'days[0].date NOT_A_DATE',
      'days[1].working WRONG_TYPE',
      'days[2].date WRONG_TYPE',
      'days[3].working MISSING',
      'days[4].reason BLANK',
      'days[5].reason TOO_LONG',
    ]);
    expect(codesOf(WRONG_YEAR_AND_DUPLICATE)).toEqual([
      'days[0].date WRONG_YEAR',
      'days[2].date DUPLICATE_DATE',
    ]);
    expect(codesOf({ year: 2026.5, source: ' ', days: [], extra: 1 })).toEqual([
      'year NOT_A_WHOLE_NUMBER',
      'source BLANK',
      '(root) UNKNOWN_FIELD',
    ]);
    expect(codesOf({ year: 3000, days: {} })).toEqual([
      'year YEAR_OUT_OF_RANGE',
      'source MISSING',
      'days WRONG_TYPE',
    ]);
    expect(codesOf('not a schedule')).toEqual(['(root) WRONG_TYPE']);
    expect(codesOf({ year: 2026, source: 'Thông báo\u0000', days: [] })).toEqual(['source NOT_WELL_FORMED']);
    // The English stays beside the code, for API users.
    expect(() =>
      readOfficialSchedule({ year: 2026, source: 'x', days: [{ date: '2027-01-01', working: true }] }),
    ).toThrow(
      expect.objectContaining({
        problems: [{ path: 'days[0].date', code: 'WRONG_YEAR', message: 'must be in 2026' }],
      }),
    );
  });

  it('refuses wrong shapes', () => {
    expect(problemsOf('not a schedule')[0]).toMatch(/^\(root\): /);
    expect(problemsOf({ year: 2026.5, source: 'x', days: [] })[0]).toMatch(/^year: /);
    expect(problemsOf({ year: 2026, source: ' ', days: [] })).toEqual([
      'source: must name the decision or notice',
    ]);
    expect(problemsOf({ year: 2026, source: 'x', days: [], extra: 1 })[0]).toMatch(/^\(root\): .*extra/);
    expect(() => parseOfficialSchedule({ year: 2026, source: 'x', days: {} })).toThrow(
      /Invalid official schedule:\n {2}days: /,
    );
  });
});
