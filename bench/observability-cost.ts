// 6. What observability costs: engine throughput (as in 1.) and the submission rate (as in 2.,
// engine running) with metrics and tracing ON against OFF, in the same run, alternating which goes
// first. OFF: METRICS_ENABLED=false (recorders do nothing) and no tracing. ON: metrics recorded and
// scraped once a second from the API's /metrics (as a Prometheus would, much more often than one
// does), and every span exported over OTLP/HTTP in batches to a local collector stand-in that
// accepts and discards them; the workflows run the tracing interceptors (their bundle has them).
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { setMetricsEnabled } from '../platform/observability/metrics';
import { startTracing } from '../platform/observability/tracing';
import { ourRun, submitInput, submitMany, waitCompletedAny } from './engine-throughput';
import { BENCH_PROCEDURE_CODE, withStack } from './stack';
import { httpLoad, median, printTable, type BenchContext, type BenchResult, type Row } from './stats';

const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { dossier { code dueAt } lookupKey } }`;

/** An OTLP/HTTP endpoint that reads each export and answers 200: the collector's side of the wire. */
async function collectorStandIn(): Promise<{ url: string; spans: () => number; close(): Promise<void> }> {
  let bytes = 0;
  const server: Server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
    spans: () => bytes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface Point {
  perSecond: number;
  p50: number;
  submitRps: number;
  submitP99: number;
  exportedBytes: number;
}

async function measure(ctx: BenchContext, on: boolean, n: number, durationSec: number): Promise<Point> {
  setMetricsEnabled(on);
  const collector = on ? await collectorStandIn() : undefined;
  const tracing = collector
    ? startTracing({
        serviceName: 'lien-thong-bench',
        spanProcessor: new BatchSpanProcessor(new OTLPTraceExporter({ url: collector.url })),
      })
    : undefined;
  try {
    return await withStack({ log: ctx.log }, async (stack) => {
      const metricsUrl = stack.api.url.replace('/graphql', '/metrics');
      const scraper = on
        ? setInterval(
            () =>
              void fetch(metricsUrl).then(
                (r) => r.text(),
                () => undefined,
              ),
            1000,
          )
        : undefined;
      try {
        await submitMany(stack, 10, `warm-${randomUUID().slice(0, 8)}`);
        await waitCompletedAny(stack, 10);
        const engine = await ourRun(stack, n);
        const headers = { authorization: `Bearer ${stack.portalKey}` };
        const body = {
          query: SUBMIT,
          variables: { input: submitInput(BENCH_PROCEDURE_CODE, 'obs-__UNIQUE__') },
        };
        await httpLoad({ url: stack.api.url, connections: 4, durationSec: 2, headers, bodies: [body] });
        const submit = await httpLoad({
          url: stack.api.url,
          connections: 16,
          durationSec,
          headers,
          bodies: [body],
        });
        if (submit.errors > 0) throw new Error(`observability-cost: ${submit.errors} failed submissions`);
        await tracing?.spanProcessor.forceFlush();
        const point = {
          perSecond: engine.perSecond,
          p50: engine.p50,
          submitRps: submit.rps,
          submitP99: submit.p99,
          exportedBytes: collector?.spans() ?? 0,
        };
        ctx.log(
          `observability ${on ? 'ON ' : 'OFF'}: engine ${point.perSecond.toFixed(1)} dossiers/s (p50 ${point.p50} ms), submit ${point.submitRps.toFixed(0)} req/s (p99 ${point.submitP99} ms)${on ? `, ${(point.exportedBytes / 1e6).toFixed(1)} MB of spans exported` : ''}`,
        );
        return point;
      } finally {
        if (scraper) clearInterval(scraper);
      }
    });
  } finally {
    await tracing?.shutdown();
    await collector?.close();
    setMetricsEnabled(true);
  }
}

export async function observabilityCost(ctx: BenchContext): Promise<BenchResult> {
  const n = ctx.quick ? 40 : Number(process.env.BENCH_OBS_DOSSIERS ?? 500);
  const durationSec = ctx.quick ? 3 : 10;
  const runs: Array<{ off: Point; on: Point }> = [];
  for (let r = 0; r < ctx.runs; r++) {
    // Alternate which goes first, so neither always meets a warmer machine.
    const first = r % 2 === 0 ? false : true;
    const a = await measure(ctx, first, n, durationSec);
    const b = await measure(ctx, !first, n, durationSec);
    runs.push(first ? { on: a, off: b } : { off: a, on: b });
  }
  const m = (f: (x: (typeof runs)[number]) => number) => median(runs.map(f));
  const summary: Row[] = [
    {
      what: `OFF: ${n} dossiers via API; submitDossier @16`,
      'done/s': m((x) => x.off.perSecond),
      'p50 ms': m((x) => x.off.p50),
      'submit/s': m((x) => x.off.submitRps),
      'submit p99 ms': m((x) => x.off.submitP99),
    },
    {
      what: 'ON: metrics + tracing (OTLP export)',
      'done/s': m((x) => x.on.perSecond),
      'p50 ms': m((x) => x.on.p50),
      'submit/s': m((x) => x.on.submitRps),
      'submit p99 ms': m((x) => x.on.submitP99),
    },
    {
      what: 'ON / OFF (median of per-run ratios)',
      'done/s': median(runs.map((x) => x.on.perSecond / x.off.perSecond)),
      'submit/s': median(runs.map((x) => x.on.submitRps / x.off.submitRps)),
    },
  ];
  printTable(`Observability cost (${ctx.runs} run(s), each setting on its own stack, medians)`, summary);
  return {
    name: 'observability-cost',
    summary,
    runs,
    notes: [
      'Each setting on a fresh stack (its own database and Temporal dev server), alternating which goes first.',
      'ON: /metrics scraped every second; spans batched to a local OTLP/HTTP stand-in that discards them.',
    ],
  };
}
