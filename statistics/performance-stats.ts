// performanceStats: on-time statistics per agency or per procedure, aggregated by PostgreSQL in one
// statement per grouping (never by loading rows into JavaScript). Definitions (also in README.md,
// "Statistics"):
//
// Period. The dossiers RECEIVED in [from, to) (`dossier.received_at`), whatever their state now.
// "now" is a parameter (`asOf`), so the same question gives the same answer.
// The clock of an open dossier (or step) stands still while it waits for the applicant's
// supplement: its reading is LEAST(now, supplement.requestedAt) when WAITING_SUPPLEMENT, else now.
//
// groupBy PROCEDURE: one row per procedure_code, every figure at DOSSIER level.
//   received           dossiers received in the period
//   doneEarly/OnTime/Late  COMPLETED with outcome EARLY / ON_TIME / LATE (the workflow classifies
//                      against the legal `original_due_at`, so an apology never turns late into on time)
//   inProgressOnTime   open (IN_PROGRESS or WAITING_SUPPLEMENT) and original_due_at >= clock
//   inProgressOverdue  open and original_due_at < clock (it can only end LATE)
//   refused, withdrawn, stopped  by status
//   onTimeRate         (doneEarly + doneOnTime) / (doneEarly + doneOnTime + doneLate); null when 0 done
//   averageProcessingWorkingDays  avg(processing_working_minutes) / minutes per working day, over
//                      COMPLETED dossiers that carry it (the workflow's working time from receipt to
//                      completion, supplement pauses excluded); null when none
//   apologies          apology letters issued for the group's dossiers
//   onlineShare        dossiers received through channel ONLINE / received; null when 0 received
//   lateAttributed     null (it is an AGENCY figure)
//
// groupBy AGENCY: one row per agency that HANDLED a step of a dossier of the period (a step
// handled = started, `dossier_step.started_at` set; a step never reached, e.g. cancelled by an
// earlier refusal, does not count). Lateness is attributed to the step, so:
//   received           dossiers with at least one step handled by the agency
//   doneEarly/OnTime/Late  the agency's STEPS finished (status DONE): late = `dossier_step.late` (done
//                      after the step's own deadline); early = not late and finished before the
//                      working day of the step's due time begins (first office period of its local
//                      day, as the calendar classifies dossiers); on time = the other not late ones
//   inProgressOnTime/Overdue  the agency's open STEPS (ACTIVE, WAITING_SUPPLEMENT or FAILED, in an open
//                      dossier) with due_at >= clock / < clock
//   onTimeRate         step level: (doneEarly + doneOnTime) / done steps
//   refused, withdrawn, stopped, onlineShare, averageProcessingWorkingDays  DOSSIER level, over the
//                      dossiers counted in `received`
//   apologies          letters whose `apology_letter.agency_code` is the agency
//   lateAttributed     dossiers COMPLETED LATE whose `late_agency_code` (the step that overran most)
//                      is the agency: each late dossier is attributed to exactly one agency
//
// Totals (key '*', name null) apply the same definitions to the whole period without grouping.
// PROCEDURE: every count is the sum of the rows. AGENCY: step counts, apologies and lateAttributed
// are the sums of the rows; received and the other dossier-level figures count each dossier once
// (a dossier that passed three agencies is one dossier in the totals). With `agencyCode` (an AGENCY
// key) only that agency's steps, letters and attributions are counted, so the totals equal its row.
import { DomainError } from '../domain/errors';
import { Prisma } from '../prisma/generated/client/client';
import type { PrismaClient } from '../prisma/database';

export type StatsGroupBy = 'AGENCY' | 'PROCEDURE';

export interface PerformanceStatsRow {
  key: string;
  name: string | null;
  received: number;
  doneEarly: number;
  doneOnTime: number;
  doneLate: number;
  inProgressOnTime: number;
  inProgressOverdue: number;
  refused: number;
  withdrawn: number;
  stopped: number;
  onTimeRate: number | null;
  averageProcessingWorkingDays: number | null;
  apologies: number;
  onlineShare: number | null;
  lateAttributed: number | null;
}

