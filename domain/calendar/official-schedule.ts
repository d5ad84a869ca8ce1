/**
 * Import format for a year's official schedule of days off and make-up working days (the Prime
 * Minister's decision / Ministry of Home Affairs notice), loaded by administrators as overrides.
 *
 * {
 *   "year": 2026,
 *   "source": "Notice no. … /TB-BNV",
 *   "days": [
 *     { "date": "2026-01-02", "working": false, "reason": "New Year: swapped day off" },
 *     { "date": "2026-01-10", "working": true,  "reason": "Make-up working Saturday" }
 *   ]
 * }
 */
import { z } from 'zod';
import { findIllFormedInput } from '../text/well-formed';
import { isIsoDate } from './dates';
import type { CalendarOverride } from './types';
import { issuePath } from '../zod-issues';

const scheduleDaySchema = z.object({
  date: z.string().refine(isIsoDate, { message: 'must be a real date written YYYY-MM-DD' }),
  working: z.boolean(),
  reason: z.string().trim().min(1).max(500).optional(),
});

export const officialScheduleSchema = z
  .object({
    year: z.number().int().min(1900).max(2200),
    source: z.string().trim().min(1, 'must name the decision or notice'),
    days: z.array(scheduleDaySchema),
  })
  .strict()
  .superRefine((schedule, ctx) => {
    const firstIndexOf = new Map<string, number>();
    schedule.days.forEach((day, index) => {
      if (!isIsoDate(day.date)) return; // already reported by the field schema
      if (!day.date.startsWith(`${schedule.year}-`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['days', index, 'date'],
          message: `must be in ${schedule.year}`,
        });
      }
      const first = firstIndexOf.get(day.date);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['days', index, 'date'],
          message: `duplicate date ${day.date} (already at days[${first}])`,
        });
      } else firstIndexOf.set(day.date, index);
    });
  });

export type OfficialSchedule = z.infer<typeof officialScheduleSchema>;

/** Thrown with one `path: message` line per problem, e.g. `days[3].date: must be in 2026`. */
export class OfficialScheduleError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(`Invalid official schedule:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'OfficialScheduleError';
  }
}

/** Validates a parsed JSON schedule and returns it with `days` sorted by date. */
export function readOfficialSchedule(json: unknown): OfficialSchedule {
  const illFormed = findIllFormedInput(json, '');
  if (illFormed)
    throw new OfficialScheduleError([
      { path: illFormed.path.replace(/^\./, '') || '(root)', message: illFormed.problem },
    ]);
  const result = officialScheduleSchema.safeParse(json);
  if (!result.success) {
    throw new OfficialScheduleError(
      result.error.issues.map((issue) => ({
        path: issuePath(issue.path) || '(root)',
        message: issue.message,
      })),
    );
  }
  return { ...result.data, days: [...result.data.days].sort((a, b) => a.date.localeCompare(b.date)) };
}

/** The schedule's days as calendar overrides; a day without its own reason cites the `source`. */
export function parseOfficialSchedule(json: unknown): CalendarOverride[] {
  const schedule = readOfficialSchedule(json);
  return schedule.days.map(({ date, working, reason }) => ({
    date,
    working,
    reason: reason ?? schedule.source,
  }));
}
