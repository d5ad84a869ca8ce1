// Administrators change the working calendar: days off and make-up working days, one revision per
// change. The revision number is the calendar version that new snapshots carry (services/catalog/calendar.ts).
import { tryParseIsoDate, yearOfDayNumber } from '../../domain/calendar/dates';
import { describeCalendarProblems, type CalendarProblem } from '../../domain/calendar/calendar-problems';
import { OfficialScheduleError, parseOfficialSchedule } from '../../domain/calendar/official-schedule';
import type { CalendarOverride } from '../../domain/calendar/types';
import { DomainError } from '../../domain/errors';
import type { PrismaClient } from '../../prisma/database';
import { saveCalendarChange, type CalendarChange } from '../../prisma/read-model/calendar';

/** A year's official schedule has a few dozen days; 400 covers a year and stops accidental floods. */
export const MAX_DAYS_PER_CHANGE = 400;
export const MAX_REASON_LENGTH = 300;
/** Same bounds as the official-schedule format; anything else is a typo. */
const YEARS = { min: 1900, max: 2200 };

export interface CalendarDayChange {
  date: string;
  working: boolean;
  reason?: string | null;
}

/**
 * Checks every day and reports all problems at once, each with its path and code
 * (domain/calendar/calendar-problems.ts), e.g. `days[2].date: DUPLICATE_DATE`.
 */
export function validateCalendarDays(days: readonly CalendarDayChange[]): CalendarOverride[] {
  const errors: CalendarProblem[] = [];
  if (days.length === 0)
    errors.push({ path: 'days', code: 'NO_DAYS', message: 'must list at least one day' });
  if (days.length > MAX_DAYS_PER_CHANGE) {
    errors.push({
      path: 'days',
      code: 'TOO_MANY_DAYS',
      message: `at most ${MAX_DAYS_PER_CHANGE} days per change, got ${days.length}`,
    });
  }
  const firstIndexOf = new Map<string, number>();
  const overrides = days.slice(0, MAX_DAYS_PER_CHANGE).map((day, i): CalendarOverride => {
    const dayNumber = typeof day.date === 'string' ? tryParseIsoDate(day.date) : undefined;
    if (dayNumber === undefined) {
      errors.push({
        path: `days[${i}].date`,
        code: 'NOT_A_DATE',
        message: `must be a real date written YYYY-MM-DD, got "${day.date}"`,
      });
    } else if (yearOfDayNumber(dayNumber) < YEARS.min || yearOfDayNumber(dayNumber) > YEARS.max) {
      errors.push({
        path: `days[${i}].date`,
        code: 'YEAR_OUT_OF_RANGE',
        message: `must be in the years ${YEARS.min}-${YEARS.max}`,
      });
    } else if (firstIndexOf.has(day.date)) {
      errors.push({
        path: `days[${i}].date`,
        code: 'DUPLICATE_DATE',
        message: `duplicate date ${day.date} (already at days[${firstIndexOf.get(day.date)}])`,
      });
    } else firstIndexOf.set(day.date, i);
    if (typeof day.working !== 'boolean')
      errors.push({ path: `days[${i}].working`, code: 'WRONG_TYPE', message: 'must be true or false' });
    const reason = day.reason?.trim() || undefined;
    if (reason && reason.length > MAX_REASON_LENGTH) {
      errors.push({
        path: `days[${i}].reason`,
        code: 'TOO_LONG',
        message: `must be at most ${MAX_REASON_LENGTH} characters`,
      });
    }
    return reason
      ? { date: day.date, working: day.working, reason }
      : { date: day.date, working: day.working };
  });
  if (errors.length > 0) {
    throw new DomainError('VALIDATION_FAILED', describeCalendarProblems(errors), { errors });
  }
  return overrides;
}

/** Sets days off / make-up working days in one transaction with one new revision; bad input changes nothing. */
export async function setCalendarDays(
  prisma: PrismaClient,
  days: readonly CalendarDayChange[],
  changedBy?: string,
): Promise<CalendarChange> {
  const overrides = validateCalendarDays(days);
  return saveCalendarChange(prisma, overrides, {
    changedBy: changedBy ?? null,
    summary: summarise(overrides),
  });
}

/** Loads a year's official schedule (domain/calendar/official-schedule.ts format) as overrides. */
export async function importOfficialSchedule(
  prisma: PrismaClient,
  json: unknown,
  changedBy?: string,
): Promise<CalendarChange> {
  let overrides: CalendarOverride[];
  try {
    overrides = parseOfficialSchedule(json);
  } catch (error) {
    if (!(error instanceof OfficialScheduleError)) throw error;
    throw new DomainError('VALIDATION_FAILED', describeCalendarProblems(error.problems), {
      errors: error.problems,
    });
  }
  return setCalendarDays(prisma, overrides, changedBy);
}

/** "3 days: 2026-02-14 off, 2026-02-21 working, 2026-09-01 off"; long lists are cut short. */
function summarise(overrides: readonly CalendarOverride[]): string {
  const shown = 10;
  const sorted = [...overrides].sort((a, b) => a.date.localeCompare(b.date));
  const listed = sorted.slice(0, shown).map((d) => `${d.date} ${d.working ? 'working' : 'off'}`);
  const more = sorted.length > shown ? `, … (${sorted.length - shown} more)` : '';
  return `${sorted.length} day${sorted.length === 1 ? '' : 's'}: ${listed.join(', ')}${more}`;
}
