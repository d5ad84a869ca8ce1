// performanceStats: on-time statistics per agency or per procedure, aggregated by PostgreSQL in one
// statement per grouping (never by loading rows into JavaScript; services/statistics/performance-stats.ts
// checks the question first). Prisma's raw SQL with `Prisma.sql` fragments: every value is a bound
// parameter, and the text varies with the grouping and the agency filter. Definitions (also in
// README.md, "Statistics"):
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
//   receivedOnline/Counter/Post  received, by channel
//   waitingSupplement  WAITING_SUPPLEMENT now (its clock stopped; also counted in inProgress*)
//   carriedOver        dossiers carried over from before the period ("kỳ trước chuyển qua"): received
//                      before `from` and not finished at `from` (completed_at, set by every close:
//                      completion, refusal, withdrawal, stop, is NULL or >= from). They are NOT among
//                      `received` nor in any other figure, which all count the period's dossiers.
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
//   refused, withdrawn, stopped, receivedOnline/Counter/Post, waitingSupplement, onlineShare,
//                      averageProcessingWorkingDays  DOSSIER level, over the
//                      dossiers counted in `received`
//   carriedOver        carried-over dossiers (as for procedures) with a step the agency had in hand in
//                      the period: started before `to` and not done before `from` (a step done before
//                      the period is not the agency's carried-over work). An agency may have a row for
//                      them alone; the totals count each dossier once
//   apologies          letters whose `apology_letter.agency_code` is the agency
//   lateAttributed     dossiers COMPLETED LATE whose `late_agency_code` (the step that overran most)
//                      is the agency: each late dossier is attributed to exactly one agency
//
// Totals (key '*', name null) apply the same definitions to the whole period without grouping.
// PROCEDURE: every count is the sum of the rows. AGENCY: step counts, apologies and lateAttributed
// are the sums of the rows; received and the other dossier-level figures count each dossier once
// (a dossier that passed three agencies is one dossier in the totals). With `agencyCode` (an AGENCY
// key) only that agency's steps, letters and attributions are counted, so the totals equal its row.
import { Prisma } from '../generated/client/client';
import type { PrismaClient } from '../database';

export type StatsGroupBy = 'AGENCY' | 'PROCEDURE';

