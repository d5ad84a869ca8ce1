/**
 * Working-time arithmetic on a `CalendarSnapshot`. PURE and workflow-safe: no clock, no randomness,
 * no Node built-ins, no `date-holidays`; the same snapshot and inputs always give the same answer.
 *
 * Conventions (see docs/PRODUCT.md "The working-day clock" and the pinned `dueDate` shape):
 * - Working periods are half-open `[start, end)`: at 17:00 sharp the office is closed.
 * - Adding a positive amount that runs out exactly at the end of a period answers that end (17:00),
 *   not the start of the next period. Adding 0 answers `from` unchanged.
 * - One working day = the total length of the office periods (480 minutes with the default hours).
 * - `workingMinutesBetween` is signed: negative when `to` is before `from`.
 * - Anything that needs to know whether a date outside `fromYear..toYear` is a working day throws
 *   `CalendarRangeError`, rather than guessing without that year's holidays.
 */
import { formatDayNumber, isoWeekday, parseClockTime, parseIsoDate, yearOfDayNumber } from './dates';
import type { CalendarOverride, CalendarSnapshot, CompletionOutcome, HolidayDay } from './types';
import { ZoneClock } from './zone';

const MS_PER_MINUTE = 60_000;

export class CalendarRangeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarRangeError';
  }
}

/** Why a date is or is not a working day, for administrators and audit messages. */
export interface DayStatus {
  date: string;
  working: boolean;
  source: 'OVERRIDE' | 'STATUTORY' | 'COMPENSATORY' | 'WEEKLY_REST' | 'WORKING_WEEKDAY';
  reason?: string;
}

export class WorkingCalendar {
  readonly version: number;
  /** Working minutes in one working day: the sum of the office periods (480 by default). */
  readonly minutesPerWorkingDay: number;
  private readonly zone: ZoneClock;
  private readonly periods: { start: number; end: number }[];
  private readonly workingWeekdays: ReadonlySet<number>;
  private readonly holidays = new Map<number, HolidayDay>();
  private readonly overrides = new Map<number, CalendarOverride>();
  private readonly firstDay: number;
  private readonly lastDay: number;
  /** Per local day: working intervals as instants, flattened `[start0, end0, start1, end1, …]`. */
  private readonly intervalCache = new Map<number, readonly number[]>();

