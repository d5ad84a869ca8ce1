// 4. Statistics: performanceStats over 1,000,000 dossiers (generated with SQL; fewer in quick mode)
// against one hand-written SQL aggregate of the same numbers through pg (the floor), one client,
// sequential calls, medians. Skips with a clear message while the schema has no performanceStats.
import { Pool } from 'pg';
import { generateDossiers } from './bulk-data';
import { hasRootField, withStack, type BenchStack } from './stack';
import { median, printTable, type BenchContext, type BenchResult, type Row } from './stats';

const FLOOR = (groupColumn: string) => `
  SELECT ${groupColumn} AS key, count(*) AS received,
         count(*) FILTER (WHERE outcome = 'EARLY') AS done_early,
         count(*) FILTER (WHERE outcome = 'ON_TIME') AS done_on_time,
         count(*) FILTER (WHERE outcome = 'LATE') AS done_late
    FROM dossier WHERE received_at >= $1 AND received_at < $2 GROUP BY 1`;

export async function statistics(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick ? 20_000 : Number(process.env.BENCH_STATS_DOSSIERS ?? 1_000_000);
  const repeats = ctx.quick ? 3 : 10;
  return withStack({ log: ctx.log, worker: false }, async (stack) => {
    if (!(await hasRootField(stack, 'Query', 'performanceStats'))) {
      const skipped = 'SKIPPED: the schema has no Query.performanceStats yet (statistics/performance-stats.ts + graphql/schema/statistics.ts)';
      console.log(`\nStatistics\n  ${skipped}`);
      return { name: 'statistics', skipped, summary: [], runs: [], notes: [skipped] };
    }
    await generateDossiers(stack, count, ctx.log);
    const to = new Date();
    const from = new Date(to.getTime() - 365 * 86_400_000);
    const argType = await fromArgType(stack);
    const fmt = (d: Date) => (argType === 'Date' ? d.toISOString().slice(0, 10) : d.toISOString());
    const floorPool = new Pool({ connectionString: stack.databaseUrl, max: 1 });
    const notes = [`${count} dossiers generated with SQL (not through workflows); from/to as ${argType}.`];
    try {
      const summary: Row[] = [];
      const runs: unknown[] = [];
      for (const groupBy of ['AGENCY', 'PROCEDURE'] as const) {
        const query = `{ performanceStats(from: "${fmt(from)}", to: "${fmt(to)}", groupBy: ${groupBy}) { rows { key received doneEarly doneOnTime doneLate } } }`;
        const sql = FLOOR(groupBy === 'AGENCY' ? 'receiving_agency_code' : 'procedure_code');
        const apiMs: number[] = [];
        const sqlMs: number[] = [];
        let apiTotal = 0;
        let sqlTotal = 0;
        for (let i = 0; i <= repeats * ctx.runs; i++) {
          let t = performance.now();
          const answer = await stack.graphql<{ performanceStats: { rows: Array<{ received: number }> } }>(query, undefined, stack.adminKey);
          const api = performance.now() - t;
          if (answer.errors?.length) throw new Error(`performanceStats failed: ${JSON.stringify(answer.errors).slice(0, 400)}`);
          t = performance.now();
          const rows = (await floorPool.query<{ received: string }>(sql, [from, to])).rows;
          const floor = performance.now() - t;
          if (i === 0) {
            // First call of each: warm-up, and a check that both count the same dossiers.
            apiTotal = answer.data!.performanceStats.rows.reduce((s, r) => s + r.received, 0);
            sqlTotal = rows.reduce((s, r) => s + Number(r.received), 0);
            if (apiTotal !== sqlTotal) notes.push(`groupBy ${groupBy}: performanceStats counts ${apiTotal} received, the SQL floor ${sqlTotal} (different definitions?)`);
            continue;
          }
          apiMs.push(api);
          sqlMs.push(floor);
        }
        runs.push({ groupBy, apiMs, sqlMs });
        summary.push({
          groupBy,
          'performanceStats ms': median(apiMs),
          'SQL floor ms': median(sqlMs),
          ratio: median(apiMs) / median(sqlMs),
          target: '<= 2',
          received: apiTotal,
        });
      }
      printTable(`Statistics over ${count} dossiers (${repeats * ctx.runs} calls each, medians)`, summary);
      return { name: 'statistics', summary, runs, notes };
    } finally {
      await floorPool.end();
    }
  });
}

async function fromArgType(stack: BenchStack): Promise<string> {
  const answer = await stack.graphql<any>(`{ __type(name: "Query") { fields { name args { name type { name ofType { name } } } } } }`, undefined, stack.adminKey);
  const field = answer.data?.__type?.fields.find((f: any) => f.name === 'performanceStats');
  const arg = field?.args.find((a: any) => a.name === 'from');
  return arg?.type.name ?? arg?.type.ofType?.name ?? 'DateTime';
}
