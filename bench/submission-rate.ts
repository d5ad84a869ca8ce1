// 2. Submission rate: submitDossier requests per second and p50/p99 at 16 concurrent clients
// (autocannon, every request with its own idempotency key). The workflows it starts run meanwhile
// (simulators answer at once), as they would in production. Framework floor in the same run:
// `{ __typename }` at the same concurrency on the same server.
import { profiled } from './profiler';
import { BENCH_PROCEDURE_CODE, withStack } from './stack';
import { httpLoad, median, printTable, type BenchContext, type BenchResult, type LoadResult, type Row } from './stats';
import { submitInput } from './engine-throughput';

const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code dueAt } lookupKey } }`;

export async function submissionRate(ctx: BenchContext): Promise<BenchResult> {
  const durationSec = ctx.quick ? 3 : 10;
  const connections = 16;
  return withStack({ log: ctx.log }, async (stack) => {
    const headers = { authorization: `Bearer ${stack.portalKey}` };
    const submit = { query: SUBMIT, variables: { input: submitInput(BENCH_PROCEDURE_CODE, 'sub-__UNIQUE__') } };
    await httpLoad({ url: stack.api.url, connections: 4, durationSec: 2, headers, bodies: [submit] }); // warm-up
    const runs: Array<{ submit: LoadResult; typename: LoadResult }> = [];
    for (let r = 0; r < ctx.runs; r++) {
      const typename = await httpLoad({ url: stack.api.url, connections, durationSec, headers, bodies: [{ query: '{ __typename }' }] });
      const sub = await profiled(`submission-rate@${connections}`, () => httpLoad({ url: stack.api.url, connections, durationSec, headers, bodies: [submit] }));
      if (sub.errors > 0) throw new Error(`submission-rate: ${sub.errors} failed submissions`);
      runs.push({ submit: sub, typename });
      // Let the workflows started by this point drain before the next one, so points stay comparable.
      await drain(stack, 60_000);
    }
    const m = (f: (x: (typeof runs)[number]) => number) => median(runs.map(f));
    const summary: Row[] = [
      { what: `submitDossier @${connections}`, 'req/s': m((x) => x.submit.rps), 'p50 ms': m((x) => x.submit.p50), 'p99 ms': m((x) => x.submit.p99), target: '>= 100/s' },
      { what: `{ __typename } @${connections} (floor)`, 'req/s': m((x) => x.typename.rps), 'p50 ms': m((x) => x.typename.p50), 'p99 ms': m((x) => x.typename.p99) },
      { what: 'submitDossier / floor', 'req/s': median(runs.map((x) => x.submit.rps / x.typename.rps)) },
    ];
    printTable(`Submission rate (${ctx.runs} run(s) x ${durationSec} s, medians)`, summary);
    return { name: 'submission-rate', summary, runs, notes: ['autocannon in a child process; API + worker + simulators in the bench process.'] };
  });
}

async function drain(stack: { db: { prisma: any } }, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await stack.db.prisma.dossier.count({ where: { status: 'IN_PROGRESS' } });
    if (open === 0) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
