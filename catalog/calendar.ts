// The calendar as it stands: the statutory rules plus administrators' overrides, as a versioned
// snapshot that workflows carry. Built once per calendar revision and year window, then cached.
import { buildCalendarSnapshot, DEFAULT_OFFICE_HOURS } from '../domain/calendar/holidays';
import type { CalendarSnapshot, OfficeHours } from '../domain/calendar/types';
import type { PrismaClient } from '../prisma/database';

export interface CalendarSourceOptions {
  officeHours?: OfficeHours;
  now?: () => Date;
  /** The snapshot spans the current year minus `yearsBack` to plus `yearsAhead`: long enough for any deadline. */
  yearsBack?: number;
  yearsAhead?: number;
}

export type CalendarSource = () => Promise<CalendarSnapshot>;

export function createCalendarSource(prisma: PrismaClient, options: CalendarSourceOptions = {}): CalendarSource {
  const { officeHours = DEFAULT_OFFICE_HOURS, now = () => new Date(), yearsBack = 1, yearsAhead = 5 } = options;
  let cached: { key: string; snapshot: CalendarSnapshot } | undefined;
  return async () => {
    const latest = await prisma.calendarRevision.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
    const version = latest?.version ?? 0;
    const year = now().getUTCFullYear();
    const key = `${version}/${year}`;
    if (cached?.key !== key) {
      const overrides = await prisma.calendarDay.findMany({ orderBy: { date: 'asc' } });
      const snapshot = buildCalendarSnapshot({
        version,
        officeHours,
        fromYear: year - yearsBack,
        toYear: year + yearsAhead,
        overrides: overrides.map((d) => ({ date: d.date, working: d.working, ...(d.reason ? { reason: d.reason } : {}) })),
      });
      cached = { key, snapshot };
    }
    return cached.snapshot;
  };
}
