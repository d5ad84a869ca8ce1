// 3. Read path: trackDossier, dossier and dossiers(filter: late) at 1, 16 and 64 concurrent clients
// over HTTP (autocannon) with 100,000 dossiers in PostgreSQL (1,000,000 with --million), generated
// with SQL. Floors in the same run: the same lookup as raw SQL through pg (a pool as large as the
// API's) and `{ __typename }` on the same server (the framework floor).
import { Pool } from 'pg';
import { hashLookupKey } from '../services/reception/lookup-key';
import { generateDossiers } from './bulk-data';
import { profiled } from './profiler';
import { hasRootField, withStack, type BenchStack } from './stack';
import {
  httpLoad,
  median,
  printTable,
  timedLoop,
  type BenchContext,
  type BenchResult,
  type LoadResult,
  type Row,
} from './stats';

export const TRACK = `query($code: String!, $lookupKey: String!) { trackDossier(code: $code, lookupKey: $lookupKey) { status dueAt steps { key status dueAt } } }`;
export const DOSSIER = `query($code: String!) { dossier(code: $code) { code status receivedAt dueAt outcome steps { key agencyCode status startedAt dueAt completedAt } } }`;
// The filter's exact shape is the dossiers query's own (docs/PRODUCT.md: filter by status, agency, procedure, late, period).
export const LATE = `query { dossiers(filter: { late: true }, first: 20) { edges { node { code status dueAt } } } }`;

const SQL_DOSSIER = `SELECT d.code, d.status, d.received_at, d.due_at, d.outcome,
  (SELECT json_agg(json_build_object('key', s.key, 'agencyCode', s.agency_code, 'status', s.status, 'startedAt', s.started_at, 'dueAt', s.due_at, 'completedAt', s.completed_at))
     FROM dossier_step s WHERE s.dossier_code = d.code) AS steps
  FROM dossier d WHERE d.code = $1`;
const SQL_TRACK = `${SQL_DOSSIER} AND d.lookup_key_hash = $2`;
// The same list as the resolver's `late: true` filter (prisma/read-model/dossier-filters.ts, dossierWhere):
// overdue now or completed LATE, newest received first, one row more than the page (Relay's next-page probe).
const SQL_LATE = `SELECT code, status, due_at FROM dossier
  WHERE (status = 'IN_PROGRESS' AND due_at < now()) OR (status = 'COMPLETED' AND outcome = 'LATE')
  ORDER BY received_at DESC, code DESC LIMIT 21`;

interface Point {
  query: string;
  clients: number;
  api?: LoadResult;
  sql: LoadResult;
  typename: LoadResult;
}

