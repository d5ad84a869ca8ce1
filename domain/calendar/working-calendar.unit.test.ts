import { buildCalendarSnapshot, DEFAULT_OFFICE_HOURS } from './holidays';
import { showVn, vietnamCalendar, vn } from './test-support';
import { CalendarRangeError, WorkingCalendar } from './working-calendar';

const calendar = vietnamCalendar();

describe('working days and working time', () => {
  it.each([
    ['2026-03-02', true, 'WORKING_WEEKDAY'], // Monday
    ['2026-03-07', false, 'WEEKLY_REST'], // Saturday
    ['2026-03-08', false, 'WEEKLY_REST'], // Sunday
    ['2026-02-16', false, 'STATUTORY'], // last day of the lunar year
    ['2026-02-20', false, 'STATUTORY'], // mùng 4 Tết
    ['2026-02-23', true, 'WORKING_WEEKDAY'], // first day back after Tết
    ['2026-04-27', false, 'COMPENSATORY'], // for Hùng Kings' day on Sunday 26/4
    ['2026-09-01', false, 'STATUTORY'], // National Day, adjacent day
  ])('%s is working: %s (%s)', (date, working, source) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
    expect(calendar.dayStatus(date)).toMatchObject({ date, working, source });
  });

  it.each([
    ['2026-03-02 07:29:59.999', false],
    ['2026-03-02 07:30', true],
    ['2026-03-02 11:29:59.999', true],
    ['2026-03-02 11:30', false], // periods are half-open
    ['2026-03-02 12:15', false], // lunch break
    ['2026-03-02 13:00', true],
    ['2026-03-02 16:59:59.999', true],
    ['2026-03-02 17:00', false],
    ['2026-03-07 09:00', false], // Saturday
    ['2026-02-18 09:00', false], // Tết
  ])('%s is working time: %s', (local, expected) => {
    expect(calendar.isWorkingTime(vn(local))).toBe(expected);
  });

  it('lets overrides win over weekends, holidays and compensation', () => {
    const withOverrides = vietnamCalendar([
      { date: '2026-01-10', working: true, reason: 'make-up Saturday' },
      { date: '2026-01-02', working: false, reason: 'bridge day' },
      { date: '2026-04-27', working: true, reason: 'compensation moved' },
    ]);
    expect(withOverrides.dayStatus('2026-01-10')).toEqual({
      date: '2026-01-10',
      working: true,
      source: 'OVERRIDE',
      reason: 'make-up Saturday',
    });
    expect(withOverrides.isWorkingDay('2026-01-02')).toBe(false);
    expect(withOverrides.isWorkingDay('2026-04-27')).toBe(true);
    expect(withOverrides.isWorkingTime(vn('2026-01-10 08:00'))).toBe(true);
  });
});

describe('normaliseReceipt', () => {
  it.each([
    ['2026-03-02 09:15', '2026-03-02 09:15'], // inside office hours: unchanged
    ['2026-03-02 06:00', '2026-03-02 07:30'], // early morning
    ['2026-03-02 11:30', '2026-03-02 13:00'], // exactly at the end of the morning
    ['2026-03-02 12:00', '2026-03-02 13:00'], // lunch break
    ['2026-03-02 17:00', '2026-03-03 07:30'], // exactly at closing
    ['2026-03-02 21:45', '2026-03-03 07:30'], // evening
    ['2026-03-06 17:30', '2026-03-09 07:30'], // Friday evening → Monday
    ['2026-03-07 10:00', '2026-03-09 07:30'], // Saturday
    ['2026-09-01 10:00', '2026-09-03 07:30'], // National Day
    ['2026-02-13 18:00', '2026-02-23 07:30'], // Friday before the Tết break
  ])('%s → %s', (received, expected) => {
    expect(showVn(calendar.normaliseReceipt(vn(received)))).toBe(expected);
  });
});

