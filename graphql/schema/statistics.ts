// performanceStats: on-time statistics per agency or procedure for supervisors (definitions in
// services/statistics/performance-stats.ts and README "Statistics"). AGENCY keys read their own agency's row.
import { workingCalendarOf } from '../../services/catalog/calendar';
import { DomainError } from '../../domain/errors';
import {
  performanceStats,
  validateStatsPeriod,
  type PerformanceStatsRow,
  type StatsGroupBy,
} from '../../services/statistics/performance-stats';
import { builder } from '../builder';

interface PerformanceStatsShape {
  from: Date;
  to: Date;
  groupBy: StatsGroupBy;
  asOf: Date;
  generatedAt: Date;
  rows: PerformanceStatsRow[];
  totals: PerformanceStatsRow;
}

const StatsGroupByEnum = builder.enumType('StatsGroupBy', {
  values: ['AGENCY', 'PROCEDURE'] as const,
  description:
    'AGENCY: per agency that handled steps (lateness attributed to the step that overran); PROCEDURE: per procedure, dossier level.',
});

const PerformanceStatsRowRef = builder.objectRef<PerformanceStatsRow>('PerformanceStatsRow').implement({
  fields: (t) => ({
    key: t.exposeString('key', {
      nullable: false,
      description: "Agency or procedure code; '*' for the totals.",
    }),
    name: t.exposeString('name', { nullable: true }),
    received: t.exposeInt('received', {
      nullable: false,
      description: 'Dossiers received in the period (AGENCY: with a step the agency handled).',
    }),
    receivedOnline: t.exposeInt('receivedOnline', {
      nullable: false,
      description: 'Of received: channel ONLINE.',
    }),
    receivedCounter: t.exposeInt('receivedCounter', {
      nullable: false,
      description: 'Of received: channel COUNTER (at the one-stop desk).',
    }),
    receivedPost: t.exposeInt('receivedPost', { nullable: false, description: 'Of received: channel POST.' }),
    waitingSupplement: t.exposeInt('waitingSupplement', {
      nullable: false,
      description:
        "Dossiers waiting for the applicant's supplement now (clock stopped); also counted in inProgressOnTime / inProgressOverdue.",
    }),
    carriedOver: t.exposeInt('carriedOver', {
      nullable: false,
      description:
        'Dossiers carried over from before the period: received before `from`, not finished (completed, refused, withdrawn or stopped) at `from`; not counted in received nor in the other figures (AGENCY: with a step the agency had in hand in the period, started before `to` and not done before `from`).',
    }),
    doneEarly: t.exposeInt('doneEarly', {
      nullable: false,
      description: 'PROCEDURE: dossiers completed EARLY; AGENCY: steps done early.',
    }),
    doneOnTime: t.exposeInt('doneOnTime', {
      nullable: false,
      description: 'PROCEDURE: dossiers completed ON_TIME; AGENCY: steps done on time.',
    }),
    doneLate: t.exposeInt('doneLate', {
      nullable: false,
      description:
        'PROCEDURE: dossiers completed LATE (vs the legal due date); AGENCY: steps done after their deadline.',
    }),
    inProgressOnTime: t.exposeInt('inProgressOnTime', { nullable: false }),
    inProgressOverdue: t.exposeInt('inProgressOverdue', { nullable: false }),
    refused: t.exposeInt('refused', { nullable: false }),
    withdrawn: t.exposeInt('withdrawn', { nullable: false }),
    stopped: t.exposeInt('stopped', { nullable: false }),
    onTimeRate: t.exposeFloat('onTimeRate', {
      nullable: true,
      description: '(doneEarly + doneOnTime) / done; null when nothing is done.',
    }),
    averageProcessingWorkingDays: t.exposeFloat('averageProcessingWorkingDays', { nullable: true }),
    apologies: t.exposeInt('apologies', { nullable: false }),
    onlineShare: t.exposeFloat('onlineShare', {
      nullable: true,
      description: 'Share of the dossiers received through channel ONLINE.',
    }),
    lateAttributed: t.exposeInt('lateAttributed', {
      nullable: true,
      description:
        'AGENCY: dossiers completed LATE whose lateness is attributed to this agency (its step overran most); null for PROCEDURE.',
    }),
  }),
});

const PerformanceStatsRef = builder.objectRef<PerformanceStatsShape>('PerformanceStats').implement({
  fields: (t) => ({
    from: t.expose('from', { type: 'DateTime', nullable: false }),
    to: t.expose('to', { type: 'DateTime', nullable: false }),
    groupBy: t.expose('groupBy', { type: StatsGroupByEnum, nullable: false }),
    asOf: t.expose('asOf', {
      type: 'DateTime',
      nullable: false,
      description: '"now" for in progress on time / overdue.',
    }),
    generatedAt: t.expose('generatedAt', { type: 'DateTime', nullable: false }),
    rows: t.expose('rows', { type: [PerformanceStatsRowRef], nullable: false }),
    totals: t.expose('totals', { type: PerformanceStatsRowRef, nullable: false }),
  }),
});

builder.queryField('performanceStats', (t) =>
  t.field({
    type: PerformanceStatsRef,
    nullable: false,
    authScopes: { supervisor: true, admin: true, agency: true },
    description: `Statistics of the dossiers received in [from, to) (at most 366 days). AGENCY keys: groupBy AGENCY only, and only their own agency's row.`,
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      groupBy: t.arg({ type: StatsGroupByEnum, required: true }),
      asOf: t.arg({
        type: 'DateTime',
        required: false,
        description: '"now" for in-progress figures; default: the current time.',
      }),
    },
    resolve: async (_root, { from, to, groupBy, asOf }, ctx) => {
      validateStatsPeriod(from, to);
      let agencyCode: string | undefined;
      if (ctx.principal?.role === 'AGENCY') {
        if (groupBy !== 'AGENCY')
          throw new DomainError(
            'FORBIDDEN',
            'AGENCY keys read statistics grouped by AGENCY (their own agency) only',
          );
        if (!ctx.principal.agencyCode) throw new DomainError('FORBIDDEN', 'This AGENCY key has no agency');
        agencyCode = ctx.principal.agencyCode;
      }
      const snapshot = await ctx.calendar();
      const calendar = workingCalendarOf(snapshot);
      const generatedAt = new Date();
      const at = asOf ?? generatedAt;
      const result = await performanceStats(ctx.prisma, {
        from,
        to,
        groupBy,
        asOf: at,
        agencyCode,
        clock: {
          timeZone: snapshot.officeHours.timeZone,
          workingDayStart: snapshot.officeHours.periods[0].start,
          minutesPerWorkingDay: calendar.minutesPerWorkingDay,
        },
      });
      return { from, to, groupBy, asOf: at, generatedAt, ...result };
    },
  }),
);
