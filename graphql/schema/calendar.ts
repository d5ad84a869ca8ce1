// The working calendar: how deadlines are counted (`dueDate`), what each day is and why
// (`calendarDays`), and administrators' days off / make-up working days (`setCalendarDays`).
import {
  importOfficialSchedule,
  MAX_DAYS_PER_CHANGE,
  MAX_REASON_LENGTH,
  setCalendarDays,
} from '../../services/catalog/calendar-admin';
import type { CalendarChange } from '../../prisma/read-model/calendar';
import { CALENDAR_PROBLEMS } from '../../domain/calendar/calendar-problems';
import { workingCalendarOf } from '../../services/catalog/calendar';
import { broadcastCalendarChange } from '../../services/catalog/calendar-broadcast';
import {
  callWithDeadline,
  DEFAULT_ENGINE_DEADLINE_MS,
  engineUnavailable,
} from '../../services/actions/engine-deadline';
import { formatDayNumber, tryParseIsoDate } from '../../domain/calendar/dates';
import { CalendarRangeError, type DayStatus } from '../../domain/calendar/working-calendar';
import { DomainError } from '../../domain/errors';
import { isHalfDayMultiple, MAX_WORKING_DAYS } from '../../domain/procedure/definition';
import { builder } from '../builder';
import type { GraphQLContext } from '../context';

const DaySourceEnum = builder.enumType('CalendarDaySource', {
  values: ['OVERRIDE', 'STATUTORY', 'COMPENSATORY', 'WEEKLY_REST', 'WORKING_WEEKDAY'] as const,
  description:
    "Why a day is or is not a working day; OVERRIDE (an administrator's decision) wins over the rules.",
});