export async function readPath(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick
    ? 5_000
    : ctx.million
      ? 1_000_000
      : Number(process.env.BENCH_READ_DOSSIERS ?? 100_000);
  const clientsList = ctx.quick ? [16] : [1, 16, 64];
  const durationSec = ctx.quick ? 3 : 10;
  const poolSize = 10;
  return withStack({ log: ctx.log, poolSize, worker: false }, async (stack) => {
    const sample = await generateDossiers(stack, count, ctx.log);
    const floorPool = new Pool({ connectionString: stack.databaseUrl, max: poolSize });
    const notes: string[] = [`${count} dossiers generated with SQL (not through workflows).`];
    try {
      const available = await availableQueries(stack, sample, notes);
      const points: Point[][] = [];
      for (let r = 0; r < ctx.runs; r++) {
        const run: Point[] = [];
        for (const clients of clientsList) {
          const typename = await httpLoad({
            url: stack.api.url,
            connections: clients,
            durationSec,
            bodies: [{ query: '{ __typename }' }],
          });
          for (const q of available) {
            const api = await profiled(`read-path-${q.name}@${clients}`, () =>
              httpLoad({
                url: stack.api.url,
                connections: clients,
                durationSec,
                headers: q.headers,
                bodies: q.bodies,
              }),
            );
            if (api.errors > 0) throw new Error(`read-path ${q.name}@${clients}: ${api.errors} errors`);
            const sql = await timedLoop(clients, durationSec * 1000, (i) =>
              floorPool.query(q.sql, q.sqlParams(i)),
            );
            run.push({ query: q.name, clients, api, sql, typename });
            ctx.log(
              `read-path run ${r + 1} ${q.name}@${clients}: ${api.rps.toFixed(0)} req/s p99 ${api.p99} ms (sql ${sql.rps.toFixed(0)}/s, __typename ${typename.rps.toFixed(0)}/s)`,
            );
          }
        }
        points.push(run);
      }
      const summary: Row[] = [];
      for (const [index, first] of points[0].entries()) {
        const same = points.map((run) => run[index]);
        const m = (f: (p: Point) => number) => median(same.map(f));
        summary.push({
          query: first.query,
          clients: first.clients,
          'req/s': m((p) => p.api!.rps),
          'p50 ms': m((p) => p.api!.p50),
          'p99 ms': m((p) => p.api!.p99),
          'sql req/s': m((p) => p.sql.rps),
          'sql p50 ms': m((p) => p.sql.p50),
          '__typename req/s': m((p) => p.typename.rps),
          '__typename p99 ms': m((p) => p.typename.p99),
          '/ __typename': m((p) => p.api!.rps / p.typename.rps),
          '/ sql': m((p) => p.api!.rps / p.sql.rps),
        });
      }
      printTable(
        `Read path, ${count} dossiers (${ctx.runs} run(s) x ${durationSec} s per point, medians)`,
        summary,
      );
      return { name: 'read-path', summary, runs: points, notes };
    } finally {
      await floorPool.end();
    }
  });
}

interface ReadQuery {
  name: string;
  headers?: Record<string, string>;
  bodies: Array<{ query: string; variables?: Record<string, unknown> }>;
  sql: string;
  sqlParams: (i: number) => unknown[];
}

async function availableQueries(
  stack: BenchStack,
  sample: { codes: string[]; lookupKeys: string[] },
  notes: string[],
): Promise<ReadQuery[]> {
  const admin = { authorization: `Bearer ${stack.adminKey}` };
  const portal = { authorization: `Bearer ${stack.portalKey}` };
  const n = sample.codes.length;
  const all: Array<ReadQuery & { field: string }> = [
    {
      name: 'trackDossier',
      field: 'trackDossier',
      bodies: sample.codes.map((code, i) => ({
        query: TRACK,
        variables: { code, lookupKey: sample.lookupKeys[i] },
      })),
      sql: SQL_TRACK,
      sqlParams: (i) => [sample.codes[i % n], hashLookupKey(sample.lookupKeys[i % n])],
    },
    {
      name: 'dossier',
      field: 'dossier',
      headers: portal,
      bodies: sample.codes.map((code) => ({ query: DOSSIER, variables: { code } })),
      sql: SQL_DOSSIER,
      sqlParams: (i) => [sample.codes[i % n]],
    },
    {
      name: 'dossiers(late)',
      field: 'dossiers',
      headers: admin,
      bodies: [{ query: LATE }],
      sql: SQL_LATE,
      sqlParams: () => [],
    },
  ];
  const usable: ReadQuery[] = [];
  for (const q of all) {
    if (!(await hasRootField(stack, 'Query', q.field))) {
      const message = `SKIPPED ${q.name}: the schema has no Query.${q.field} yet`;
      console.log(`  ${message}`);
      notes.push(message);
      continue;
    }
    const probe = await stack.graphql(
      q.bodies[0].query,
      q.bodies[0].variables,
      q.headers?.authorization.slice(7),
    );
    if (probe.errors?.length)
      throw new Error(
        `read-path ${q.name} probe failed (query shape?): ${JSON.stringify(probe.errors).slice(0, 400)}`,
      );
    usable.push(q);
  }
  return usable;
}
