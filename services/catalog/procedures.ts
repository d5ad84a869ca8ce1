// Procedure definitions are versioned and immutable: every change is a new version, and a running
// dossier keeps the version it started with. Re-sending an identical definition creates nothing.
import { isDeepStrictEqual } from 'node:util';
import { DomainError } from '../../domain/errors';
import type { ProcedureDefinition } from '../../domain/procedure/types';
import { validateProcedure } from '../../domain/procedure/validate';
import type { PrismaClient } from '../../prisma/database';

export async function upsertProcedure(prisma: PrismaClient, raw: unknown) {
  const agencies = new Set((await prisma.agency.findMany({ select: { code: true } })).map((a) => a.code));
  const validation = validateProcedure(raw, agencies);
  if (!validation.ok) {
    throw new DomainError(
      'VALIDATION_FAILED',
      validation.errors.map((e) => `${e.path || 'input'}: ${e.message}`).join('; '),
      { errors: validation.errors },
    );
  }
  const definition = validation.definition;
  return prisma.$transaction(async (tx) => {
    // Lock the row so two administrators saving at once get consecutive versions.
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
    const fields = summary(definition, version);
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

function summary(definition: ProcedureDefinition, version: number) {
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