const CalendarDay = builder.objectRef<DayStatus>('CalendarDay').implement({
  fields: (t) => ({
    date: t.expose('date', { type: 'Date', nullable: false }),
    working: t.exposeBoolean('working', { nullable: false }),
    source: t.expose('source', { type: DaySourceEnum, nullable: false }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

const CalendarDayInput = builder.inputType('CalendarDayInput', {
  fields: (t) => ({
    date: t.field({ type: 'Date', required: true }),
    working: t.boolean({ required: true, description: 'false: a day off; true: a make-up working day.' }),
    reason: t.string({ description: `At most ${MAX_REASON_LENGTH} characters.` }),
  }),
});

const SetCalendarDaysPayload = builder
  .objectRef<{ calendarVersion: number; days: DayStatus[] }>('SetCalendarDaysPayload')
  .implement({
    fields: (t) => ({
      calendarVersion: t.exposeInt('calendarVersion', {
        nullable: false,
        description: 'The new calendar version; deadlines use it from now on.',
      }),
      days: t.expose('days', { type: [CalendarDay], nullable: false }),
    }),
  });

builder.queryField('dueDate', (t) =>
  t.field({
    authScopes: { authenticated: true },
    type: 'DateTime',
    nullable: false,
    description:
      'receivedAt (moved to the next working period when outside office hours) + workingDays × 8 working hours.',
    args: {
      receivedAt: t.arg({ type: 'DateTime', required: true }),
      workingDays: t.arg.float({ required: true }),
    },
    resolve: async (_root, { receivedAt, workingDays }, ctx) => {
      if (!(workingDays >= 0 && workingDays <= MAX_WORKING_DAYS && isHalfDayMultiple(workingDays))) {
        throw new DomainError(
          'VALIDATION_FAILED',
          `workingDays: must be 0 to ${MAX_WORKING_DAYS} in half days, got ${workingDays}`,
        );
      }
      const calendar = workingCalendarOf(await ctx.calendar());
      return withinCalendar('receivedAt', () => calendar.dueDate(receivedAt, workingDays));
    },
  }),
);

builder.queryField('calendarDays', (t) =>
  t.field({
    authScopes: { authenticated: true },
    type: [CalendarDay],
    nullable: false,
    description: `Each day from..to (inclusive, at most ${MAX_DAYS_PER_CHANGE} days) as the calendar stands.`,
    args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    resolve: async (_root, { from, to }, ctx) => {
      const [first, last] = [tryParseIsoDate(from), tryParseIsoDate(to)];
      if (first === undefined || last === undefined)
        throw new DomainError('VALIDATION_FAILED', 'from, to: must be real dates');
      if (last < first) throw new DomainError('VALIDATION_FAILED', 'to: must not be before from');
      if (last - first + 1 > MAX_DAYS_PER_CHANGE) {
        throw new DomainError('VALIDATION_FAILED', `to: at most ${MAX_DAYS_PER_CHANGE} days per query`);
      }
      const calendar = workingCalendarOf(await ctx.calendar());
      return withinCalendar('from', () =>
        Array.from({ length: last - first + 1 }, (_, i) => calendar.dayStatus(formatDayNumber(first + i))),
      );
    },
  }),
);

/** How both calendar mutations refuse, with the problem codes from the one list that defines them. */
const REFUSAL_DESCRIPTION =
  'Bad input gets VALIDATION_FAILED and saves nothing; extensions.details.errors lists each problem as ' +
  '{ path, code, message }: where (`days[3].date`), a stable code to word it by, and an English message. ' +
  `Codes: ${Object.keys(CALENDAR_PROBLEMS)
    .filter((code) => code !== 'INVALID')
    .join(', ')}; INVALID for anything else (the message says what).`;

builder.mutationField('setCalendarDays', (t) =>
  t.field({
    authScopes: { admin: true },
    type: SetCalendarDaysPayload,
    nullable: false,
    description:
      "Days off and make-up working days (e.g. a year's official schedule); one new calendar version. " +
      REFUSAL_DESCRIPTION,
    args: { days: t.arg({ type: [CalendarDayInput], required: true }) },
    resolve: async (_root, { days }, ctx) =>
      announce(ctx, await setCalendarDays(ctx.prisma, days, ctx.principal?.id)),
  }),
);

builder.mutationField('importOfficialSchedule', (t) =>
  t.field({
    authScopes: { admin: true },
    type: SetCalendarDaysPayload,
    nullable: false,
    description:
      "A year's official schedule file (domain/calendar/official-schedule.ts: { year, source, days }) as " +
      'setCalendarDays; a day without its own reason cites the source. ' +
      REFUSAL_DESCRIPTION,
    args: { schedule: t.arg({ type: 'JSON', required: true }) },
    resolve: async (_root, { schedule }, ctx) =>
      announce(ctx, await importOfficialSchedule(ctx.prisma, schedule, ctx.principal?.id)),
  }),
);

/** Running dossiers re-project their deadlines onto the new calendar; the payload shows the change. */
async function announce(ctx: GraphQLContext, change: CalendarChange) {
  const snapshot = await ctx.calendar();
  const deadlineMs = ctx.engineDeadlineMs ?? DEFAULT_ENGINE_DEADLINE_MS;
  await callWithDeadline(
    ctx.temporal,
    deadlineMs,
    () => broadcastCalendarChange(ctx.temporal, snapshot, `calendar version ${change.version}`),
    () =>
      engineUnavailable(
        `Calendar version ${change.version} is saved and applies to new dossiers, but the engine did not answer within ${deadlineMs / 1000} s, ` +
          'so running dossiers may not have re-projected their deadlines. Sending the same days again is safe and tells them.',
        'PARTIAL',
        { calendarVersion: change.version },
      ),
  );
  return {
    calendarVersion: change.version,
    days: change.days.map((d) => ({ ...d, source: 'OVERRIDE' as const, reason: d.reason ?? undefined })),
  };
}

/** A date the snapshot does not cover is the caller's mistake (a coded answer), not a server fault. */
function withinCalendar<T>(path: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof CalendarRangeError)
      throw new DomainError('VALIDATION_FAILED', `${path}: ${error.message}`);
    throw error;
  }
}