/** How the calendar reads a clock: the zone, when a working day begins, how long it is. */
export interface StatsClock {
  timeZone: string;
  /** `HH:MM`, local start of the first office period (a step done before it on its due day is EARLY). */
  workingDayStart: string;
  minutesPerWorkingDay: number;
}

export interface PerformanceStatsQuery {
  from: Date;
  to: Date;
  groupBy: StatsGroupBy;
  /** "now" for in-progress on time / overdue. */
  asOf: Date;
  clock: StatsClock;
  /** AGENCY grouping only: count this agency alone (an AGENCY key's view). */
  agencyCode?: string;
}

export interface PerformanceStatsResult {
  rows: PerformanceStatsRow[];
  totals: PerformanceStatsRow;
}

export const TOTAL_KEY = '*';
export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

/** from < to, at most MAX_PERIOD_DAYS apart. */
export function validateStatsPeriod(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new DomainError('VALIDATION_FAILED', 'from, to: must be date-times');
  if (from.getTime() >= to.getTime()) throw new DomainError('VALIDATION_FAILED', 'to: must be after from (the period is [from, to))');
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw new DomainError('VALIDATION_FAILED', `to: the period spans at most ${MAX_PERIOD_DAYS} days`);
  }
}

export async function performanceStats(prisma: PrismaClient, query: PerformanceStatsQuery): Promise<PerformanceStatsResult> {
  validateStatsPeriod(query.from, query.to);
  const result = await prisma.$queryRaw<Array<PerformanceStatsRow & { total: boolean }>>(performanceStatsSql(query));
  const rows = result.filter((r) => !r.total).map(strip);
  const total = result.find((r) => r.total);
  // The totals row always exists: a grand total over no rows is a row of zeros.
  if (!total) throw new Error('performanceStats: the statement returned no totals row');
  return { rows, totals: strip(total) };
}

function strip({ total: _total, ...row }: PerformanceStatsRow & { total: boolean }): PerformanceStatsRow {
  return row;
}

/** The one statement for `query.groupBy` (exported so bench/EXPLAIN tooling can print it). */
export function performanceStatsSql(query: PerformanceStatsQuery): Prisma.Sql {
  return query.groupBy === 'PROCEDURE' ? procedureSql(query) : agencySql(query);
}

/** The period's dossiers, with whether they are open and, if so, overdue against the legal due date. */
function periodDossiers({ from, to, asOf }: PerformanceStatsQuery): Prisma.Sql {
  return Prisma.sql`
    SELECT d.code, d.procedure_code, d.status, d.outcome, d.channel, d.late_agency_code, d.processing_working_minutes,
      d.status IN ('IN_PROGRESS', 'WAITING_SUPPLEMENT') AS open,
      CASE WHEN d.status = 'WAITING_SUPPLEMENT' THEN (d.supplement ->> 'requestedAt')::timestamptz END AS paused_at,
      d.original_due_at < LEAST(${asOf}::timestamptz,
        CASE WHEN d.status = 'WAITING_SUPPLEMENT' THEN (d.supplement ->> 'requestedAt')::timestamptz END) AS overdue
    FROM dossier d
    WHERE d.received_at >= ${from}::timestamptz AND d.received_at < ${to}::timestamptz`;
}

/** Dossier-level figures of both groupings, over rows (aliased `d`) with periodDossiers' columns. */
function dossierFigures(d: Prisma.Sql, clock: StatsClock): Prisma.Sql {
  return Prisma.sql`
    count(*)::int AS received,
    count(*) FILTER (WHERE ${d}.status = 'REFUSED')::int AS refused,
    count(*) FILTER (WHERE ${d}.status = 'WITHDRAWN')::int AS withdrawn,
    count(*) FILTER (WHERE ${d}.status = 'STOPPED')::int AS stopped,
    (avg(${d}.processing_working_minutes) FILTER (WHERE ${d}.status = 'COMPLETED') / ${clock.minutesPerWorkingDay}::float8)::float8 AS avg_days,
    (count(*) FILTER (WHERE ${d}.channel = 'ONLINE')::float8 / NULLIF(count(*), 0))::float8 AS online_share`;
}

