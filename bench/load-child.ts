// Runs one autocannon load point in its own process and prints the result as one JSON line.
// Spawned by httpLoad() in bench/stats.ts with the path of a JSON spec file.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

interface Spec {
  url: string;
  connections: number;
  durationSec: number;
  headers?: Record<string, string>;
  bodies: string[];
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Spec;
  const unique = spec.bodies.map((b) => b.includes('__UNIQUE__'));
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  let graphqlErrors = 0;
  let firstError: string | undefined;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
    pipelining: 1,
    headers: { 'content-type': 'application/json', ...(spec.headers ?? {}) },
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const i = counter++;
          const index = i % spec.bodies.length;
          const body = unique[index]
            ? spec.bodies[index].replaceAll('__UNIQUE__', `${run}-${i}`)
            : spec.bodies[index];
          return { ...req, body };
        },
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) {
            if (status === 200) graphqlErrors++;
            firstError ??= `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  const out = {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.non2xx + result.errors + result.timeouts + graphqlErrors,
    firstError,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
