// `npm run bench` / `npm run bench:quick`: runs the benchmarks against the real stack on loopback,
// prints a table per benchmark and writes bench/results/<timestamp>.json.
//   --quick        tiny sizes, ~3 minutes; proves the benchmarks work, asserts nothing about time
//   --only=a,b     engine-throughput, submission-rate, read-path, statistics, open-dossiers, console, forms, indicators-766, observability-cost, worker-scale
//   --runs=3       repetitions (medians are reported); quick mode defaults to 1
//   --million      read path over 1,000,000 dossiers instead of 100,000
// Sizes can also be set with BENCH_DOSSIERS, BENCH_READ_DOSSIERS, BENCH_STATS_DOSSIERS, BENCH_OPEN_DOSSIERS,
// BENCH_SCALE_DOSSIERS.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { consoleBench } from './console';
import { engineThroughput } from './engine-throughput';
import { forms } from './forms';
import { openDossiers } from './open-dossiers';
import { readPath } from './read-path';
import { runAllCleanups } from './stack';
import { statistics } from './statistics';
import { indicators766 } from './indicators-766';
import type { BenchContext, BenchResult } from './stats';
import { submissionRate } from './submission-rate';
import { observabilityCost } from './observability-cost';
import { workerScale } from './worker-scale';

const BENCHMARKS: Record<string, (ctx: BenchContext) => Promise<BenchResult>> = {
  'engine-throughput': engineThroughput,
  'submission-rate': submissionRate,
  'read-path': readPath,
  statistics,
  'open-dossiers': openDossiers,
  console: consoleBench,
  forms,
  'indicators-766': indicators766,
  'observability-cost': observabilityCost,
  'worker-scale': workerScale,
};

function flag(name: string): string | undefined {
  const arg = process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!arg) return undefined;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : 'true';
}

async function main(): Promise<number> {
  const quick = flag('quick') === 'true';
  const runs = Number(flag('runs') ?? (quick ? 1 : 3));
  const only =
    flag('only')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? Object.keys(BENCHMARKS);
  const unknown = only.filter((n) => !BENCHMARKS[n]);
  if (unknown.length || !Number.isInteger(runs) || runs < 1) {
    console.error(
      `Unknown benchmark(s) ${unknown.join(', ')} or bad --runs; choose among ${Object.keys(BENCHMARKS).join(', ')}`,
    );
    return 2;
  }
  const ctx: BenchContext = {
    quick,
    runs,
    million: flag('million') === 'true',
    log: (line) => console.log(`  [${new Date().toISOString().slice(11, 19)}] ${line}`),
  };
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadavg: os.loadavg(),
  };
  console.log(
    `Liên thông benchmarks${quick ? ' (QUICK: tiny sizes, no timing claims)' : ''}: ${only.join(', ')}; runs=${runs}`,
  );
  console.log(
    `  machine: ${machine.cpus} x ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}, load ${machine.loadavg.map((l) => l.toFixed(2)).join(' ')}`,
  );

  const results: BenchResult[] = [];
  const failures: string[] = [];
  for (const name of only) {
    const started = Date.now();
    console.log(`\n=== ${name} ===`);
    try {
      const result = await BENCHMARKS[name](ctx);
      results.push({
        ...result,
        notes: [...result.notes, `took ${((Date.now() - started) / 1000).toFixed(0)} s`],
      });
    } catch (err) {
      console.error(`  ${name} FAILED:`, err);
      failures.push(name);
      results.push({
        name,
        summary: [],
        runs: [],
        notes: [`FAILED: ${String((err as Error)?.stack ?? err)}`],
      });
    }
    console.log(`  (${name}: ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }

  const dir = path.join(__dirname, 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(
    dir,
    `${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`,
  );
  await writeFile(
    file,
    JSON.stringify(
      { quick, runs, million: ctx.million, machine, argv: process.argv.slice(2), results },
      null,
      2,
    ),
  );
  console.log(`\nResults written to ${path.relative(process.cwd(), file)}`);
  if (failures.length) console.error(`FAILED: ${failures.join(', ')}`);
  return failures.length ? 1 : 0;
}

main()
  .then(async (code) => {
    await runAllCleanups();
    process.exit(code);
  })
  .catch(async (err) => {
    console.error(err);
    await runAllCleanups();
    process.exit(1);
  });
