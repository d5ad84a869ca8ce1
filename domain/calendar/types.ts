/**
 * Plain, JSON-serialisable shapes of the working calendar. A `CalendarSnapshot` is passed into
 * Temporal workflows as input, so everything here must survive JSON round trips unchanged.
 */

/** Office hours of the agencies, in local wall-clock time of `timeZone`. */
export interface OfficeHours {
  /** IANA zone, e.g. `Asia/Ho_Chi_Minh`. */
  timeZone: string;
  /** Working periods of a working day, `HH:MM` local time, in order and not overlapping. */
  periods: { start: string; end: string }[];
  /** ISO weekdays that are normally working days: 1 = Monday … 7 = Sunday. */
  workingWeekdays: number[];
}

/** An administrator's decision about one date; it wins over every rule (weekend, holiday, compensation). */
export interface CalendarOverride {
  /** `YYYY-MM-DD`, local date in the calendar's zone. */
  date: string;
  /** `false`: a day off (e.g. a moved Tết day); `true`: a make-up working day (e.g. a Saturday). */
  working: boolean;
  reason?: string;
}

/** A day off by law: a statutory holiday (Labor Code 2019 art. 112) or its compensation (art. 111(3)). */
export interface HolidayDay {
  date: string;
  name: string;
  kind: 'STATUTORY' | 'COMPENSATORY';
}

/** Everything the pure `WorkingCalendar` needs; valid for the years `fromYear`..`toYear` inclusive. */
export interface CalendarSnapshot {
  /** Bumped whenever an administrator changes the calendar; running dossiers pick up the new one. */
  version: number;
  officeHours: OfficeHours;
  fromYear: number;
  toYear: number;
  holidays: HolidayDay[];
  overrides: CalendarOverride[];
}

export type CompletionOutcome = 'EARLY' | 'ON_TIME' | 'LATE';
