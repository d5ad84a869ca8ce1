// The Decision 766/QĐ-TTg (23/6/2022) indicators we compute, and how each one is scored. The figures
// come from the read model (prisma/read-model/indicators-766.ts); docs/indicators-766.md says what
// each means, where it comes from in the decision's appendix, and what we chose where the text
// leaves room. A score is linear in the rate up to the target: points = max × min(1, rate / target),
// rounded to two decimals; an indicator with nothing to measure (no dossier) scores null.

export interface IndicatorRule {
  key: IndicatorKey;
  /** The appendix's group (I … V) and the indicator as it reads there, in short. */
  group: string;
  maxPoints: number;
  /** The rate that earns the full points. */
  target: number;
}

export type IndicatorKey = 'SYNCED' | 'ON_TIME' | 'ONLINE_SUBMISSION' | 'FULLY_ONLINE_PROCEDURES';

export const INDICATOR_RULES: Record<IndicatorKey, IndicatorRule> = {
  // Group I (công khai, minh bạch): dossiers whose status is synced to the national portal.
  SYNCED: { key: 'SYNCED', group: 'I', maxPoints: 6, target: 1 },
  // Group II (tiến độ giải quyết): dossiers resolved early or on time.
  ON_TIME: { key: 'ON_TIME', group: 'II', maxPoints: 20, target: 1 },
  // Group III (dịch vụ công trực tuyến): dossiers submitted online, and procedures offered fully online.
  ONLINE_SUBMISSION: { key: 'ONLINE_SUBMISSION', group: 'III', maxPoints: 12, target: 0.5 },
  FULLY_ONLINE_PROCEDURES: { key: 'FULLY_ONLINE_PROCEDURES', group: 'III', maxPoints: 10, target: 0.8 },
};

/** Points for `rate` under `rule`; null when there is nothing to rate. */
export function scoreOf(rule: IndicatorRule, rate: number | null): number | null {
  if (rate === null) return null;
  return Math.round(rule.maxPoints * Math.min(1, rate / rule.target) * 100) / 100;
}

/** numerator / denominator, null when the denominator is 0. */
export const rateOf = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;
