// 4. Statistics: performanceStats over 1,000,000 dossiers (generated with SQL; fewer in quick mode)
// against the floor: ONE hand-written SQL statement computing the same figures (every field of every
// row and the totals, definitions in prisma/read-model/statistics.ts), sent through pg. One client,
// sequential calls, the API and the floor interleaved (alternating which goes first, so neither
// always finds the caches warmed by the other), medians. The first call of each is a warm-up and a
// check: the floor and the API must agree on every figure, or the benchmark fails.
import { Pool } from 'pg';
import { createCalendarSource } from '../services/catalog/calendar';
import { WorkingCalendar } from '../domain/calendar/working-calendar';
import type { PerformanceStatsRow } from '../services/statistics/performance-stats';
import { generateDossiers } from './bulk-data';
import { hasRootField, withStack } from './stack';
import { median, printTable, type BenchContext, type BenchResult, type Row } from './stats';

// The floor, written by hand as a DBA would, for the same definitions as the resolver (see
// prisma/read-model/statistics.ts). $1 from, $2 to, $3 asOf, $4 minutes per working day; AGENCY also
// $5 time zone, $6 start of the working day (HH:MM). Rows ordered by key, the totals ('*') last.
const OPEN = `('IN_PROGRESS', 'WAITING_SUPPLEMENT')`;
const PAUSED_AT = `CASE WHEN d.status = 'WAITING_SUPPLEMENT' THEN (d.supplement ->> 'requestedAt')::timestamptz END`;
const DOSSIER_COUNTS = (d: string, minutes: string) => `count(*) AS received,
    count(*) FILTER (WHERE ${d}.status = 'REFUSED') AS refused, count(*) FILTER (WHERE ${d}.status = 'WITHDRAWN') AS withdrawn,
    count(*) FILTER (WHERE ${d}.status = 'STOPPED') AS stopped, count(*) FILTER (WHERE ${d}.channel = 'ONLINE') AS online,
    avg(${minutes}) FILTER (WHERE ${d}.status = 'COMPLETED') AS minutes`;
const FIGURES = `g.received, g."doneEarly", g."doneOnTime", g."doneLate", g."inProgressOnTime", g."inProgressOverdue",
  g.refused, g.withdrawn, g.stopped,
  (g."doneEarly" + g."doneOnTime")::float8 / nullif(g."doneEarly" + g."doneOnTime" + g."doneLate", 0) AS "onTimeRate",
  g.minutes / $4 AS "averageProcessingWorkingDays", g.online::float8 / g.received AS "onlineShare",
  coalesce(c.n, 0) AS "carriedOver"`;
/** Received before the period, not finished at its start. */
const CARRIED = `d.received_at < $1 AND (d.completed_at IS NULL OR d.completed_at >= $1)`;

