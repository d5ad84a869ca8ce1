/**
 * Pure date finders for tests that run on a real clock (e.g. Temporal's time-skipping server, whose
 * clock starts at the machine's wall-clock time): instead of pinning a scenario to fixed dates, it
 * asks for "the next moment after now with these properties". Dates are Vietnam-local `YYYY-MM-DD`
 * strings; `after` is an instant (epoch ms or Date). Nothing here reads the clock.
 */
import { formatDayNumber, isoWeekday, parseIsoDate } from '../../domain/calendar/dates';
import { statutoryHolidays } from '../../domain/calendar/holidays';
import { showVn, vn } from '../../domain/calendar/test-support';
import type { HolidayDay } from '../../domain/calendar/types';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar';

const ms = (at: Date | number) => (typeof at === 'number' ? at : at.getTime());

/** `date` plus `n` calendar days (negative: back). */
export const addDays = (date: string, n: number): string => formatDayNumber(parseIsoDate(date) + n);
/** `n` consecutive dates from `start`. */
export const datesFrom = (start: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => addDays(start, i));
/** `first` to `last`, both included (none if `last` is before `first`). */
export const datesBetween = (first: string, last: string): string[] =>
  datesFrom(first, parseIsoDate(last) - parseIsoDate(first) + 1);
/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export const weekdayOf = (date: string): number => isoWeekday(parseIsoDate(date));
/** Vietnam-local date of an instant. */
export const vnDate = (at: Date | number): string => showVn(new Date(ms(at))).slice(0, 10);
/** The instant of `date` at Vietnam-local `time` (`HH:MM`). */
export const vnAt = (date: string, time: string): number => vn(`${date} ${time}`).getTime();

/** A day that works or rests only by the weekly pattern: no holiday, compensation or override. */
export const isOrdinary = (cal: WorkingCalendar, date: string): boolean =>
  ['WORKING_WEEKDAY', 'WEEKLY_REST'].includes(cal.dayStatus(date).source);

/** The `n`th working day strictly after `date` (n = 1: the next one). */
export function workingDayAfter(cal: WorkingCalendar, date: string, n = 1): string {
  let day = date;
  for (let found = 0; found < n;) if (cal.isWorkingDay((day = addDays(day, 1)))) found++;
  return day;
}
/** The `n`th working day strictly before `date` (n = 1: the previous one). */
export function workingDayBefore(cal: WorkingCalendar, date: string, n = 1): string {
  let day = date;
  for (let found = 0; found < n;) if (cal.isWorkingDay((day = addDays(day, -1)))) found++;
  return day;
}

/**
 * The first date on ISO `weekday` whose `time` is after `after` and that begins `days` ordinary days
 * (see `isOrdinary`): e.g. `{ weekday: 4, time: '08:00', days: 7 }` is a Thursday 08:00 followed by
 * an ordinary Friday, weekend, Monday, Tuesday and Wednesday. Throws CalendarRangeError rather than
 * search past the calendar's years.
 */
export function nextOrdinaryStart(
  cal: WorkingCalendar,
  after: Date | number,
  { weekday, time, days }: { weekday: number; time: string; days: number },
): string {
  const today = vnDate(after);
  for (let date = addDays(today, (weekday - weekdayOf(today) + 7) % 7); ; date = addDays(date, 7)) {
    if (vnAt(date, time) > ms(after) && datesFrom(date, days).every((d) => isOrdinary(cal, d))) return date;
  }
}

/** A Tết break and the working days around it. */
export interface TetBreak {
  /** The statutory Tết days of `statutoryHolidays(year)` and the compensatory days they give. */
  tetDays: HolidayDay[];
  /** The unbroken run of days off that holds them (adjacent weekends included). */
  firstOff: string;
  lastOff: string;
  /** The last-but-one and the last working day before `firstOff`, and the first one after `lastOff`. */
  secondLastWorkingBefore: string;
  lastWorkingBefore: string;
  firstWorkingAfter: string;
}

/**
 * The next Tết break (of the year of `after` or the next) whose last-but-one working day before it
 * is still ahead at `time`: a step of 2 working days started then is due on `firstWorkingAfter`
 * at `time`, spanning the whole break.
 */
export function nextTetBreak(cal: WorkingCalendar, after: Date | number, time = '08:00'): TetBreak {
  const year = Number(vnDate(after).slice(0, 4));
  for (const y of [year, year + 1]) {
    const tetDays = statutoryHolidays(y).filter((h) => h.name.includes('Tết Nguyên Đán'));
    const dates = tetDays.map((h) => h.date).sort();
    if (tetDays.filter((h) => h.kind === 'STATUTORY').length !== 5)
      throw new Error(`Tết ${y}: expected 5 statutory days`);
    let [firstOff, lastOff] = [dates[0], dates[dates.length - 1]];
    if (datesBetween(firstOff, lastOff).some((d) => cal.isWorkingDay(d))) {
      throw new Error(`Tết ${y}: its days off ${firstOff}..${lastOff} are not one unbroken break`);
    }
    while (!cal.isWorkingDay(addDays(firstOff, -1))) firstOff = addDays(firstOff, -1);
    while (!cal.isWorkingDay(addDays(lastOff, 1))) lastOff = addDays(lastOff, 1);
    const lastWorkingBefore = addDays(firstOff, -1);
    const secondLastWorkingBefore = workingDayBefore(cal, lastWorkingBefore);
    if (vnAt(secondLastWorkingBefore, time) > ms(after)) {
      return {
        tetDays,
        firstOff,
        lastOff,
        secondLastWorkingBefore,
        lastWorkingBefore,
        firstWorkingAfter: addDays(lastOff, 1),
      };
    }
  }
  throw new Error(`no Tết break ahead of ${showVn(new Date(ms(after)))} in ${year}..${year + 1}`);
}
