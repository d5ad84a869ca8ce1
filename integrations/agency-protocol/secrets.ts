/**
 * Shared secrets between the engine and agency systems.
 *
 * `devAgencySecret` derives a secret from the agency code so that the engine and the simulators agree
 * without any configuration in dev and tests. It is DEV ONLY: anyone who reads this file can compute
 * it. In production each agency's secret is provisioned out of band (e.g. `AGENCY_SECRET_<CODE>`).
 */
import { createHash } from 'node:crypto';

const DEV_SECRET_CONTEXT = 'lien-thong/dev-agency-secret/v1';

/** DEV ONLY: a deterministic, public secret for the agency `code`. Never use it in production. */
export function devAgencySecret(code: string): string {
  return createHash('sha256').update(`${DEV_SECRET_CONTEXT}:${code}`, 'utf8').digest('hex');
}

/** Name of the environment variable holding the agency's secret: `AGENCY_SECRET_<CODE>`, non-alphanumerics as `_`. */
export function agencySecretEnvName(code: string): string {
  return `AGENCY_SECRET_${code.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The agency's secret from the environment, or the dev derivation when `allowDevFallback` is true.
 * Throws when neither is available, so a production deployment cannot silently run on public secrets.
 */
export function agencySecretFromEnv(
  code: string,
  env: NodeJS.ProcessEnv = process.env,
  allowDevFallback: boolean = env.NODE_ENV !== 'production',
): string {
  const configured = env[agencySecretEnvName(code)];
  if (configured) return configured;
  if (allowDevFallback) return devAgencySecret(code);
  throw new Error(
    `${agencySecretEnvName(code)} is not set and dev secrets are disabled (NODE_ENV=production)`,
  );
}