const FLOOR_SQL = {
  // One pass over the period's dossiers, grouped by procedure and in total; letters counted per dossier first.
  PROCEDURE: `
SELECT coalesce(g.key, '*') AS key, p.name, ${FIGURES}, g.apologies, NULL AS "lateAttributed"
FROM (
  SELECT d.procedure_code AS key, ${DOSSIER_COUNTS('d', 'd.processing_working_minutes')},
    count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.outcome = 'EARLY') AS "doneEarly",
    count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.outcome = 'ON_TIME') AS "doneOnTime",
    count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.outcome = 'LATE') AS "doneLate",
    count(*) FILTER (WHERE d.status IN ${OPEN} AND d.original_due_at >= least($3::timestamptz, ${PAUSED_AT})) AS "inProgressOnTime",
    count(*) FILTER (WHERE d.status IN ${OPEN} AND d.original_due_at < least($3::timestamptz, ${PAUSED_AT})) AS "inProgressOverdue",
    coalesce(sum(l.n), 0) AS apologies
  FROM dossier d
  LEFT JOIN (SELECT dossier_code, count(*) AS n FROM apology_letter GROUP BY dossier_code) l ON l.dossier_code = d.code
  WHERE d.received_at >= $1 AND d.received_at < $2
  GROUP BY ROLLUP (d.procedure_code)
) g
LEFT JOIN (SELECT d.procedure_code AS key, count(*) AS n FROM dossier d WHERE ${CARRIED} GROUP BY ROLLUP (d.procedure_code)) c
  ON c.key IS NOT DISTINCT FROM g.key
LEFT JOIN procedure p ON p.code = g.key
ORDER BY g.key IS NULL, g.key`,

  // Steps joined to their dossiers and grouped per (dossier, agency), which makes each dossier count
  // once per agency, and per dossier (ROLLUP: agency NULL), which makes the totals count it once.
  // (No totals row when no step was handled at all: the bench always has some.)
  AGENCY: `
WITH pairs AS (
  SELECT st.agency_code, d.status, d.channel, d.processing_working_minutes AS minutes,
    count(*) FILTER (WHERE st.status = 'DONE' AND NOT st.late
      AND st.completed_at < (date_trunc('day', st.due_at AT TIME ZONE $5) + $6::interval) AT TIME ZONE $5) AS early,
    count(*) FILTER (WHERE st.status = 'DONE' AND NOT st.late) AS not_late,
    count(*) FILTER (WHERE st.status = 'DONE' AND st.late) AS late,
    count(*) FILTER (WHERE d.status IN ${OPEN} AND st.status IN ('ACTIVE', 'WAITING_SUPPLEMENT', 'FAILED')) AS open,
    count(*) FILTER (WHERE d.status IN ${OPEN} AND st.status IN ('ACTIVE', 'WAITING_SUPPLEMENT', 'FAILED')
      AND st.due_at < least($3::timestamptz, CASE WHEN st.status = 'WAITING_SUPPLEMENT' THEN ${PAUSED_AT} END)) AS overdue
  FROM dossier d JOIN dossier_step st ON st.dossier_code = d.code
  WHERE d.received_at >= $1 AND d.received_at < $2 AND st.started_at IS NOT NULL
  GROUP BY d.code, ROLLUP (st.agency_code)
), g AS (
  SELECT p.agency_code AS key, ${DOSSIER_COUNTS('p', 'p.minutes')},
    sum(early) AS "doneEarly", sum(not_late - early) AS "doneOnTime", sum(late) AS "doneLate",
    sum(open - overdue) AS "inProgressOnTime", sum(overdue) AS "inProgressOverdue"
  FROM pairs p GROUP BY p.agency_code
), letters AS (
  SELECT a.agency_code AS key, count(*) AS n FROM apology_letter a JOIN dossier d ON d.code = a.dossier_code
  WHERE d.received_at >= $1 AND d.received_at < $2 GROUP BY ROLLUP (a.agency_code)
), attributed AS (
  SELECT d.late_agency_code AS key, count(*) AS n FROM dossier d
  WHERE d.received_at >= $1 AND d.received_at < $2 AND d.status = 'COMPLETED' AND d.outcome = 'LATE' AND d.late_agency_code IS NOT NULL
  GROUP BY ROLLUP (d.late_agency_code)
), c AS (
  SELECT st.agency_code AS key, count(DISTINCT d.code) AS n FROM dossier d JOIN dossier_step st ON st.dossier_code = d.code
  WHERE ${CARRIED} AND st.started_at < $2 AND (st.completed_at IS NULL OR st.completed_at >= $1)
  GROUP BY ROLLUP (st.agency_code)
)
SELECT coalesce(g.key, '*') AS key, ag.name, ${FIGURES}, coalesce(l.n, 0) AS apologies, coalesce(t.n, 0) AS "lateAttributed"
FROM g
LEFT JOIN letters l ON l.key IS NOT DISTINCT FROM g.key
LEFT JOIN attributed t ON t.key IS NOT DISTINCT FROM g.key
LEFT JOIN c ON c.key IS NOT DISTINCT FROM g.key
LEFT JOIN agency ag ON ag.code = g.key
ORDER BY g.key IS NULL, g.key`,
};

const FIELDS = `key name received doneEarly doneOnTime doneLate inProgressOnTime inProgressOverdue refused withdrawn stopped
  onTimeRate averageProcessingWorkingDays apologies onlineShare lateAttributed carriedOver`;

