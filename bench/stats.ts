// Small helpers shared by the benchmarks: percentiles, medians, tables, bounded concurrency, and
// autocannon (the HTTP load tool, run in a child process).
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
export const median = (values: number[]) => percentile(values, 50);

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export type Row = Record<string, string | number | boolean | null | undefined>;

export function printTable(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  if (rows.length === 0) {
    console.log('  (no rows)');
    return;
  }
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: Row[string]) =>
    v === undefined || v === null ? '' : typeof v === 'number' ? String(round(v)) : String(v);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => '  ' + values.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
}

/** Runs `count` tasks with at most `concurrency` in flight. */
export async function pool<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      results[i] = await task(i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * A closed loop of `concurrency` lanes for `durationMs` (bounded in time and in count) for the
 * non-HTTP floors (raw SQL through pg), measured the way autocannon measures HTTP: per-call latency.
 */
export async function timedLoop(
  concurrency: number,
  durationMs: number,
  call: (i: number) => Promise<unknown>,
  maxCalls = 5_000_000,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end && next < maxCalls) {
        const i = next++;
        const t0 = performance.now();
        try {
          await call(i);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    requests: latencies.length,
    errors,
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
}

export interface HttpLoad {
  url: string;
  connections: number;
  durationSec: number;
  headers?: Record<string, string>;
  /** GraphQL bodies, cycled through; every `__UNIQUE__` is replaced by a value unique to the request. */
  bodies: Array<{ query: string; variables?: Record<string, unknown> }>;
}

/**
 * POSTs GraphQL with autocannon on loopback, from a CHILD process (bench/load-child.ts) so the load
 * generator does not share the event loop of the API it measures. Latency p50/p99 in ms; errors
 * count non-2xx answers, socket errors, timeouts and GraphQL errors inside 200 answers.
 */
export async function httpLoad(load: HttpLoad): Promise<LoadResult> {
  const url = new URL(load.url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`refusing to load a non-loopback address ${url.host}`);
  const specFile = path.join(os.tmpdir(), `lien-thong-bench-load-${process.pid}-${Date.now()}.json`);
  await writeFile(specFile, JSON.stringify({ ...load, bodies: load.bodies.map((b) => JSON.stringify(b)) }));
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'load-child.ts'), specFile],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), (load.durationSec + 60) * 1000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(killer);
    if (code !== 0) throw new Error(`load child exited with ${code}: ${out.slice(-500)}`);
    const result = JSON.parse(out.trim().split('\n').pop()!) as LoadResult & { firstError?: string };
    if (result.firstError) console.warn(`  first error answer: ${result.firstError}`);
    return {
      rps: result.rps,
      p50: result.p50,
      p99: result.p99,
      requests: result.requests,
      errors: result.errors,
    };
  } finally {
    await rm(specFile, { force: true });
  }
}

export interface BenchContext {
  quick: boolean;
  runs: number;
  million: boolean;
  log(line: string): void;
}

export interface BenchResult {
  name: string;
  skipped?: string;
  /** Medians over runs, ratios vs the baselines, and what each run measured. */
  summary: Row[];
  runs: unknown[];
  notes: string[];
}
