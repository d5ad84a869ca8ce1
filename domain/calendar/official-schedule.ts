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
import { issuePath } from '../zod-issues';
import type { CalendarProblem, CalendarProblemCode } from './calendar-problems';
import { isIsoDate } from './dates';
import type { CalendarOverride } from './types';

/** The code of a problem this file's own checks find, carried in the zod issue's params. */
const coded = (problem: CalendarProblemCode) => ({ params: { problem } });

const scheduleDaySchema = z.object({
  date: z
    .string()
    .refine(isIsoDate, { message: 'must be a real date written YYYY-MM-DD', ...coded('NOT_A_DATE') }),
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
          ...coded('WRONG_YEAR'),
        });
      }
      const first = firstIndexOf.get(day.date);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['days', index, 'date'],
          message: `duplicate date ${day.date} (already at days[${first}])`,
          ...coded('DUPLICATE_DATE'),
        });
      } else firstIndexOf.set(day.date, index);
    });
  });

export type OfficialSchedule = z.infer<typeof officialScheduleSchema>;

/** Thrown with one `path: message` line per problem, e.g. `days[3].date: must be in 2026`. */
export class OfficialScheduleError extends Error {
  constructor(readonly problems: CalendarProblem[]) {
    super(`Invalid official schedule:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'OfficialScheduleError';
  }
}

/** Validates a parsed JSON schedule and returns it with `days` sorted by date. */
export function readOfficialSchedule(json: unknown): OfficialSchedule {
  const illFormed = findIllFormedInput(json, '');
  if (illFormed)
    throw new OfficialScheduleError([
      {
        path: illFormed.path.replace(/^\./, '') || '(root)',
        code: 'NOT_WELL_FORMED',
        message: illFormed.problem,
      },
    ]);
  const result = officialScheduleSchema.safeParse(json);
  if (!result.success) {
    throw new OfficialScheduleError(
      result.error.issues.map((issue) => ({
        path: issuePath(issue.path) || '(root)',
        code: codeOf(issue, json),
        message: issue.message,
      })),
    );
  }
  return { ...result.data, days: [...result.data.days].sort((a, b) => a.date.localeCompare(b.date)) };
}

type Issue = z.ZodError['issues'][number];

/** The code of what zod found: this file's own checks carry theirs; zod's own kinds map to one each. */
function codeOf(issue: Issue, json: unknown): CalendarProblemCode {
  if (issue.code === 'custom') return (issue.params?.problem as CalendarProblemCode | undefined) ?? 'INVALID';
  if (issue.code === 'invalid_type') {
    if (valueAt(json, issue.path) === undefined) return 'MISSING';
    return issue.expected === 'int' ? 'NOT_A_WHOLE_NUMBER' : 'WRONG_TYPE';
  }
  if (issue.code === 'unrecognized_keys') return 'UNKNOWN_FIELD';
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    if (issue.origin === 'number') return 'YEAR_OUT_OF_RANGE'; // the only number in the format
    if (issue.origin === 'string') return issue.code === 'too_small' ? 'BLANK' : 'TOO_LONG';
  }
  return 'INVALID';
}

/** The input's value at a zod path; undefined where the path leads nowhere. */
function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    json,
  );
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
