// The catalog: `agency`, `procedure` and `procedure_version`, through Prisma (administrators' writes
// and small lookups; the API's own catalog reads are Pothos resolvers in graphql/schema). The
// services in services/catalog validate what administrators send; this stores it.
import { isDeepStrictEqual } from 'node:util';
import type { ProcedureDefinition } from '../../domain/procedure/types';
import type { Agency, Prisma } from '../generated/client/client';
import type { PrismaClient } from '../database';

export async function agencyExists(prisma: PrismaClient, code: string): Promise<boolean> {
  return (await prisma.agency.findUnique({ where: { code }, select: { code: true } })) !== null;
}

export async function agencyCodes(prisma: PrismaClient): Promise<string[]> {
  return (await prisma.agency.findMany({ select: { code: true } })).map((a) => a.code);
}

/** Where the agency's system takes work items; null when it has none (or there is no such agency). */
export async function agencyEndpointUrl(prisma: PrismaClient, code: string): Promise<string | null> {
  const agency = await prisma.agency.findUnique({ where: { code }, select: { endpointUrl: true } });
  return agency?.endpointUrl ?? null;
}

/** The current version of each procedure the filter selects: what `procedures` lists. */
export function currentProcedureVersions(
  prisma: PrismaClient,
  filter: Pick<Prisma.ProcedureWhereInput, 'field' | 'receivingAgencyCode' | 'onlineLevel'>,
): Promise<{ code: string; currentVersion: number }[]> {
  return prisma.procedure.findMany({ where: filter, select: { code: true, currentVersion: true } });
}

/** The procedure's current version number; null when there is no such procedure. */
export async function currentProcedureVersion(prisma: PrismaClient, code: string): Promise<number | null> {
  return (
    (await prisma.procedure.findUnique({ where: { code }, select: { currentVersion: true } }))
      ?.currentVersion ?? null
  );
}

export function saveAgency(
  prisma: PrismaClient,
  { code, ...data }: Pick<Agency, 'code' | 'name' | 'level' | 'parentCode' | 'endpointUrl'>,
): Promise<Agency> {
  return prisma.agency.upsert({ where: { code }, create: { code, ...data }, update: data });
}

/**
 * Saves a validated definition as the procedure's next version, unless it is identical to the latest
 * one (then nothing is written: `created` false). One transaction, the procedure's row locked, so two
 * administrators saving at once get consecutive versions.
 */
export function saveProcedureDefinition(prisma: PrismaClient, definition: ProcedureDefinition) {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM procedure WHERE code = ${definition.code} FOR UPDATE`;
    const current = await tx.procedure.findUnique({
      where: { code: definition.code },
      include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
    const latest = current?.versions[0];
    if (current && latest && isDeepStrictEqual(latest.definition, JSON.parse(JSON.stringify(definition)))) {
      return { procedure: current, version: latest.version, created: false };
    }
    const version = (current?.currentVersion ?? 0) + 1;
    const fields = procedureColumns(definition, version);
    const procedure = await tx.procedure.upsert({
      where: { code: definition.code },
      create: { code: definition.code, ...fields },
      update: fields,
    });
    await tx.procedureVersion.create({
      data: { procedureCode: definition.code, version, definition: definition as object },
    });
    return { procedure, version, created: true };
  });
}

/** The `procedure` row's summary of its current version, for listings without the definition. */
function procedureColumns(definition: ProcedureDefinition, version: number) {
  return {
    name: definition.name,
    field: definition.field ?? null,
    level: definition.level ?? null,
    onlineLevel: definition.onlineLevel,
    feeVnd: definition.feeVnd ?? null,
    totalWorkingDays: definition.totalWorkingDays,
    receivingAgencyCode: definition.receivingAgencyCode,
    currentVersion: version,
  };
}
