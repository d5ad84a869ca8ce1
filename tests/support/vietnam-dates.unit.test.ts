// The date finders of vietnam-dates.ts for several fake "now" values: what they find has the
// properties the dossier-timers scenarios rely on, whatever the date the suite runs at.
import { buildCalendarSnapshot, statutoryHolidays } from '../../domain/calendar/holidays';
import { showVn, vn } from '../../domain/calendar/test-support';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import {
  addDays,
  datesBetween,
  datesFrom,
  nextOrdinaryStart,
  nextTetBreak,
  vnAt,
  weekdayOf,
  workingDayAfter,
  workingDayBefore,
} from './vietnam-dates';

const NOWS = [
  '2026-11-26 23:00',
  '2027-01-20 12:00',
  '2027-02-03 08:00',
  '2027-06-01 09:00',
  '2028-01-15 00:00',
  '2029-12-30 18:00',
];
/** What dossier-timers builds: the now's year and the two after. */
const calendarAt = (now: string) => {
  const year = Number(now.slice(0, 4));
  return new WorkingCalendar(
    buildCalendarSnapshot({ version: 1, overrides: [], fromYear: year, toYear: year + 2 }),
  );
};
const source = (cal: WorkingCalendar, date: string) => cal.dayStatus(date).source;

describe.each(NOWS)('from %s', (now) => {
  const cal = calendarAt(now);
  const after = vn(now).getTime();

  test('the Tết start: the last-but-one working day before the break; 2 working days later is the first working day after it', () => {
    const tet = nextTetBreak(cal, after);
    const [start, eve, back] = [tet.secondLastWorkingBefore, tet.lastWorkingBefore, tet.firstWorkingAfter];
    expect(vnAt(start, '08:00')).toBeGreaterThan(after);
    expect([start, eve, back].map((d) => source(cal, d))).toEqual([
      'WORKING_WEEKDAY',
      'WORKING_WEEKDAY',
      'WORKING_WEEKDAY',
    ]);
    expect(workingDayAfter(cal, start)).toBe(eve);
    expect([addDays(eve, 1), addDays(back, -1)]).toEqual([tet.firstOff, tet.lastOff]);
    // Every day in between is off by law or a weekly rest, and the break holds the year's five
    // statutory Tết days and the compensatory days they give.
    const breakDays = datesBetween(tet.firstOff, tet.lastOff);
    expect(
      breakDays.filter((d) => !['STATUTORY', 'COMPENSATORY', 'WEEKLY_REST'].includes(source(cal, d))),
    ).toEqual([]);
    const tetDays = statutoryHolidays(Number(tet.firstOff.slice(0, 4))).filter((h) =>
      h.name.includes('Tết Nguyên Đán'),
    );
    expect(tetDays.filter((h) => h.kind === 'STATUTORY')).toHaveLength(5);
    expect(tet.tetDays).toEqual(tetDays);
    expect(tetDays.map((h) => h.date).filter((d) => !breakDays.includes(d))).toEqual([]);
    expect(breakDays.length).toBeGreaterThanOrEqual(5);
    // The production arithmetic agrees: the step of 2 working days spans the whole break.
    expect(showVn(cal.addWorkingDays(vn(`${start} 08:00`), 2))).toBe(`${back} 08:00`);
    expect(showVn(cal.addWorkingDays(vn(`${start} 08:00`), 1))).toBe(`${eve} 08:00`);
  });

  test('the Tết break is the next one: this year’s, unless its start has passed', () => {
    const year = Number(now.slice(0, 4));
    const wide = new WorkingCalendar(
      buildCalendarSnapshot({ version: 1, overrides: [], fromYear: year - 1, toYear: year + 2 }),
    );
    const thisYears = nextTetBreak(wide, vn(`${year}-01-01 00:00`));
    const found = nextTetBreak(cal, after);
    expect(thisYears.firstOff.slice(0, 4)).toBe(String(year));
    expect(found).toEqual(
      vnAt(thisYears.secondLastWorkingBefore, '08:00') > after
        ? thisYears
        : nextTetBreak(wide, vn(`${year + 1}-01-01 00:00`)),
    );
  });

  test('the weekend start: a Thursday 08:00 ahead, followed by an ordinary Friday, weekend, Monday, Tuesday and Wednesday', () => {
    const thu = nextOrdinaryStart(cal, after, { weekday: 4, time: '08:00', days: 7 });
    const week = datesFrom(thu, 7);
    expect(vnAt(thu, '08:00')).toBeGreaterThan(after);
    expect(week.map(weekdayOf)).toEqual([4, 5, 6, 7, 1, 2, 3]);
    const W = 'WORKING_WEEKDAY';
    expect(week.map((d) => source(cal, d))).toEqual([W, W, 'WEEKLY_REST', 'WEEKLY_REST', W, W, W]);
    expect(showVn(cal.addWorkingDays(vn(`${thu} 08:00`), 2))).toBe(`${week[4]} 08:00`); // Monday
    expect(showVn(cal.addWorkingDays(vn(`${thu} 08:00`), 4))).toBe(`${week[6]} 08:00`); // Wednesday
    // The first such Thursday: every earlier Thursday ahead of now has a holiday in its week.
    for (let d = addDays(thu, -7); vnAt(d, '08:00') > after; d = addDays(d, -7)) {
      expect(datesFrom(d, 7).some((x) => !['WORKING_WEEKDAY', 'WEEKLY_REST'].includes(source(cal, x)))).toBe(
        true,
      );
    }
  });

  test.each([
    ['10:00', 5],
    ['08:00', 8],
  ])('an ordinary Monday %s, %i ordinary days', (time, days) => {
    const mon = nextOrdinaryStart(cal, after, { weekday: 1, time, days });
    expect(vnAt(mon, time)).toBeGreaterThan(after);
    expect(vnAt(mon, time) - after).toBeLessThan(60 * 86_400_000);
    const dates = datesFrom(mon, days);
    expect(dates.map(weekdayOf)).toEqual(dates.map((_, i) => (i % 7) + 1));
    expect(dates.map((d) => source(cal, d))).toEqual(
      dates.map((_, i) => (i % 7 < 5 ? 'WORKING_WEEKDAY' : 'WEEKLY_REST')),
    );
  });

  test('the scenarios in sequence stay within the calendar built at the start', () => {
    const tet = nextTetBreak(cal, after);
    let clock = vnAt(workingDayAfter(cal, tet.firstWorkingAfter), '08:01'); // the climb
    const thu = nextOrdinaryStart(cal, clock, { weekday: 4, time: '08:00', days: 7 });
    clock = vnAt(addDays(thu, 6), '08:01');
    for (const [time, days] of [
      ['10:00', 5],
      ['08:00', 8],
      ['08:00', 8],
    ] as const) {
      clock = vnAt(addDays(nextOrdinaryStart(cal, clock, { weekday: 1, time, days }), days - 1), '17:00');
    }
    expect(Number(showVn(new Date(clock)).slice(0, 4))).toBeLessThanOrEqual(Number(now.slice(0, 4)) + 2);
  });
});

test('known answers: Tết 2027 from 26 Nov 2026, Tết 2028 from 15 Jan 2028', () => {
  const tet2027 = nextTetBreak(calendarAt('2026-11-26 23:00'), vn('2026-11-26 23:00'));
  expect(tet2027).toMatchObject({
    secondLastWorkingBefore: '2027-02-03',
    lastWorkingBefore: '2027-02-04',
    firstOff: '2027-02-05',
    lastOff: '2027-02-11',
    firstWorkingAfter: '2027-02-12',
  });
  const tet2028 = nextTetBreak(calendarAt('2028-01-15 00:00'), vn('2028-01-15 00:00'));
  expect(tet2028).toMatchObject({
    secondLastWorkingBefore: '2028-01-21',
    lastWorkingBefore: '2028-01-24',
    firstWorkingAfter: '2028-02-01',
  });
  // Past the 2027 start (Wed 3 Feb 08:00) the next one is 2028's.
  expect(nextTetBreak(calendarAt('2027-02-03 08:00'), vn('2027-02-03 08:00')).firstWorkingAfter).toBe(
    '2028-02-01',
  );
  expect(workingDayBefore(calendarAt('2027-01-01 00:00'), '2027-02-05', 2)).toBe('2027-02-03');
});
