// The calendar as it stands: the statutory rules plus administrators' overrides, as a versioned
// snapshot that workflows carry. Built once per calendar revision and year window, then cached.
import { buildCalendarSnapshot, DEFAULT_OFFICE_HOURS } from '../../domain/calendar/holidays';
import type { CalendarSnapshot, OfficeHours } from '../../domain/calendar/types';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { PrismaClient } from '../../prisma/database';
import { calendarOverrides, latestCalendarRevision } from '../../prisma/read-model/calendar';

export interface CalendarSourceOptions {
  officeHours?: OfficeHours;
  now?: () => Date;
  /** The snapshot spans the current year minus `yearsBack` to plus `yearsAhead`: long enough for any deadline. */
  yearsBack?: number;
  yearsAhead?: number;
}

/**
 * The current snapshot. A caller that has just read the latest calendar revision itself (reception
 * reads it with everything else it needs) passes it, which saves a query.
 */
export type CalendarSource = (latestRevision?: number) => Promise<CalendarSnapshot>;

export function createCalendarSource(
  prisma: PrismaClient,
  options: CalendarSourceOptions = {},
): CalendarSource {
  const {
    officeHours = DEFAULT_OFFICE_HOURS,
    now = () => new Date(),
    yearsBack = 1,
    yearsAhead = 5,
  } = options;
  let cached: { version: number; year: number; snapshot: CalendarSnapshot } | undefined;
  return async (latestRevision?: number) => {
    const version = latestRevision ?? (await latestCalendarRevision(prisma));
    const year = now().getUTCFullYear();
    // Revisions only grow: a caller that read an older one than the cache holds raced a change, and
    // the newer snapshot is the right answer (rebuilding would label today's overrides with the old number).
    if (cached && cached.year === year && cached.version >= version) return cached.snapshot;
    const snapshot = buildCalendarSnapshot({
      version,
      officeHours,
      fromYear: year - yearsBack,
      toYear: year + yearsAhead,
      overrides: await calendarOverrides(prisma),
    });
    cached = { version, year, snapshot };
    return snapshot;
  };
}

// One WorkingCalendar per snapshot: building one parses every holiday and override and starts with
// empty time-zone and working-interval caches, which the next call would have to warm again.
const workingCalendars = new WeakMap<CalendarSnapshot, WorkingCalendar>();

/** The (shared, immutable) working calendar of a snapshot. */
export function workingCalendarOf(snapshot: CalendarSnapshot): WorkingCalendar {
  let calendar = workingCalendars.get(snapshot);
  if (!calendar) {
    calendar = new WorkingCalendar(snapshot);
    workingCalendars.set(snapshot, calendar);
  }
  return calendar;
}