  constructor(private readonly snapshot: CalendarSnapshot) {
    const { officeHours, fromYear, toYear } = snapshot;
    if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
      throw new Error(`Invalid calendar year range ${fromYear}..${toYear}`);
    }
    this.version = snapshot.version;
    this.zone = new ZoneClock(officeHours.timeZone);
    this.periods = officeHours.periods.map((p) => ({
      start: parseClockTime(p.start),
      end: parseClockTime(p.end),
    }));
    if (this.periods.length === 0) throw new Error('Office hours need at least one working period');
    this.periods.forEach((period, i) => {
      const previous = this.periods[i - 1];
      if (period.start >= period.end || (previous && previous.end > period.start)) {
        throw new Error('Office periods must be in order, non-empty and not overlapping');
      }
    });
    this.minutesPerWorkingDay = this.periods.reduce((sum, p) => sum + p.end - p.start, 0);
    if (officeHours.workingWeekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      throw new Error('Working weekdays must be ISO weekdays 1 (Monday) to 7 (Sunday)');
    }
    this.workingWeekdays = new Set(officeHours.workingWeekdays);
    for (const holiday of snapshot.holidays) {
      const day = parseIsoDate(holiday.date);
      if (!this.holidays.has(day)) this.holidays.set(day, holiday);
    }
    for (const override of snapshot.overrides) this.overrides.set(parseIsoDate(override.date), override);
    this.firstDay = parseIsoDate(`${String(fromYear).padStart(4, '0')}-01-01`);
    this.lastDay = parseIsoDate(`${String(toYear).padStart(4, '0')}-12-31`);
  }

  get timeZone(): string {
    return this.zone.timeZone;
  }

  dayStatus(date: string): DayStatus {
    return this.statusOf(this.checkedDay(parseIsoDate(date)));
  }

  isWorkingDay(date: string): boolean {
    return this.dayStatus(date).working;
  }

  isWorkingTime(at: Date): boolean {
    const ms = instant(at);
    const intervals = this.intervalsOf(this.zone.localDayNumber(ms));
    for (let i = 0; i < intervals.length; i += 2)
      if (intervals[i] <= ms && ms < intervals[i + 1]) return true;
    return false;
  }

  /** A receipt outside office hours counts as received at the start of the next working period. */
  normaliseReceipt(at: Date): Date {
    const ms = instant(at);
    for (let day = this.zone.localDayNumber(ms); ; day++) {
      const intervals = this.intervalsOf(day);
      for (let i = 0; i < intervals.length; i += 2)
        if (intervals[i + 1] > ms) return new Date(Math.max(intervals[i], ms));
    }
  }

  addWorkingMinutes(from: Date, minutes: number): Date {
    let remaining = Math.round(nonNegative(minutes, 'minutes') * MS_PER_MINUTE);
    const start = instant(from);
    if (remaining === 0) return new Date(start);
    // Walk day by day, consuming whole periods; at most a few map lookups per calendar day.
    for (let day = this.zone.localDayNumber(start); ; day++) {
      const intervals = this.intervalsOf(day);
      for (let i = 0; i < intervals.length; i += 2) {
        if (intervals[i + 1] <= start) continue;
        const periodStart = Math.max(intervals[i], start);
        const available = intervals[i + 1] - periodStart;
        if (remaining <= available) return new Date(periodStart + remaining); // `<=`: end-of-period rule
        remaining -= available;
      }
    }
  }

  addWorkingDays(from: Date, days: number): Date {
    return this.addWorkingMinutes(from, nonNegative(days, 'days') * this.minutesPerWorkingDay);
  }

  /** Signed working minutes in `[from, to)`; negative when `to` is before `from`. */
  workingMinutesBetween(from: Date, to: Date): number {
    const [a, b] = [instant(from), instant(to)];
    if (b < a) return 0 - this.workingMinutesBetween(to, from) || 0; // `|| 0`: never answer -0
    let total = 0;
    for (let day = this.zone.localDayNumber(a), last = this.zone.localDayNumber(b); day <= last; day++) {
      const intervals = this.intervalsOf(day);
      for (let i = 0; i < intervals.length; i += 2) {
        total += Math.max(0, Math.min(intervals[i + 1], b) - Math.max(intervals[i], a));
      }
    }
    return total / MS_PER_MINUTE;
  }

  /** `due = normalise(received) + N × one working day` (docs/PRODUCT.md, the working-day clock). */
  dueDate(receivedAt: Date, workingDays: number): Date {
    return this.addWorkingDays(this.normaliseReceipt(receivedAt), workingDays);
  }

  /** Start of the first office period on the local calendar day containing `at` (working day or not). */
  workingDayStart(at: Date): Date {
    return new Date(this.zone.toInstant(this.zone.localDayNumber(instant(at)), this.periods[0].start));
  }

  /** EARLY: before the working day of the due time begins; ON_TIME: that day, by the due time; else LATE. */
  classifyCompletion(completedAt: Date, dueAt: Date): CompletionOutcome {
    const completed = instant(completedAt);
    if (completed > instant(dueAt)) return 'LATE';
    return completed < this.workingDayStart(dueAt).getTime() ? 'EARLY' : 'ON_TIME';
  }

  /** Local `YYYY-MM-DD` of an instant in the calendar's zone. */
  localDate(at: Date): string {
    return formatDayNumber(this.zone.localDayNumber(instant(at)));
  }

  private statusOf(day: number): DayStatus {
    const date = formatDayNumber(day);
    const override = this.overrides.get(day);
    if (override) return { date, working: override.working, source: 'OVERRIDE', reason: override.reason };
    const holiday = this.holidays.get(day);
    if (holiday) return { date, working: false, source: holiday.kind, reason: holiday.name };
    return this.workingWeekdays.has(isoWeekday(day))
      ? { date, working: true, source: 'WORKING_WEEKDAY' }
      : { date, working: false, source: 'WEEKLY_REST' };
  }

  private intervalsOf(day: number): readonly number[] {
    let intervals = this.intervalCache.get(day);
    if (!intervals) {
      const working = this.statusOf(this.checkedDay(day)).working;
      intervals = working
        ? this.periods.flatMap((p) => [this.zone.toInstant(day, p.start), this.zone.toInstant(day, p.end)])
        : [];
      this.intervalCache.set(day, intervals);
    }
    return intervals;
  }

  private checkedDay(day: number): number {
    if (day < this.firstDay || day > this.lastDay) {
      throw new CalendarRangeError(
        `Working calendar v${this.version} covers ${this.snapshot.fromYear}-${this.snapshot.toYear}; ` +
          `${formatDayNumber(day)} (year ${yearOfDayNumber(day)}) is outside it. Build a snapshot covering that year.`,
      );
    }
    return day;
  }
}

function instant(at: Date): number {
  // toString tag rather than `instanceof`: Dates may come from another realm (Temporal's workflow sandbox).
  const ms = Object.prototype.toString.call(at) === '[object Date]' ? at.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new TypeError('Expected a valid Date');
  return ms;
}

function nonNegative(amount: number, what: string): number {
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`Working ${what} must be a finite number >= 0, got ${amount}`);
  }
  return amount;
}
