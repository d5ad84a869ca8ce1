// performanceStats: on-time statistics per agency or per procedure, for a period of at most a year.
// What each figure means, and the one statement per grouping that computes it, are in
// prisma/read-model/statistics.ts (and README.md, "Statistics"); this checks the question first.
import { DomainError } from '../../domain/errors';
import type { PrismaClient } from '../../prisma/database';
import {
  readPerformanceStats,
  type PerformanceStatsQuery,
  type PerformanceStatsResult,
} from '../../prisma/read-model/statistics';

export type { PerformanceStatsRow, StatsGroupBy } from '../../prisma/read-model/statistics';

export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

/** from < to, at most MAX_PERIOD_DAYS apart. */
export function validateStatsPeriod(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw new DomainError('VALIDATION_FAILED', 'from, to: must be date-times');
  if (from.getTime() >= to.getTime())
    throw new DomainError('VALIDATION_FAILED', 'to: must be after from (the period is [from, to))');
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw new DomainError('VALIDATION_FAILED', `to: the period spans at most ${MAX_PERIOD_DAYS} days`);
  }
}

export async function performanceStats(
  prisma: PrismaClient,
  query: PerformanceStatsQuery,
): Promise<PerformanceStatsResult> {
  validateStatsPeriod(query.from, query.to);
  return readPerformanceStats(prisma, query);
}
