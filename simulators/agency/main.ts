/**
 * Dev entry point: starts one simulated agency system per agency code and prints their URLs.
 *
 *   AGENCY_CODES         comma list of agency codes (default: every agency of the sample catalog)
 *   AGENCY_SECRET_<CODE> shared secret per agency; without it the DEV ONLY derived secret is used
 *                        (refused when NODE_ENV=production)
 *   SIMULATOR_BASE_PORT  first port; agency i listens on base + i (default 4100; 0 = random ports)
 *   SIMULATOR_HOST       interface to bind (default 127.0.0.1)
 *   SIMULATOR_SEED       PRNG seed for random failures (default 1)
 *   SIMULATOR_CONTROL    "false" to disable the /_sim/* control endpoints
 */
import { startAgencyFleet } from './fleet';
import { agencySecretFromEnv } from '../../integrations/agency-protocol/secrets';
import { SAMPLE_AGENCIES } from '../../domain/catalog/sample-agencies';

const DEFAULT_AGENCY_CODES = SAMPLE_AGENCIES.map((a) => a.code);

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

async function run(): Promise<void> {
  const codes = (process.env.AGENCY_CODES ?? DEFAULT_AGENCY_CODES.join(','))
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  if (codes.length === 0) throw new Error('AGENCY_CODES lists no agency');
  const fleet = await startAgencyFleet({
    agencies: codes.map((code) => ({ code, secret: agencySecretFromEnv(code) })),
    basePort: intFromEnv('SIMULATOR_BASE_PORT', 4100),
    host: process.env.SIMULATOR_HOST ?? '127.0.0.1',
    seed: intFromEnv('SIMULATOR_SEED', 1),
    control: process.env.SIMULATOR_CONTROL !== 'false',
  });
  for (const [code, url] of Object.entries(fleet.urls)) console.log(`${code}\t${url}`);
  const shutdown = (): void => {
    fleet.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
