// 6. Worker scale-out: engine throughput with ONE `npm run worker` process against TWO, on the same
// machine, same stack, same run. The workers are real child processes from the production entry
// point (worker/main.ts), as a province runs them; the API, the simulators (answering DONE at once)
// and the Temporal dev server are the stack's (bench/stack.ts, no in-process worker). Each
// measurement: N dossiers of the 4-step bench procedure through the API by 16 clients, completed
// dossiers per second from the read model (as in engine-throughput), after a warm-up of 10. The
// order (1 then 2, or 2 then 1) alternates between runs. The CPU each party used during the
// measured window says what the ceiling is (BENCHMARKS.md, section 10).
import { randomUUID } from 'node:crypto';
import { CpuMeter, describeCpuUse, processSeconds, type CpuUse } from './cpu-meter';
import { submitInput, waitCompleted } from './engine-throughput';
import { BENCH_PROCEDURE_CODE, dossierBundle, withStack, type BenchStack } from './stack';
import {
  median,
  percentile,
  pool,
  printTable,
  round,
  type BenchContext,
  type BenchResult,
  type Row,
} from './stats';
import { startWorkerProcess, type WorkerProcess } from '../tests/support/worker-process';

const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code } } }`;
const CLIENTS = 16;

/**
 * Submits n dossiers as a portal does: 16 clients, and a submission the engine did not start in time
 * (ENGINE_UNAVAILABLE, NOT_APPLIED: Temporal was slow on a busy machine) sent again with the same
 * idempotency key, as the API's answer says is safe. Returns how many were sent again.
 */
async function submitAll(stack: BenchStack, n: number, prefix: string): Promise<number> {
  let resent = 0;
  await pool(n, CLIENTS, async (i) => {
    const input = submitInput(BENCH_PROCEDURE_CODE, `${prefix}-${i}`);
    for (let attempt = 1; ; attempt++) {
      const answer = await stack.graphql(SUBMIT, { input }, stack.portalKey);
      if (!answer.errors?.length) return;
      if (answer.errors[0]?.extensions?.code !== 'ENGINE_UNAVAILABLE' || attempt === 10)
        throw new Error(`submission ${i} failed: ${JSON.stringify(answer.errors)}`);
      resent++;
      await new Promise((r) => setTimeout(r, 1000));
    }
  });
  return resent;
}

/** Completed dossiers per second and submit-to-done latency, from the read model (as engine-throughput). */
async function throughput(stack: BenchStack, n: number) {
  const prefix = `scale-${randomUUID().slice(0, 8)}`;
  const resent = await submitAll(stack, n, prefix);
  // A shared machine can be slow: allow a second per dossier before calling the run failed.
  await waitCompleted(stack, prefix, n, 120_000 + n * 1000);
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
    resent,
  };
}

interface Measurement {
  workers: number;
  /** Submissions sent again after ENGINE_UNAVAILABLE. */
  resent: number;
  perSecond: number;
  p50: number;
  p95: number;
  /** Cores the worker processes used together, on average, while the N dossiers ran. */
  workerCores: number;
  cpu?: CpuUse;
}

async function startWorkers(stack: BenchStack, count: number): Promise<WorkerProcess[]> {
  const bundle = await dossierBundle();
  return Promise.all(
    Array.from({ length: count }, () =>
      startWorkerProcess({
        databaseUrl: stack.databaseUrl,
        temporalAddress: stack.devServer.address,
        namespace: stack.namespace,
        taskQueue: stack.taskQueue,
        workflowBundlePath: bundle,
        env: {
          PAYLOAD_ENCRYPTION_KEYS: stack.payloadEncryptionKeys,
          CALLBACK_URL: stack.api.url.replace('/graphql', '/agency-callbacks'),
          LOG_LEVEL: 'warn',
        },
        readyTimeoutMs: 120_000,
      }),
    ),
  );
}

async function measure(stack: BenchStack, count: number, n: number, meter: CpuMeter): Promise<Measurement> {
  const workers = await startWorkers(stack, count);
  try {
    await throughput(stack, 10); // warm-up: JIT, pools, the workers' first workflow tasks
    const cpuBefore = workers.map((w) => processSeconds(w.pid));
    const from = Date.now();
    const run = await throughput(stack, n);
    const to = Date.now();
    const workerSeconds = workers.reduce((sum, w, i) => sum + processSeconds(w.pid) - cpuBefore[i], 0);
    return {
      workers: count,
      ...run,
      workerCores: workerSeconds / ((to - from) / 1000),
      cpu: meter.useBetween(from, to),
    };
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
  }
}

export async function workerScale(ctx: BenchContext): Promise<BenchResult> {
  const n = ctx.quick ? 40 : Number(process.env.BENCH_SCALE_DOSSIERS ?? 1000);
  return withStack({ log: ctx.log, worker: false }, async (stack) => {
    const meter = new CpuMeter(stack.devServer.process.pid);
    try {
      const runs: Array<{ one: Measurement; two: Measurement }> = [];
      for (let r = 0; r < ctx.runs; r++) {
        const order = r % 2 === 0 ? [1, 2] : [2, 1];
        const got: Record<number, Measurement> = {};
        for (const count of order) {
          got[count] = await measure(stack, count, n, meter);
          ctx.log(
            `worker-scale run ${r + 1}: ${count} worker process(es) ${got[count].perSecond.toFixed(1)} dossiers/s (${got[count].resent} submissions resent); workers ${got[count].workerCores.toFixed(2)} cores; ${describeCpuUse(got[count].cpu)}`,
          );
        }
        runs.push({ one: got[1], two: got[2] });
      }
      const m = (f: (x: (typeof runs)[number]) => number) => round(median(runs.map(f)));
      const row = (what: string, pick: (x: (typeof runs)[number]) => Measurement): Row => ({
        what,
        'done/s': m((x) => pick(x).perSecond),
        'p50 ms': m((x) => pick(x).p50),
        'p95 ms': m((x) => pick(x).p95),
        'worker cores': m((x) => pick(x).workerCores),
        'Temporal cores': m((x) => pick(x).cpu?.temporal ?? NaN),
        'API+sim cores': m((x) => pick(x).cpu?.bench ?? NaN),
        'PostgreSQL cores': m((x) => pick(x).cpu?.postgres ?? NaN),
        'machine busy': m((x) => pick(x).cpu?.machineBusy ?? NaN),
      });
      const summary: Row[] = [
        row(`1 worker process: ${n} dossiers via API`, (x) => x.one),
        row(`2 worker processes: ${n} dossiers via API`, (x) => x.two),
        {
          what: 'two / one (median of per-run ratios)',
          'done/s': round(median(runs.map((x) => x.two.perSecond / x.one.perSecond))),
        },
      ];
      printTable(`Worker scale-out (${ctx.runs} run(s), medians)`, summary);
      return {
        name: 'worker-scale',
        summary,
        runs,
        notes: [
          'Workers are child processes of worker/main.ts (tsx), polling the stack task queue; the API, simulators and Temporal dev server are shared.',
          'Cores: average CPU in use during the measured N dossiers; "API+sim" is the bench process (API, agency simulators, load clients).',
        ],
      };
    } finally {
      meter.stop();
    }
  });
}
