// decision766Indicators: the Decision 766/QĐ-TTg indicators of a period and a unit, with the score
// each earns (docs/indicators-766.md; services/statistics/indicators-766.ts).
import { workingCalendarOf } from '../../services/catalog/calendar';
import {
  decision766Indicators,
  type Indicators766,
  type ScoredIndicator,
} from '../../services/statistics/indicators-766';
import type { Indicators766Counts } from '../../prisma/read-model/indicators-766';
import { builder } from '../builder';

const IndicatorUnitEnum = builder.enumType('IndicatorUnit', {
  values: ['PROVINCE', 'AGENCY', 'PROCEDURE'] as const,
  description:
    'PROVINCE: every dossier; AGENCY: those its receiving agency received; PROCEDURE: those of one procedure.',
});
const IndicatorKeyEnum = builder.enumType('Indicator766Key', {
  values: ['SYNCED', 'ON_TIME', 'ONLINE_SUBMISSION', 'FULLY_ONLINE_PROCEDURES'] as const,
});

const CountsRef = builder.objectRef<Indicators766Counts>('Indicator766Counts').implement({
  fields: (t) => ({
    received: t.exposeInt('received', { nullable: false, description: 'Received in the period.' }),
    receivedOnline: t.exposeInt('receivedOnline', { nullable: false }),
    synced: t.exposeInt('synced', {
      nullable: false,
      description: 'Received in the period, every queued event accepted by the national portal.',
    }),
    resolvedOnTime: t.exposeInt('resolvedOnTime', {
      nullable: false,
      description: 'Completed in the period, early or on time.',
    }),
    resolvedLate: t.exposeInt('resolvedLate', {
      nullable: false,
      description: 'Completed in the period, late.',
    }),
    openOverdue: t.exposeInt('openOverdue', {
      nullable: false,
      description: 'Open at the end of the period and past their legal due date (supplement waits excluded).',
    }),
    procedures: t.exposeInt('procedures', { nullable: false }),
    fullyOnlineProcedures: t.exposeInt('fullyOnlineProcedures', { nullable: false }),
  }),
});

const IndicatorRef = builder.objectRef<ScoredIndicator>('Indicator766').implement({
  fields: (t) => ({
    key: t.expose('key', { type: IndicatorKeyEnum, nullable: false }),
    group: t.exposeString('group', { nullable: false, description: "The appendix's group (I … V)." }),
    numerator: t.exposeInt('numerator', { nullable: false }),
    denominator: t.exposeInt('denominator', { nullable: false }),
    rate: t.exposeFloat('rate', { nullable: true, description: 'null when the denominator is 0.' }),
    target: t.exposeFloat('target', { nullable: false, description: 'The rate that earns full points.' }),
    maxPoints: t.exposeFloat('maxPoints', { nullable: false }),
    score: t.exposeFloat('score', { nullable: true, description: 'maxPoints × min(1, rate / target).' }),
  }),
});

const Indicators766Ref = builder
  .objectRef<
    Indicators766 & { from: Date; to: Date; unit: 'PROVINCE' | 'AGENCY' | 'PROCEDURE'; code: string | null }
  >('Indicators766')
  .implement({
    fields: (t) => ({
      from: t.expose('from', { type: 'DateTime', nullable: false }),
      to: t.expose('to', { type: 'DateTime', nullable: false }),
      unit: t.expose('unit', { type: IndicatorUnitEnum, nullable: false }),
      code: t.exposeString('code', { nullable: true }),
      counts: t.expose('counts', { type: CountsRef, nullable: false }),
      averageProcessingWorkingDays: t.exposeFloat('averageProcessingWorkingDays', {
        nullable: true,
        description:
          'Working days from receipt to result of those completed in the period, supplement waits excluded.',
      }),
      indicators: t.expose('indicators', { type: [IndicatorRef], nullable: false }),
      totalScore: t.exposeFloat('totalScore', { nullable: false }),
      maxScore: t.exposeFloat('maxScore', { nullable: false }),
    }),
  });

builder.queryField('decision766Indicators', (t) =>
  t.field({
    type: Indicators766Ref,
    nullable: false,
    authScopes: { supervisor: true, admin: true },
    description: 'Decision 766/QĐ-TTg indicators for [from, to) (at most 366 days) and a unit.',
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      unit: t.arg({ type: IndicatorUnitEnum, required: true }),
      code: t.arg.string({
        required: false,
        description: 'The agency or procedure code (not for PROVINCE).',
      }),
    },
    resolve: async (_root, { from, to, unit, code }, ctx) => {
      const calendar = workingCalendarOf(await ctx.calendar());
      const result = await decision766Indicators(
        ctx.prisma,
        { from, to, unit, code: code ?? undefined },
        calendar.minutesPerWorkingDay,
      );
      return { ...result, from, to, unit, code: code ?? null };
    },
  }),
);
