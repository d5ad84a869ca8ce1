// 6. Decision 766 indicators: decision766Indicators over 1,000,000 dossiers (generated with SQL, one
// national-portal outbox row each, 90% delivered; fewer in quick mode) against the floor: ONE
// hand-written SQL statement computing the same counts (definitions in
// prisma/read-model/indicators-766.ts), sent through pg. For the province and for one agency, one
// client, sequential calls, API and floor interleaved, medians. The first call of each is a warm-up
// and a check: the floor and the API must agree on every count, or the benchmark fails.
import { Pool } from 'pg';
import { pgPoolExecutor } from '../prisma/sql-executor';
import { generateDossiers, BULK_PREFIX } from './bulk-data';
import { hasRootField, withStack } from './stack';
import { median, printTable, type BenchContext, type BenchResult, type Row } from './stats';

// $1 from, $2 to, $3 agency code or NULL (the province). Written as a DBA would: the outbox reduced
// to the dossiers with something unsent, then one pass over the dossiers.
const FLOOR_SQL = `
WITH unsent AS (SELECT DISTINCT dossier_code FROM national_sync_outbox WHERE delivered_at IS NULL),
queued AS (SELECT DISTINCT dossier_code FROM national_sync_outbox)
SELECT
  count(*) FILTER (WHERE d.received_at >= $1) AS received,
  count(*) FILTER (WHERE d.received_at >= $1 AND d.channel = 'ONLINE') AS "receivedOnline",
  count(*) FILTER (WHERE d.received_at >= $1 AND q.dossier_code IS NOT NULL AND u.dossier_code IS NULL) AS synced,
  count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.completed_at >= $1 AND d.completed_at < $2 AND d.outcome <> 'LATE') AS "resolvedOnTime",
  count(*) FILTER (WHERE d.status = 'COMPLETED' AND d.completed_at >= $1 AND d.completed_at < $2 AND d.outcome = 'LATE') AS "resolvedLate",
  count(*) FILTER (WHERE (d.completed_at IS NULL OR d.completed_at >= $2) AND d.original_due_at < least($2::timestamptz,
    CASE WHEN d.status = 'WAITING_SUPPLEMENT' THEN (d.supplement ->> 'requestedAt')::timestamptz END)) AS "openOverdue",
  (SELECT count(*) FROM procedure p WHERE $3::text IS NULL OR p.receiving_agency_code = $3) AS procedures,
  (SELECT count(*) FROM procedure p WHERE ($3::text IS NULL OR p.receiving_agency_code = $3) AND p.online_level = 'FULL') AS "fullyOnlineProcedures"
FROM dossier d
LEFT JOIN queued q ON q.dossier_code = d.code
LEFT JOIN unsent u ON u.dossier_code = d.code
WHERE ($3::text IS NULL OR d.receiving_agency_code = $3) AND d.received_at < $2
  AND (d.received_at >= $1 OR d.completed_at IS NULL OR d.completed_at >= $1)`;

const COUNTS = [
  'received',
  'receivedOnline',
  'synced',
  'resolvedOnTime',
  'resolvedLate',
  'openOverdue',
  'procedures',
  'fullyOnlineProcedures',
] as const;

