// The national portal's delivery as the worker runs it, from the configuration: the client of the
// portal at NATIONAL_PORTAL_URL and the loop over the outbox (worker/national-sync-loop.ts).
import { createNationalPortalDelivery } from '../activities/national-portal-delivery';
import { createNationalPortalClient } from '../integrations/national-portal/client';
import type { AppConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { PrismaClient } from '../prisma/database';
import { startNationalSyncLoop, type NationalSyncLoop } from './national-sync-loop';

export function startNationalSync(
  config: Pick<
    AppConfig,
    'NATIONAL_PORTAL_USERNAME' | 'NATIONAL_PORTAL_PASSWORD' | 'NATIONAL_PORTAL_UNIT_CODE'
  >,
  url: string,
  prisma: PrismaClient,
  logger: Logger,
): NationalSyncLoop {
  const client = createNationalPortalClient({
    url,
    username: config.NATIONAL_PORTAL_USERNAME,
    password: config.NATIONAL_PORTAL_PASSWORD,
    unitCode: config.NATIONAL_PORTAL_UNIT_CODE,
  });
  return startNationalSyncLoop({ delivery: createNationalPortalDelivery({ prisma, client }), logger });
}