/** Dossier-level outcomes (the PROCEDURE grouping; AGENCY counts steps instead). */
const dossierOutcomes = Prisma.sql`
    count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.outcome = 'EARLY')::int AS done_early,
    count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.outcome = 'ON_TIME')::int AS done_on_time,
    count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.outcome = 'LATE')::int AS done_late,
    count(*) FILTER (WHERE d.open AND NOT d.overdue)::int AS in_progress_on_time,
    count(*) FILTER (WHERE d.open AND d.overdue)::int AS in_progress_overdue`;

const onTimeRate = (early: Prisma.Sql, onTime: Prisma.Sql, late: Prisma.Sql) =>
  Prisma.sql`((${early} + ${onTime})::float8 / NULLIF(${early} + ${onTime} + ${late}, 0))::float8`;

function procedureSql(query: PerformanceStatsQuery): Prisma.Sql {
  return Prisma.sql`
    WITH d AS (${periodDossiers(query)}),
    letters AS (
      SELECT a.dossier_code, count(*) AS n FROM apology_letter a JOIN d ON d.code = a.dossier_code GROUP BY a.dossier_code
    ),
    g AS (
      SELECT GROUPING(d.procedure_code) = 1 AS total, d.procedure_code AS key,
        ${dossierFigures(Prisma.sql`d`, query.clock)}, ${dossierOutcomes},
        COALESCE(sum(l.n), 0)::int AS apologies
      FROM d LEFT JOIN letters l ON l.dossier_code = d.code
      GROUP BY GROUPING SETS ((d.procedure_code), ())
    )
    SELECT g.total, CASE WHEN g.total THEN ${TOTAL_KEY}::text ELSE g.key END AS key, p.name,
      g.received, g.done_early AS "doneEarly", g.done_on_time AS "doneOnTime", g.done_late AS "doneLate",
      g.in_progress_on_time AS "inProgressOnTime", g.in_progress_overdue AS "inProgressOverdue",
      g.refused, g.withdrawn, g.stopped,
      ${onTimeRate(Prisma.sql`g.done_early`, Prisma.sql`g.done_on_time`, Prisma.sql`g.done_late`)} AS "onTimeRate",
      g.avg_days AS "averageProcessingWorkingDays", g.apologies, g.online_share AS "onlineShare",
      NULL::int AS "lateAttributed"
    FROM g LEFT JOIN procedure p ON p.code = g.key AND NOT g.total
    ORDER BY g.total, g.key`;
}