export async function indicators766(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick ? 20_000 : Number(process.env.BENCH_766_DOSSIERS ?? 1_000_000);
  const repeats = ctx.quick ? 3 : 10;
  return withStack({ log: ctx.log, worker: false }, async (stack) => {
    if (!(await hasRootField(stack, 'Query', 'decision766Indicators'))) {
      const skipped = 'SKIPPED: the schema has no Query.decision766Indicators';
      return { name: 'indicators-766', skipped, summary: [], runs: [], notes: [skipped] };
    }
    // The bulk load through a pool of its own without the engine's 60 s query timeout: a million
    // rows take longer than that on a busy machine.
    const loadPool = new Pool({ connectionString: stack.databaseUrl, max: 2 });
    const load = pgPoolExecutor(loadPool);
    try {
      await generateDossiers({ ...stack, db: { ...stack.db, sql: load } }, count, ctx.log);
      // One outbox row per dossier (its reception), unsent for one dossier in ten.
      await load.exec(`
      INSERT INTO national_sync_outbox (dossier_code, event_seq, event_type, status_code, actor, occurred_at, payload, delivered_at)
      SELECT d.code, 1, 'DOSSIER_RECEIVED', 2, 'SYSTEM:system', d.received_at, '{}'::jsonb,
             CASE WHEN right(d.code, 1) = '7' THEN NULL ELSE d.received_at + interval '1 minute' END
        FROM dossier d WHERE d.code LIKE '${BULK_PREFIX}%'`);
      await load.exec('VACUUM ANALYZE national_sync_outbox');
    } finally {
      await loadPool.end();
    }
    const to = new Date();
    const from = new Date(to.getTime() - 365 * 86_400_000);
    const [{ agency }] = await stack.db.sql.query<{ agency: string }>(
      `SELECT receiving_agency_code AS agency FROM dossier GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const floorPool = new Pool({ connectionString: stack.databaseUrl, max: 1 });
    const notes = [
      `${count} dossiers generated with SQL (not through workflows), one outbox row each; floor and API agree on every count.`,
    ];
    try {
      const summary: Row[] = [];
      const runs: unknown[] = [];
      for (const [unit, code] of [
        ['PROVINCE', null],
        ['AGENCY', agency],
      ] as const) {
        const query = `{ decision766Indicators(from: "${from.toISOString()}", to: "${to.toISOString()}", unit: ${unit}${code ? `, code: "${code}"` : ''}) {
          counts { ${COUNTS.join(' ')} } indicators { key score } totalScore } }`;
        const api = async () => {
          const answer = await stack.graphql<{
            decision766Indicators: { counts: Record<string, number> };
          }>(query, undefined, stack.adminKey);
          if (answer.errors?.length)
            throw new Error(`decision766Indicators failed: ${JSON.stringify(answer.errors).slice(0, 400)}`);
          return answer.data!.decision766Indicators.counts;
        };
        const floor = async () => (await floorPool.query(FLOOR_SQL, [from, to, code])).rows[0];
        const apiMs: number[] = [];
        const sqlMs: number[] = [];
        let received = 0;
        for (let i = 0; i <= repeats * ctx.runs; i++) {
          const first = i % 2 === 0 ? api : floor;
          const second = i % 2 === 0 ? floor : api;
          const t0 = performance.now();
          const r1 = await first();
          const t1 = performance.now();
          const r2 = await second();
          const t2 = performance.now();
          const [a, f, aMs, fMs] = i % 2 === 0 ? [r1, r2, t1 - t0, t2 - t1] : [r2, r1, t2 - t1, t1 - t0];
          if (i === 0) {
            const differ = COUNTS.filter((k) => Number(a[k]) !== Number(f[k]));
            if (differ.length)
              throw new Error(
                `${unit}: API and floor disagree on ${differ.map((k) => `${k} (${a[k]} vs ${f[k]})`).join(', ')}`,
              );
            received = Number(a.received);
            continue;
          }
          apiMs.push(aMs);
          sqlMs.push(fMs);
        }
        runs.push({ unit, code, apiMs, sqlMs });
        summary.push({
          unit: code ? `${unit} ${code}` : unit,
          'decision766Indicators ms': median(apiMs),
          'SQL floor ms': median(sqlMs),
          ratio: median(apiMs) / median(sqlMs),
          target: '<= 2',
          received,
        });
      }
      printTable(
        `Decision 766 indicators over ${count} dossiers (${repeats * ctx.runs} calls each, medians)`,
        summary,
      );
      return { name: 'indicators-766', summary, runs, notes };
    } finally {
      await floorPool.end();
    }
  });
}
