// 2. Submission rate: submitDossier requests per second and p50/p99 at 16 concurrent clients
// (autocannon, every request with its own idempotency key), in two settings, each on its own stack:
//   engine running   the worker (in the bench process, as `npm start` runs it) executes the
//                    workflows the submissions start, the simulators answering at once: reception
//                    and the engine share the machine's two cores, as on a one-box install;
//   reception alone  no worker polls meanwhile (a deployment runs workers on other machines): what
//                    the API, PostgreSQL and Temporal's frontend sustain for reception itself.
// Framework floor in the same run: `{ __typename }` at the same concurrency on the same server.
import { profiled } from './profiler';
import { BENCH_PROCEDURE_CODE, withStack, type BenchStack } from './stack';
import {
  httpLoad,
  median,
  printTable,
  type BenchContext,
  type BenchResult,
  type LoadResult,
  type Row,
} from './stats';
import { submitInput } from './engine-throughput';

const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code dueAt } lookupKey } }`;
const CONNECTIONS = 16;

interface Point {
  submit: LoadResult;
  typename: LoadResult;
}

export async function submissionRate(ctx: BenchContext): Promise<BenchResult> {
  const durationSec = ctx.quick ? 3 : 10;
  const summary: Row[] = [];
  const runs: Record<string, Point[]> = {};
  for (const setting of ['engine running', 'reception alone'] as const) {
    const points = await withStack({ log: ctx.log, worker: setting === 'engine running' }, (stack) =>
      measure(ctx, stack, setting, durationSec),
    );
    runs[setting] = points;
    const m = (f: (x: Point) => number) => median(points.map(f));
    summary.push(
      {
        what: `submitDossier @${CONNECTIONS}, ${setting}`,
        'req/s': m((x) => x.submit.rps),
        'p50 ms': m((x) => x.submit.p50),
        'p99 ms': m((x) => x.submit.p99),
        target: '>= 100/s',
      },
      {
        what: `  { __typename } @${CONNECTIONS} (floor)`,
        'req/s': m((x) => x.typename.rps),
        'p50 ms': m((x) => x.typename.p50),
        'p99 ms': m((x) => x.typename.p99),
      },
      { what: '  submitDossier / floor', 'req/s': m((x) => x.submit.rps / x.typename.rps) },
    );
  }
  printTable(`Submission rate (${ctx.runs} run(s) x ${durationSec} s per setting, medians)`, summary);
  return {
    name: 'submission-rate',
    summary,
    runs: [runs],
    notes: [
      'autocannon in a child process; API, worker (engine running) and simulators in the bench process.',
    ],
  };
}

async function measure(
  ctx: BenchContext,
  stack: BenchStack,
  setting: string,
  durationSec: number,
): Promise<Point[]> {
  const headers = { authorization: `Bearer ${stack.portalKey}` };
  const submit = { query: SUBMIT, variables: { input: submitInput(BENCH_PROCEDURE_CODE, 'sub-__UNIQUE__') } };
  await httpLoad({ url: stack.api.url, connections: 4, durationSec: 2, headers, bodies: [submit] }); // warm-up
  const points: Point[] = [];
  for (let r = 0; r < ctx.runs; r++) {
    const typename = await httpLoad({
      url: stack.api.url,
      connections: CONNECTIONS,
      durationSec,
      headers,
      bodies: [{ query: '{ __typename }' }],
    });
    const label = `submission-rate-${setting.replace(' ', '-')}@${CONNECTIONS}`;
    const sub = await profiled(label, () =>
      httpLoad({ url: stack.api.url, connections: CONNECTIONS, durationSec, headers, bodies: [submit] }),
    );
    if (sub.errors > 0) throw new Error(`submission-rate (${setting}): ${sub.errors} failed submissions`);
    points.push({ submit: sub, typename });
    ctx.log(
      `submission-rate run ${r + 1}, ${setting}: ${sub.rps.toFixed(0)} req/s p99 ${sub.p99} ms (__typename ${typename.rps.toFixed(0)}/s)`,
    );
    // With the engine running, let the started workflows drain before the next point, so points stay comparable.
    if (stack.worker) await drain(stack, 120_000);
  }
  return points;
}

async function drain(stack: BenchStack, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await stack.db.prisma.dossier.count({ where: { status: 'IN_PROGRESS' } });
    if (open === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