describe('dueDate', () => {
  it.each([
    ['2026-03-02 07:30', 1, '2026-03-02 17:00'], // end-of-period convention: not Tuesday 07:30
    ['2026-03-02 07:30', 0.5, '2026-03-02 11:30'], // half day ends at the end of the morning
    ['2026-03-02 13:00', 0.5, '2026-03-02 17:00'],
    ['2026-03-02 10:00', 0.5, '2026-03-02 15:30'], // 90 min before lunch + 150 after
    ['2026-03-02 10:00', 1, '2026-03-03 10:00'],
    ['2026-03-02 10:00', 1.5, '2026-03-03 15:30'],
    ['2026-03-02 12:00', 0.5, '2026-03-02 17:00'], // received at lunch
    ['2026-03-02 20:00', 1, '2026-03-03 17:00'], // received in the evening
    ['2026-03-06 17:30', 1, '2026-03-09 17:00'], // Friday evening
    ['2026-03-07 09:00', 2, '2026-03-10 17:00'], // Saturday
    ['2026-03-05 16:00', 1, '2026-03-06 16:00'],
    ['2026-03-06 16:00', 1, '2026-03-09 16:00'], // over a weekend
    ['2026-04-24 15:00', 1, '2026-04-28 15:00'], // over Hùng Kings' day (Sunday) and its compensation
    ['2026-02-13 16:00', 1, '2026-02-23 16:00'], // over the Tết break
    ['2026-09-01 09:00', 0.5, '2026-09-03 11:30'], // received on a holiday
    ['2026-04-20 07:30', 30, '2026-06-03 17:00'], // 30 days over 27/4, 30/4 and 1/5
    ['2026-03-02 09:15', 0, '2026-03-02 09:15'],
    ['2026-03-02 18:00', 0, '2026-03-03 07:30'], // zero budget: the normalised receipt
  ])('received %s + %s working days → %s', (received, days, expected) => {
    expect(showVn(calendar.dueDate(vn(received), days))).toBe(expected);
  });

  it('counts make-up Saturdays and skips days off from the official schedule', () => {
    const schedule = vietnamCalendar([
      { date: '2026-01-02', working: false, reason: 'New Year bridge day' },
      { date: '2026-01-10', working: true, reason: 'make-up Saturday' },
    ]);
    expect(showVn(schedule.dueDate(vn('2026-01-09 16:00'), 0.5))).toBe('2026-01-10 10:30');
    expect(showVn(schedule.dueDate(vn('2025-12-31 08:00'), 1))).toBe('2026-01-05 08:00');
    expect(showVn(calendar.dueDate(vn('2025-12-31 08:00'), 1))).toBe('2026-01-02 08:00');
  });
});

describe('addWorkingMinutes / addWorkingDays / workingMinutesBetween', () => {
  it('adds minutes and hours across lunch and nights', () => {
    expect(showVn(calendar.addWorkingMinutes(vn('2026-03-02 11:00'), 45))).toBe('2026-03-02 13:15');
    expect(showVn(calendar.addWorkingMinutes(vn('2026-03-02 16:30'), 30))).toBe('2026-03-02 17:00');
    expect(showVn(calendar.addWorkingMinutes(vn('2026-03-02 16:30'), 31))).toBe('2026-03-03 07:31');
    expect(showVn(calendar.addWorkingMinutes(vn('2026-03-02 17:00'), 1))).toBe('2026-03-03 07:31');
    expect(showVn(calendar.addWorkingMinutes(vn('2026-03-02 08:00'), 0.5))).toBe('2026-03-02 08:00:30.000');
    expect(showVn(calendar.addWorkingDays(vn('2026-03-02 11:30'), 0.5))).toBe('2026-03-02 17:00');
  });

  it.each([
    ['2026-03-02 07:30', '2026-03-02 17:00', 480],
    ['2026-03-02 10:00', '2026-03-03 10:00', 480],
    ['2026-03-02 11:00', '2026-03-02 13:30', 60],
    ['2026-03-06 16:00', '2026-03-09 08:00', 90], // over a weekend
    ['2026-02-13 16:00', '2026-02-23 16:00', 480], // over Tết
    ['2026-03-07 08:00', '2026-03-08 16:00', 0], // weekend only
    ['2026-03-02 09:00', '2026-03-02 09:00', 0],
    ['2026-03-03 10:00', '2026-03-02 10:00', -480], // signed
  ])('between %s and %s: %s working minutes', (from, to, minutes) => {
    expect(calendar.workingMinutesBetween(vn(from), vn(to))).toBe(minutes);
  });
});

describe('classifyCompletion', () => {
  const due = vn('2026-03-03 17:00');
  it.each([
    ['2026-03-02 16:00', 'EARLY'],
    ['2026-03-03 07:29:59.999', 'EARLY'], // before the due day's first period starts
    ['2026-03-03 07:30', 'ON_TIME'],
    ['2026-03-03 17:00', 'ON_TIME'],
    ['2026-03-03 17:00:00.001', 'LATE'],
    ['2026-03-04 08:00', 'LATE'],
  ])('completed %s against due 2026-03-03 17:00 → %s', (completed, outcome) => {
    expect(calendar.classifyCompletion(vn(completed), due)).toBe(outcome);
  });

  it('uses the day of the due time even when the due time is mid-day', () => {
    const midday = vn('2026-03-03 10:00');
    expect(calendar.classifyCompletion(vn('2026-03-03 09:00'), midday)).toBe('ON_TIME');
    expect(calendar.classifyCompletion(vn('2026-03-03 10:00:01'), midday)).toBe('LATE');
    expect(showVn(calendar.workingDayStart(vn('2026-03-08 22:00')))).toBe('2026-03-08 07:30'); // any calendar day
  });
});

