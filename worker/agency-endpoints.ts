// Where each agency's system is (the catalog) and the secret its requests are signed with (the
// environment, or the public dev derivation outside production).
import { agencySecretFromEnv } from '../integrations/agency-protocol/secrets';
import type { AgencyEndpoint } from '../activities/agency-delivery';
import type { PrismaClient } from '../prisma/database';
import { agencyEndpointUrl } from '../prisma/read-model/catalog';
import { ApplicationFailure } from '@temporalio/activity';
import { AGENCY_NOT_CONFIGURED } from '../domain/contract/agency-answer';

const CACHE_MS = 30_000;

export function createAgencyEndpointResolver(prisma: PrismaClient, env: NodeJS.ProcessEnv = process.env) {
  const cache = new Map<string, { endpoint: AgencyEndpoint; until: number }>();
  return async (agencyCode: string): Promise<AgencyEndpoint> => {
    const hit = cache.get(agencyCode);
    if (hit && hit.until > Date.now()) return hit.endpoint;
    const url = await agencyEndpointUrl(prisma, agencyCode);
    if (!url) {
      throw ApplicationFailure.create({
        type: AGENCY_NOT_CONFIGURED,
        nonRetryable: true,
        message: `Agency ${agencyCode} has no system endpoint (endpointUrl) in the catalog`,
      });
    }
    const endpoint = { url, secret: agencySecretFromEnv(agencyCode, env) };
    cache.set(agencyCode, { endpoint, until: Date.now() + CACHE_MS });
    return endpoint;
  };
}