function agencySql(query: PerformanceStatsQuery): Prisma.Sql {
  const { asOf, clock, agencyCode } = query;
  const only = (column: Prisma.Sql) => (agencyCode === undefined ? Prisma.empty : Prisma.sql`AND ${column} = ${agencyCode}::text`);
  const keyOf = (column: Prisma.Sql) => Prisma.sql`CASE WHEN GROUPING(${column}) = 1 THEN ${TOTAL_KEY}::text ELSE ${column} END`;
  // Start of the working day of a step's due time: its local date at the first office period's start.
  const dueDayStart = Prisma.sql`((date_trunc('day', st.due_at AT TIME ZONE ${clock.timeZone}::text) + ${clock.workingDayStart}::interval) AT TIME ZONE ${clock.timeZone}::text)`;
  const stepDone = Prisma.sql`st.status = 'DONE'`;
  const stepOpen = Prisma.sql`st.status IN ('ACTIVE', 'WAITING_SUPPLEMENT', 'FAILED') AND d.open`;
  // A step waiting for the supplement has its clock stopped when the supplement was requested.
  const stepOverdue = Prisma.sql`st.due_at < LEAST(${asOf}::timestamptz, CASE WHEN st.status = 'WAITING_SUPPLEMENT' THEN d.paused_at END)`;
  const stepSums = Prisma.sql`
    sum(h.done_early)::int AS done_early, sum(h.done_on_time)::int AS done_on_time, sum(h.done_late)::int AS done_late,
    sum(h.in_progress_on_time)::int AS in_progress_on_time, sum(h.in_progress_overdue)::int AS in_progress_overdue`;
  return Prisma.sql`
    WITH d AS (${periodDossiers(query)}),
    -- One row per (agency, dossier it handled): the dossier's columns and the agency's step counts in it.
    handled AS (
      SELECT st.agency_code, d.code, d.status, d.outcome, d.channel, d.processing_working_minutes, d.open, d.overdue,
        count(*) FILTER (WHERE ${stepDone} AND NOT st.late AND st.completed_at < ${dueDayStart}) AS done_early,
        count(*) FILTER (WHERE ${stepDone} AND NOT st.late AND (st.completed_at < ${dueDayStart}) IS NOT TRUE) AS done_on_time,
        count(*) FILTER (WHERE ${stepDone} AND st.late) AS done_late,
        count(*) FILTER (WHERE ${stepOpen} AND (${stepOverdue}) IS NOT TRUE) AS in_progress_on_time,
        count(*) FILTER (WHERE ${stepOpen} AND ${stepOverdue}) AS in_progress_overdue
      FROM dossier_step st JOIN d ON d.code = st.dossier_code
      WHERE st.started_at IS NOT NULL ${only(Prisma.sql`st.agency_code`)}
      GROUP BY st.agency_code, d.code, d.status, d.outcome, d.channel, d.processing_working_minutes, d.open, d.overdue
    ),
    per_agency AS (
      SELECT h.agency_code AS key, ${dossierFigures(Prisma.sql`h`, clock)}, ${stepSums}
      FROM handled h GROUP BY h.agency_code
    ),
    -- Two plain aggregates: one row each, even over no rows. Dossiers counted once here.
    total AS (
      SELECT f.*, s.*
      FROM (SELECT ${TOTAL_KEY}::text AS key, ${dossierFigures(Prisma.sql`d`, clock)} FROM d WHERE d.code IN (SELECT h.code FROM handled h)) f
      CROSS JOIN (SELECT ${stepSums} FROM handled h) s
    ),
    letters AS (
      SELECT ${keyOf(Prisma.sql`a.agency_code`)} AS key, count(*)::int AS n
      FROM apology_letter a JOIN d ON d.code = a.dossier_code
      WHERE true ${only(Prisma.sql`a.agency_code`)}
      GROUP BY GROUPING SETS ((a.agency_code), ())
    ),
    attributed AS (
      SELECT ${keyOf(Prisma.sql`d.late_agency_code`)} AS key, count(*)::int AS n
      FROM d WHERE d.status = 'COMPLETED' AND d.outcome = 'LATE' AND d.late_agency_code IS NOT NULL ${only(Prisma.sql`d.late_agency_code`)}
      GROUP BY GROUPING SETS ((d.late_agency_code), ())
    ),
    x AS (SELECT * FROM per_agency UNION ALL SELECT * FROM total)
    SELECT x.key = ${TOTAL_KEY}::text AS total, x.key, ag.name,
      x.received, COALESCE(x.done_early, 0) AS "doneEarly", COALESCE(x.done_on_time, 0) AS "doneOnTime",
      COALESCE(x.done_late, 0) AS "doneLate", COALESCE(x.in_progress_on_time, 0) AS "inProgressOnTime",
      COALESCE(x.in_progress_overdue, 0) AS "inProgressOverdue", x.refused, x.withdrawn, x.stopped,
      ${onTimeRate(Prisma.sql`x.done_early`, Prisma.sql`x.done_on_time`, Prisma.sql`x.done_late`)} AS "onTimeRate",
      x.avg_days AS "averageProcessingWorkingDays", COALESCE(l.n, 0) AS apologies, x.online_share AS "onlineShare",
      COALESCE(la.n, 0) AS "lateAttributed"
    FROM x
    LEFT JOIN letters l ON l.key = x.key
    LEFT JOIN attributed la ON la.key = x.key
    LEFT JOIN agency ag ON ag.code = x.key AND x.key <> ${TOTAL_KEY}::text
    ORDER BY total, x.key`;
}