describe('configuration, range and input errors', () => {
  it('follows configured office hours and time zone, across a DST change', () => {
    const paris = new WorkingCalendar(
      buildCalendarSnapshot({
        version: 1,
        overrides: [],
        fromYear: 2026,
        toYear: 2026,
        officeHours: {
          timeZone: 'Europe/Paris',
          periods: [{ start: '09:00', end: '17:00' }],
          workingWeekdays: [1, 2, 3, 4, 5],
        },
      }),
    );
    // Summer time starts on Sunday 29 March 2026: 17:00 in Paris is 16:00Z before, 15:00Z after.
    expect(paris.dueDate(new Date('2026-03-27T08:00:00Z'), 2).toISOString()).toBe('2026-03-30T15:00:00.000Z');
    expect(
      paris.workingMinutesBetween(new Date('2026-03-27T08:00:00Z'), new Date('2026-03-30T15:00:00Z')),
    ).toBe(960);
    expect(paris.localDate(new Date('2026-03-29T22:30:00Z'))).toBe('2026-03-30');
    expect(paris.minutesPerWorkingDay).toBe(480);
  });

  it('makes one working day the full set of office periods', () => {
    const hours = {
      ...DEFAULT_OFFICE_HOURS,
      periods: [
        { start: '08:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
    };
    const custom = new WorkingCalendar(
      buildCalendarSnapshot({ version: 1, overrides: [], fromYear: 2026, toYear: 2026, officeHours: hours }),
    );
    expect(showVn(custom.dueDate(vn('2026-03-02 07:00'), 1))).toBe('2026-03-02 17:30');
    expect(calendar.minutesPerWorkingDay).toBe(480);
  });

  it('throws CalendarRangeError outside the snapshot years', () => {
    expect(() => calendar.dueDate(vn('2030-12-31 08:00'), 2)).toThrow(CalendarRangeError);
    expect(() => calendar.dueDate(vn('2030-12-31 08:00'), 2)).toThrow(/covers 2025-2030; 2031-01-01/);
    expect(() => calendar.isWorkingDay('2024-12-31')).toThrow(CalendarRangeError);
    expect(() => calendar.workingMinutesBetween(vn('2030-12-31 08:00'), vn('2031-01-02 08:00'))).toThrow(
      CalendarRangeError,
    );
  });

  it('refuses invalid amounts, dates and snapshots', () => {
    expect(() => calendar.addWorkingDays(vn('2026-03-02 08:00'), -1)).toThrow('finite number >= 0');
    expect(() => calendar.addWorkingMinutes(vn('2026-03-02 08:00'), Number.NaN)).toThrow(RangeError);
    expect(() => calendar.normaliseReceipt(new Date('nonsense'))).toThrow('valid Date');
    expect(() => calendar.isWorkingDay('2026-13-01')).toThrow('Invalid date');
    const snapshot = buildCalendarSnapshot({ version: 1, overrides: [], fromYear: 2026, toYear: 2026 });
    const broken = (officeHours: object) => () =>
      new WorkingCalendar({ ...snapshot, officeHours: { ...snapshot.officeHours, ...officeHours } });
    expect(broken({ timeZone: 'Mars/Olympus' })).toThrow('Unknown time zone');
    expect(
      broken({
        periods: [
          { start: '13:00', end: '17:00' },
          { start: '07:30', end: '11:30' },
        ],
      }),
    ).toThrow('in order');
    expect(broken({ periods: [] })).toThrow('at least one');
    expect(broken({ periods: [{ start: '7:30', end: '11:30' }] })).toThrow('Invalid time "7:30"');
    expect(broken({ workingWeekdays: [0] })).toThrow('ISO weekdays');
  });

  it('gives the same answers from a JSON round trip of the snapshot (workflow input)', () => {
    const snapshot = buildCalendarSnapshot({
      version: 7,
      overrides: [{ date: '2026-03-03', working: false }],
      fromYear: 2026,
      toYear: 2026,
    });
    const revived = new WorkingCalendar(JSON.parse(JSON.stringify(snapshot)));
    expect(revived.version).toBe(7);
    expect(showVn(revived.dueDate(vn('2026-03-02 08:00'), 1))).toBe('2026-03-04 08:00');
  });

  // How fast this is belongs to the benchmarks (machines here are shared and noisy); what a test can
  // hold is that thousands of deadlines in a row stay ordered and 30 working days is never less than
  // 30 days plus the four weekends any 30 working days span, less a day.
  it('computes thousands of 30-day deadlines that keep the order of their starts', () => {
    const fresh = vietnamCalendar();
    let previous = 0;
    for (let i = 0; i < 5000; i++) {
      const start = new Date(vn('2026-01-05 08:00').getTime() + i * 997_000);
      const due = fresh.dueDate(start, 30).getTime();
      expect(due).toBeGreaterThanOrEqual(previous);
      expect(due - start.getTime()).toBeGreaterThan(37 * 24 * 3600_000);
      previous = due;
    }
  });
});
