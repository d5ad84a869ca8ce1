// Loads the sample catalog (agencies and procedures modelled on real Vietnamese ones) through the
// same services administrators use. Idempotent: an unchanged procedure gets no new version.
import { SAMPLE_AGENCIES } from '../../domain/catalog/sample-agencies';
import { SAMPLE_PROCEDURES } from '../../domain/catalog/sample-procedures';
import type { PrismaClient } from '../../prisma/database';
import { upsertAgency } from './agencies';
import { upsertProcedure } from './procedures';

/** `endpoints`: base URL of each agency's system (the simulators in development). */
export async function seedSampleCatalog(prisma: PrismaClient, endpoints: Record<string, string> = {}) {
  // Parents first, so every parentCode exists when its child is saved.
  const pending = [...SAMPLE_AGENCIES];
  const saved = new Set<string>();
  while (pending.length) {
    const index = pending.findIndex((a) => !a.parentCode || saved.has(a.parentCode));
    if (index < 0)
      throw new Error(
        `Sample agencies have an unknown or circular parent: ${pending.map((a) => a.code).join(', ')}`,
      );
    const [agency] = pending.splice(index, 1);
    await upsertAgency(prisma, { ...agency, endpointUrl: endpoints[agency.code] ?? agency.endpointUrl });
    saved.add(agency.code);
  }
  let created = 0;
  for (const procedure of SAMPLE_PROCEDURES) {
    if ((await upsertProcedure(prisma, procedure)).created) created += 1;
  }
  return { agencies: SAMPLE_AGENCIES.length, procedures: SAMPLE_PROCEDURES.length, newVersions: created };
}
