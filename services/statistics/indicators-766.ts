// decision766Indicators: the Decision 766 figures of a period and a unit, with their rates and scores
// (rules in domain/national-portal/indicators-766.ts, figures in prisma/read-model/indicators-766.ts,
// definitions in docs/indicators-766.md). Checks the question first.
import { DomainError } from '../../domain/errors';
import {
  INDICATOR_RULES,
  rateOf,
  scoreOf,
  type IndicatorKey,
  type IndicatorRule,
} from '../../domain/national-portal/indicators-766';
import type { PrismaClient } from '../../prisma/database';
import {
  readIndicators766,
  unitExists,
  type Indicators766Counts,
  type Indicators766Query,
} from '../../prisma/read-model/indicators-766';
import { validateStatsPeriod } from './performance-stats';

export interface ScoredIndicator extends IndicatorRule {
  numerator: number;
  denominator: number;
  rate: number | null;
  score: number | null;
}

export interface Indicators766 {
  counts: Indicators766Counts;
  averageProcessingWorkingDays: number | null;
  indicators: ScoredIndicator[];
  totalScore: number;
  maxScore: number;
}

export async function decision766Indicators(
  prisma: PrismaClient,
  query: Indicators766Query,
  minutesPerWorkingDay: number,
): Promise<Indicators766> {
  validateStatsPeriod(query.from, query.to);
  if (query.unit === 'PROVINCE' && query.code)
    throw new DomainError('VALIDATION_FAILED', 'PROVINCE takes no code', { field: 'code' });
  if (query.unit !== 'PROVINCE') {
    if (!query.code)
      throw new DomainError('VALIDATION_FAILED', `${query.unit} needs a code`, { field: 'code' });
    if (!(await unitExists(prisma, query.unit, query.code)))
      throw new DomainError(
        query.unit === 'AGENCY' ? 'AGENCY_NOT_FOUND' : 'PROCEDURE_NOT_FOUND',
        `No ${query.unit.toLowerCase()} ${query.code}`,
      );
  }
  const counts = await readIndicators766(prisma, query);
  const fractions: Record<IndicatorKey, [number, number]> = {
    SYNCED: [counts.synced, counts.received],
    ON_TIME: [counts.resolvedOnTime, counts.resolvedOnTime + counts.resolvedLate + counts.openOverdue],
    ONLINE_SUBMISSION: [counts.receivedOnline, counts.received],
    FULLY_ONLINE_PROCEDURES: [counts.fullyOnlineProcedures, counts.procedures],
  };
  const indicators = Object.values(INDICATOR_RULES).map((rule) => {
    const [numerator, denominator] = fractions[rule.key];
    const rate = rateOf(numerator, denominator);
    return { ...rule, numerator, denominator, rate, score: scoreOf(rule, rate) };
  });
  return {
    counts,
    averageProcessingWorkingDays:
      counts.averageProcessingMinutes === null
        ? null
        : counts.averageProcessingMinutes / minutesPerWorkingDay,
    indicators,
    totalScore: Math.round(indicators.reduce((sum, i) => sum + (i.score ?? 0), 0) * 100) / 100,
    maxScore: indicators.reduce((sum, i) => sum + i.maxPoints, 0),
  };
}
