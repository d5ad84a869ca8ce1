// 1. Engine throughput: N dossiers of the 4-step bench procedure submitted through the API (16
// clients), the simulators answering DONE at once; completed dossiers per second and p50/p95
// submit-to-done latency, from the read model (submitted_at -> completed_at). Baseline in the same
// run, same server, same worker settings: N workflows each running the same number of no-op
// activities (counted from one of our dossiers' history) in the same shape.
import { randomUUID } from 'node:crypto';
import { createBaselineWorker } from './baseline-worker';
import { profiled } from './profiler';
import { BENCH_PROCEDURE_CODE, withStack, type BenchStack } from './stack';
import { median, percentile, pool, printTable, type BenchContext, type BenchResult, type Row } from './stats';

const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }`;
const CLIENTS = 16;

export function submitInput(procedureCode: string, key: string) {
  return {
    procedureCode,
    channel: 'ONLINE',
    applicant: { name: 'Nguyễn Văn Bench', idNumber: '079123456789', phone: '0901234567' },
    formData: { note: 'bench' },
    idempotencyKey: key,
  };
}

export async function submitMany(stack: BenchStack, n: number, prefix: string): Promise<void> {
  let failures = 0;
  let first: unknown;
  await pool(n, CLIENTS, async (i) => {
    const answer = await stack.graphql(
      SUBMIT,
      { input: submitInput(BENCH_PROCEDURE_CODE, `${prefix}-${i}`) },
      stack.portalKey,
    );
    if (answer.errors?.length) {
      failures++;
      first ??= answer.errors;
    }
  });
  if (failures) throw new Error(`${failures}/${n} submissions failed: ${JSON.stringify(first)}`);
}

export async function waitCompleted(stack: BenchStack, prefix: string, n: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await stack.db.prisma.$queryRawUnsafe<{ done: bigint; bad: bigint }[]>(
      `SELECT count(*) FILTER (WHERE status = 'COMPLETED') AS done, count(*) FILTER (WHERE status NOT IN ('COMPLETED','IN_PROGRESS')) AS bad
         FROM dossier WHERE idempotency_key LIKE $1`,
      `${prefix}-%`,
    );
    if (Number(row.bad) > 0) throw new Error(`${row.bad} bench dossiers ended other than COMPLETED`);
    if (Number(row.done) >= n) return;
    if (Date.now() > deadline)
      throw new Error(`only ${row.done}/${n} dossiers completed within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function ourRun(stack: BenchStack, n: number) {
  const prefix = `tp-${randomUUID().slice(0, 8)}`;
  await submitMany(stack, n, prefix);
  await waitCompleted(stack, prefix, n, 60_000 + n * 200);
  const rows = await stack.db.prisma.$queryRawUnsafe<{ s: Date; c: Date }[]>(
    `SELECT submitted_at AS s, completed_at AS c FROM dossier WHERE idempotency_key LIKE $1`,
    `${prefix}-%`,
  );
  const start = Math.min(...rows.map((r) => r.s.getTime()));
  const end = Math.max(...rows.map((r) => r.c.getTime()));
  const latencies = rows.map((r) => r.c.getTime() - r.s.getTime());
  return {
    perSecond: n / ((end - start) / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    wallSec: (end - start) / 1000,
  };
}

/** Activities one dossier of the bench procedure runs (deliveries + read-model updates), from its history. */
async function activitiesPerDossier(stack: BenchStack): Promise<number> {
  const [row] = await stack.db.prisma.$queryRawUnsafe<{ workflow_id: string }[]>(
    `SELECT workflow_id FROM dossier WHERE status = 'COMPLETED' AND procedure_code = $1 LIMIT 1`,
    BENCH_PROCEDURE_CODE,
  );
  const history = await stack.temporal.workflow.getHandle(row.workflow_id).fetchHistory();
  return (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes).length;
}

async function baselineRun(
  stack: BenchStack,
  n: number,
  activities: number,
  finishedAt: Map<string, number>,
  taskQueue: string,
) {
  const runId = randomUUID().slice(0, 8);
  const started = new Map<string, number>();
  await pool(n, CLIENTS, async (i) => {
    const workflowId = `baseline-${runId}-${i}`;
    started.set(workflowId, Date.now());
    await stack.temporal.workflow.start('noopBaselineWorkflow', {
      taskQueue,
      workflowId,
      args: [{ workflowId, before: Math.max(0, activities - 3), after: 0 }],
    });
  });
  const deadline = Date.now() + 60_000 + n * 200;
  while ([...started.keys()].some((id) => !finishedAt.has(id))) {
    if (Date.now() > deadline) throw new Error('baseline workflows did not finish in time');
    await new Promise((r) => setTimeout(r, 100));
  }
  const latencies = [...started].map(([id, t]) => finishedAt.get(id)! - t);
  const start = Math.min(...started.values());
  const end = Math.max(...[...started.keys()].map((id) => finishedAt.get(id)!));
  return {
    perSecond: n / ((end - start) / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    wallSec: (end - start) / 1000,
  };
}

export async function engineThroughput(ctx: BenchContext): Promise<BenchResult> {
  const n = ctx.quick ? 40 : Number(process.env.BENCH_DOSSIERS ?? 2000);
  return withStack({ log: ctx.log }, async (stack) => {
    // Warm up (JIT, connection pools, workflow cache) and learn how many activities a dossier runs.
    await submitMany(stack, 10, `warm-${randomUUID().slice(0, 8)}`);
    await new Promise((r) => setTimeout(r, 100));
    await waitCompletedAny(stack, 10);
    const activities = await activitiesPerDossier(stack);
    ctx.log(
      `engine-throughput: one dossier of ${BENCH_PROCEDURE_CODE} runs ${activities} activities; the baseline runs as many no-ops`,
    );

    const finishedAt = new Map<string, number>();
    const baselineQueue = `baseline-${randomUUID()}`;
    const baselineWorker = await createBaselineWorker(stack.workerConnection, baselineQueue, stack.worker!, {
      finished: (id) => finishedAt.set(id, Date.now()),
    });
    const baselineRunning = baselineWorker.run();
    try {
      await baselineRun(stack, 10, activities, finishedAt, baselineQueue); // warm-up
      const runs: Array<{
        ours: Awaited<ReturnType<typeof ourRun>>;
        baseline: Awaited<ReturnType<typeof baselineRun>>;
      }> = [];
      for (let r = 0; r < ctx.runs; r++) {
        // Alternate which goes first, so neither always meets a warmer (or more cluttered) server.
        const baseline =
          r % 2 === 0 ? await baselineRun(stack, n, activities, finishedAt, baselineQueue) : undefined;
        const ours = await profiled('engine-throughput-ours', () => ourRun(stack, n));
        const base = baseline ?? (await baselineRun(stack, n, activities, finishedAt, baselineQueue));
        runs.push({ ours, baseline: base });
        ctx.log(
          `engine-throughput run ${r + 1}: ours ${ours.perSecond.toFixed(1)}/s, baseline ${base.perSecond.toFixed(1)}/s`,
        );
      }
      const m = (f: (x: (typeof runs)[number]) => number) => median(runs.map(f));
      const summary: Row[] = [
        {
          what: `ours: ${n} dossiers via API`,
          'done/s': m((x) => x.ours.perSecond),
          'p50 ms': m((x) => x.ours.p50),
          'p95 ms': m((x) => x.ours.p95),
        },
        {
          what: `baseline: ${n} wf x ${activities} no-op activities`,
          'done/s': m((x) => x.baseline.perSecond),
          'p50 ms': m((x) => x.baseline.p50),
          'p95 ms': m((x) => x.baseline.p95),
        },
        {
          what: 'ours / baseline (median of per-run ratios)',
          'done/s': median(runs.map((x) => x.ours.perSecond / x.baseline.perSecond)),
          target: '>= 0.5',
        },
      ];
      printTable(`Engine throughput (${ctx.runs} run(s), medians)`, summary);
      return {
        name: 'engine-throughput',
        summary,
        runs,
        notes: [
          `${CLIENTS} concurrent submitters; ours goes through the GraphQL API over HTTP, the baseline is started with the Temporal client directly.`,
          'ours: latency = read model submitted_at -> completed_at; baseline: client start call -> last activity ran.',
        ],
      };
    } finally {
      baselineWorker.shutdown();
      await baselineRunning;
    }
  });
}

export async function waitCompletedAny(stack: BenchStack, n: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const done = await stack.db.prisma.dossier.count({ where: { status: 'COMPLETED' } });
    if (done >= n) return;
    if (Date.now() > deadline) throw new Error(`warm-up: only ${done}/${n} dossiers completed in 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