export interface PerformanceStatsRow {
  key: string;
  name: string | null;
  received: number;
  receivedOnline: number;
  receivedCounter: number;
  receivedPost: number;
  waitingSupplement: number;
  carriedOver: number;
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

/** The key of the totals row. */
export const TOTAL_KEY = '*';

export async function readPerformanceStats(
  prisma: PrismaClient,
  query: PerformanceStatsQuery,
): Promise<PerformanceStatsResult> {
  const result = await prisma.$queryRaw<Array<PerformanceStatsRow & { total: boolean }>>(
    performanceStatsSql(query),
  );
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

// Shape, for 1,000,000 dossiers a year (bench/statistics.ts): each grouping reads the period's
// dossiers once, joined straight to what it counts, aggregating on the way. No CTE holding the
// period's dossiers for several readers: PostgreSQL would materialise it (a million rows copied and
// hashed, in batches spilled to disk) instead of scanning its indexes.

/** The period's dossiers (`d`). */
const inPeriod = ({ from, to }: PerformanceStatsQuery) =>
  Prisma.sql`d.received_at >= ${from}::timestamptz AND d.received_at < ${to}::timestamptz`;
/** Dossiers carried over into the period: received before it, not finished (closed) at its start. */
const carriedOver = ({ from }: PerformanceStatsQuery) =>
  Prisma.sql`d.received_at < ${from}::timestamptz AND (d.completed_at IS NULL OR d.completed_at >= ${from}::timestamptz)`;
const dossierOpen = Prisma.sql`d.status IN ('IN_PROGRESS', 'WAITING_SUPPLEMENT')`;
/** When an open dossier's clock stopped: the supplement request, while it waits for it. */
const pausedAt = Prisma.sql`CASE WHEN d.status = 'WAITING_SUPPLEMENT' THEN (d.supplement ->> 'requestedAt')::timestamptz END`;

/** Dossier-level figures of both groupings, over rows `r` with status, channel and processing_working_minutes. */
function dossierFigures(r: Prisma.Sql, clock: StatsClock): Prisma.Sql {
  return Prisma.sql`
    count(*)::int AS received,
    count(*) FILTER (WHERE ${r}.channel = 'ONLINE')::int AS received_online,
    count(*) FILTER (WHERE ${r}.channel = 'COUNTER')::int AS received_counter,
    count(*) FILTER (WHERE ${r}.channel = 'POST')::int AS received_post,
    count(*) FILTER (WHERE ${r}.status = 'WAITING_SUPPLEMENT')::int AS waiting_supplement,
    count(*) FILTER (WHERE ${r}.status = 'REFUSED')::int AS refused,
    count(*) FILTER (WHERE ${r}.status = 'WITHDRAWN')::int AS withdrawn,
    count(*) FILTER (WHERE ${r}.status = 'STOPPED')::int AS stopped,
    (avg(${r}.processing_working_minutes) FILTER (WHERE ${r}.status = 'COMPLETED') / ${clock.minutesPerWorkingDay}::float8)::float8 AS avg_days,
    (count(*) FILTER (WHERE ${r}.channel = 'ONLINE')::float8 / NULLIF(count(*), 0))::float8 AS online_share`;
}

const onTimeRate = (early: Prisma.Sql, onTime: Prisma.Sql, late: Prisma.Sql) =>
  Prisma.sql`((${early} + ${onTime})::float8 / NULLIF(${early} + ${onTime} + ${late}, 0))::float8`;

function procedureSql(query: PerformanceStatsQuery): Prisma.Sql {
  const overdue = Prisma.sql`d.original_due_at < LEAST(${query.asOf}::timestamptz, ${pausedAt})`;
  return Prisma.sql`
    WITH g AS (
      SELECT GROUPING(d.procedure_code) = 1 AS total, d.procedure_code AS key,
        ${dossierFigures(Prisma.sql`d`, query.clock)},
        count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.outcome = 'EARLY')::int AS done_early,
        count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.outcome = 'ON_TIME')::int AS done_on_time,
        count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.outcome = 'LATE')::int AS done_late,
        count(*) FILTER (WHERE ${dossierOpen} AND NOT ${overdue})::int AS in_progress_on_time,
        count(*) FILTER (WHERE ${dossierOpen} AND ${overdue})::int AS in_progress_overdue,
        COALESCE(sum(l.n), 0)::int AS apologies
      FROM dossier d
      -- Letters are few: counted per dossier first (all of them; only the period's find a dossier).
      LEFT JOIN (SELECT a.dossier_code, count(*) AS n FROM apology_letter a GROUP BY a.dossier_code) l ON l.dossier_code = d.code
      WHERE ${inPeriod(query)}
      GROUP BY ROLLUP (d.procedure_code)
    ),
    carried AS (
      SELECT GROUPING(d.procedure_code) = 1 AS total, d.procedure_code AS key, count(*)::int AS n
      FROM dossier d WHERE ${carriedOver(query)}
      GROUP BY ROLLUP (d.procedure_code)
    ),
    -- A procedure may have carried-over dossiers and none received in the period: a row all the same.
    -- Both ROLLUPs yield their totals row even over no dossiers, so the totals row always exists.
    k AS (SELECT total, key FROM g UNION SELECT total, key FROM carried)
    SELECT k.total, CASE WHEN k.total THEN ${TOTAL_KEY}::text ELSE k.key END AS key, p.name,
      COALESCE(g.received, 0) AS received, COALESCE(g.received_online, 0) AS "receivedOnline",
      COALESCE(g.received_counter, 0) AS "receivedCounter", COALESCE(g.received_post, 0) AS "receivedPost",
      COALESCE(g.waiting_supplement, 0) AS "waitingSupplement", COALESCE(c.n, 0) AS "carriedOver",
      COALESCE(g.done_early, 0) AS "doneEarly", COALESCE(g.done_on_time, 0) AS "doneOnTime", COALESCE(g.done_late, 0) AS "doneLate",
      COALESCE(g.in_progress_on_time, 0) AS "inProgressOnTime", COALESCE(g.in_progress_overdue, 0) AS "inProgressOverdue",
      COALESCE(g.refused, 0) AS refused, COALESCE(g.withdrawn, 0) AS withdrawn, COALESCE(g.stopped, 0) AS stopped,
      ${onTimeRate(Prisma.sql`g.done_early`, Prisma.sql`g.done_on_time`, Prisma.sql`g.done_late`)} AS "onTimeRate",
      g.avg_days AS "averageProcessingWorkingDays", COALESCE(g.apologies, 0) AS apologies, g.online_share AS "onlineShare",
      NULL::int AS "lateAttributed"
    FROM k
    LEFT JOIN g ON g.total = k.total AND g.key IS NOT DISTINCT FROM k.key
    LEFT JOIN carried c ON c.total = k.total AND c.key IS NOT DISTINCT FROM k.key
    LEFT JOIN procedure p ON p.code = k.key AND NOT k.total
    ORDER BY k.total, k.key`;
}

function agencySql(query: PerformanceStatsQuery): Prisma.Sql {
  const { asOf, clock, agencyCode } = query;
  const only = (column: Prisma.Sql) =>
    agencyCode === undefined ? Prisma.empty : Prisma.sql`AND ${column} = ${agencyCode}::text`;
  // Start of the working day of a step's due time: its local date at the first office period's start.
  const dueDayStart = Prisma.sql`((date_trunc('day', st.due_at AT TIME ZONE ${clock.timeZone}::text) + ${clock.workingDayStart}::interval) AT TIME ZONE ${clock.timeZone}::text)`;
  // Done before dueDayStart. That moment is on the due time's own local day, so less than 48 hours
  // from it: a step done 48 hours before (or after) its due time is early (or not) without the two
  // time-zone conversions, which otherwise cost a fifth of the statement. Same answer, NULLs included.
  const early = Prisma.sql`(st.completed_at < st.due_at - interval '48 hours'
    OR (st.completed_at < st.due_at + interval '48 hours' AND st.completed_at < ${dueDayStart}))`;
  const stepOpen = Prisma.sql`st.status IN ('ACTIVE', 'WAITING_SUPPLEMENT', 'FAILED')`;
  // A step waiting for the supplement has its clock stopped when the supplement was requested.
  const stepOverdue = Prisma.sql`st.due_at < LEAST(${asOf}::timestamptz, CASE WHEN st.status = 'WAITING_SUPPLEMENT' THEN ${pausedAt} END)`;
  return Prisma.sql`
    WITH handled AS (
      -- Steps joined to their dossiers, counted per (dossier, agency that handled a step of it), so
      -- a dossier counts once per agency, and per dossier (ROLLUP: agency NULL), so it counts once in
      -- the totals. Both sides come in dossier code order from covering indexes (a merge join, then
      -- a streaming aggregate): dossier_step_statistics_idx and dossier_statistics_idx.
      SELECT st.agency_code, d.status, d.channel, d.processing_working_minutes,
        -- On time = done, not late and not early: counted as a difference.
        count(*) FILTER (WHERE st.status = 'DONE' AND NOT st.late AND ${early}) AS done_early,
        count(*) FILTER (WHERE st.status = 'DONE' AND NOT st.late) AS done_not_late,
        count(*) FILTER (WHERE st.status = 'DONE' AND st.late) AS done_late
      FROM dossier d JOIN dossier_step st ON st.dossier_code = d.code
      WHERE ${inPeriod(query)} AND st.started_at IS NOT NULL ${only(Prisma.sql`st.agency_code`)}
      GROUP BY d.code, ROLLUP (st.agency_code)
    ),
    per_agency AS (
      SELECT COALESCE(h.agency_code, ${TOTAL_KEY}::text) AS key,
        ${dossierFigures(Prisma.sql`h`, clock)},
        sum(h.done_early)::int AS done_early, sum(h.done_not_late - h.done_early)::int AS done_on_time, sum(h.done_late)::int AS done_late
      FROM handled h GROUP BY h.agency_code
    ),
    open_steps AS (
      -- Open steps of open dossiers, which are few (the last weeks' ones): their own small join, so
      -- the big one above needs no supplement and reads dossier_statistics_idx only.
      SELECT COALESCE(st.agency_code, ${TOTAL_KEY}::text) AS key,
        count(*) FILTER (WHERE (${stepOverdue}) IS NOT TRUE)::int AS on_time, count(*) FILTER (WHERE ${stepOverdue})::int AS overdue
      FROM dossier d JOIN dossier_step st ON st.dossier_code = d.code
      WHERE ${inPeriod(query)} AND ${dossierOpen} AND ${stepOpen} AND st.started_at IS NOT NULL ${only(Prisma.sql`st.agency_code`)}
      GROUP BY ROLLUP (st.agency_code)
    ),
    letters AS (
      SELECT COALESCE(a.agency_code, ${TOTAL_KEY}::text) AS key, count(*)::int AS n
      FROM apology_letter a JOIN dossier d ON d.code = a.dossier_code
      WHERE ${inPeriod(query)} ${only(Prisma.sql`a.agency_code`)}
      GROUP BY ROLLUP (a.agency_code)
    ),
    carried AS (
      -- Carried-over dossiers per agency with a step of them in hand in the period (once per dossier
      -- and agency), and once each in the totals.
      SELECT COALESCE(st.agency_code, ${TOTAL_KEY}::text) AS key, count(DISTINCT d.code)::int AS n
      FROM dossier d JOIN dossier_step st ON st.dossier_code = d.code
      WHERE ${carriedOver(query)} AND st.started_at < ${query.to}::timestamptz
        AND (st.completed_at IS NULL OR st.completed_at >= ${query.from}::timestamptz) ${only(Prisma.sql`st.agency_code`)}
      GROUP BY ROLLUP (st.agency_code)
    ),
    -- Every agency with a figure (one may have carried-over dossiers alone), and the totals row, which
    -- exists (as zeros) even when no step was handled.
    keys AS (SELECT x.key FROM per_agency x UNION SELECT c.key FROM carried c UNION SELECT ${TOTAL_KEY}::text),
    attributed AS (
      SELECT COALESCE(d.late_agency_code, ${TOTAL_KEY}::text) AS key, count(*)::int AS n
      FROM dossier d
      WHERE ${inPeriod(query)} AND d.status = 'COMPLETED' AND d.outcome = 'LATE' AND d.late_agency_code IS NOT NULL
        ${only(Prisma.sql`d.late_agency_code`)}
      GROUP BY ROLLUP (d.late_agency_code)
    )
    SELECT k.key = ${TOTAL_KEY}::text AS total, k.key, ag.name,
      COALESCE(x.received, 0) AS received, COALESCE(x.received_online, 0) AS "receivedOnline",
      COALESCE(x.received_counter, 0) AS "receivedCounter", COALESCE(x.received_post, 0) AS "receivedPost",
      COALESCE(x.waiting_supplement, 0) AS "waitingSupplement", COALESCE(c.n, 0) AS "carriedOver", COALESCE(x.done_early, 0) AS "doneEarly", COALESCE(x.done_on_time, 0) AS "doneOnTime",
      COALESCE(x.done_late, 0) AS "doneLate", COALESCE(o.on_time, 0) AS "inProgressOnTime", COALESCE(o.overdue, 0) AS "inProgressOverdue",
      COALESCE(x.refused, 0) AS refused, COALESCE(x.withdrawn, 0) AS withdrawn, COALESCE(x.stopped, 0) AS stopped,
      ${onTimeRate(Prisma.sql`x.done_early`, Prisma.sql`x.done_on_time`, Prisma.sql`x.done_late`)} AS "onTimeRate",
      x.avg_days AS "averageProcessingWorkingDays", COALESCE(l.n, 0) AS apologies, x.online_share AS "onlineShare",
      COALESCE(la.n, 0) AS "lateAttributed"
    FROM keys k
    LEFT JOIN per_agency x ON x.key = k.key
    LEFT JOIN carried c ON c.key = k.key
    LEFT JOIN open_steps o ON o.key = k.key
    LEFT JOIN letters l ON l.key = k.key
    LEFT JOIN attributed la ON la.key = k.key
    LEFT JOIN agency ag ON ag.code = k.key AND k.key <> ${TOTAL_KEY}::text
    ORDER BY total, key`;
}