export async function statistics(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick ? 20_000 : Number(process.env.BENCH_STATS_DOSSIERS ?? 1_000_000);
  const repeats = ctx.quick ? 3 : 10;
  return withStack({ log: ctx.log, worker: false }, async (stack) => {
    if (!(await hasRootField(stack, 'Query', 'performanceStats'))) {
      const skipped =
        'SKIPPED: the schema has no Query.performanceStats yet (prisma/read-model/statistics.ts + graphql/schema/statistics.ts)';
      console.log(`\nStatistics\n  ${skipped}`);
      return { name: 'statistics', skipped, summary: [], runs: [], notes: [skipped] };
    }
    await generateDossiers(stack, count, ctx.log);
    const to = new Date();
    const from = new Date(to.getTime() - 365 * 86_400_000);
    const asOf = to;
    // The clock the API reads from the same calendar (zone, start of the working day, its length).
    const snapshot = await createCalendarSource(stack.db.prisma)();
    const minutesPerDay = new WorkingCalendar(snapshot).minutesPerWorkingDay;
    const params = {
      PROCEDURE: [from, to, asOf, minutesPerDay],
      AGENCY: [
        from,
        to,
        asOf,
        minutesPerDay,
        snapshot.officeHours.timeZone,
        snapshot.officeHours.periods[0].start,
      ],
    };
    const floorPool = new Pool({ connectionString: stack.databaseUrl, max: 1 });
    const notes = [
      `${count} dossiers generated with SQL (not through workflows); floor and API agree on every figure of every row.`,
    ];
    try {
      const summary: Row[] = [];
      const runs: unknown[] = [];
      for (const groupBy of ['AGENCY', 'PROCEDURE'] as const) {
        const query = `{ performanceStats(from: "${from.toISOString()}", to: "${to.toISOString()}", groupBy: ${groupBy}, asOf: "${asOf.toISOString()}") {
          rows { ${FIELDS} } totals { ${FIELDS} } } }`;
        const api = async () => {
          const answer = await stack.graphql<{
            performanceStats: { rows: PerformanceStatsRow[]; totals: PerformanceStatsRow };
          }>(query, undefined, stack.adminKey);
          if (answer.errors?.length)
            throw new Error(`performanceStats failed: ${JSON.stringify(answer.errors).slice(0, 400)}`);
          return answer.data!.performanceStats;
        };
        const floor = async () =>
          (await floorPool.query<Record<string, unknown>>(FLOOR_SQL[groupBy], params[groupBy])).rows;
        const apiMs: number[] = [];
        const sqlMs: number[] = [];
        let received = 0;
        for (let i = 0; i <= repeats * ctx.runs; i++) {
          let a: Timed<Awaited<ReturnType<typeof api>>>;
          let f: Timed<Record<string, unknown>[]>;
          if (i % 2 === 0) {
            a = await timed(api);
            f = await timed(floor);
          } else {
            f = await timed(floor);
            a = await timed(api);
          }
          if (i === 0) {
            checkAgreement(groupBy, [...a.value.rows, a.value.totals], f.value);
            received = a.value.totals.received;
            continue;
          }
          apiMs.push(a.ms);
          sqlMs.push(f.ms);
        }
        runs.push({ groupBy, apiMs, sqlMs });
        summary.push({
          groupBy,
          'performanceStats ms': median(apiMs),
          'SQL floor ms': median(sqlMs),
          ratio: median(apiMs) / median(sqlMs),
          target: '<= 2',
          received,
        });
      }
      printTable(`Statistics over ${count} dossiers (${repeats * ctx.runs} calls each, medians)`, summary);
      return { name: 'statistics', summary, runs, notes };
    } finally {
      await floorPool.end();
    }
  });
}

interface Timed<T> {
  value: T;
  ms: number;
}

async function timed<T>(call: () => Promise<T>): Promise<Timed<T>> {
  const t = performance.now();
  const value = await call();
  return { value, ms: performance.now() - t };
}

const INT_FIELDS = [
  'received',
  'doneEarly',
  'doneOnTime',
  'doneLate',
  'inProgressOnTime',
  'inProgressOverdue',
  'refused',
  'withdrawn',
  'stopped',
  'apologies',
  'lateAttributed',
  'carriedOver',
] as const;
const FLOAT_FIELDS = ['onTimeRate', 'averageProcessingWorkingDays', 'onlineShare'] as const;

/** Throws unless the API and the floor give the same rows (same keys, same order) with the same figures. */
function checkAgreement(groupBy: string, api: PerformanceStatsRow[], floor: Record<string, unknown>[]): void {
  const differences: string[] = [];
  if (api.length !== floor.length)
    differences.push(`${api.length} rows from the API, ${floor.length} from the floor`);
  api.forEach((a, i) => {
    const f = floor[i] ?? {};
    const differ = (field: string, x: unknown, y: unknown) =>
      differences.push(`${a.key} ${field}: API ${x}, floor ${y}`);
    if (a.key !== f.key) differ('key', a.key, f.key);
    if ((a.name ?? null) !== (f.name ?? null)) differ('name', a.name, f.name);
    for (const field of INT_FIELDS) {
      const y = f[field] === null || f[field] === undefined ? null : Number(f[field]);
      if ((a[field] ?? null) !== y) differ(field, a[field], y);
    }
    // Floats: sums of the same values in another order may differ in the last bits.
    for (const field of FLOAT_FIELDS) {
      const x = a[field];
      const y = f[field] === null || f[field] === undefined ? null : Number(f[field]);
      if (
        (x === null) !== (y === null) ||
        (x !== null && y !== null && Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(y)))
      )
        differ(field, x, y);
    }
  });
  if (differences.length) {
    throw new Error(
      `groupBy ${groupBy}: performanceStats and the SQL floor disagree (${differences.length}):\n  ${differences.slice(0, 30).join('\n  ')}`,
    );
  }
}
