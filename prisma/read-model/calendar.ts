// The working calendar's overrides (`calendar_day`) and revisions (`calendar_revision`), through
// Prisma. services/catalog/calendar-admin.ts validates changes; services/catalog/calendar.ts builds
// and caches the snapshot that workflows carry from what is read here.
import type { CalendarOverride } from '../../domain/calendar/types';
import type { PrismaClient } from '../database';

/** Serialises calendar changes: see the transaction below. */
const CALENDAR_LOCK = 'lien-thong:calendar_revision';

export interface CalendarChange {
  version: number;
  days: { date: string; working: boolean; reason: string | null }[];
}

/** The latest revision's number: the version of the current calendar snapshot (0 before any change). */
export async function latestCalendarRevision(prisma: PrismaClient): Promise<number> {
  const latest = await prisma.calendarRevision.findFirst({
    orderBy: { version: 'desc' },
    select: { version: true },
  });
  return latest?.version ?? 0;
}

/** Every override, by date. */
export async function calendarOverrides(prisma: PrismaClient): Promise<CalendarOverride[]> {
  const days = await prisma.calendarDay.findMany({ orderBy: { date: 'asc' } });
  return days.map((d) => ({ date: d.date, working: d.working, ...(d.reason ? { reason: d.reason } : {}) }));
}

/** Saves the days and one new revision in one transaction. */
export function saveCalendarChange(
  prisma: PrismaClient,
  overrides: readonly CalendarOverride[],
  revision: { changedBy: string | null; summary: string },
): Promise<CalendarChange> {
  return prisma.$transaction(async (tx) => {
    // Revisions must commit in version order: the calendar source caches its snapshot by the latest
    // version, so a lower version committing after a higher one would never be picked up.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${CALENDAR_LOCK}))`;
    const saved = [];
    for (const { date, working, reason } of overrides) {
      const data = { working, reason: reason ?? null };
      saved.push(await tx.calendarDay.upsert({ where: { date }, create: { date, ...data }, update: data }));
    }
    const { version } = await tx.calendarRevision.create({ data: revision });
    return { version, days: saved.map(({ date, working, reason }) => ({ date, working, reason })) };
  });
}
