// Procedure definitions are versioned and immutable: every change is a new version, and a running
// dossier keeps the version it started with. Re-sending an identical definition creates nothing.
import { DomainError } from '../../domain/errors';
import { validateProcedure } from '../../domain/procedure/validate';
import type { PrismaClient } from '../../prisma/database';
import { agencyCodes, saveProcedureDefinition } from '../../prisma/read-model/catalog';

/** What is wrong with a definition, as publishing it would say, without saving anything. */
export async function procedureProblems(prisma: PrismaClient, raw: unknown) {
  const validation = validateProcedure(raw, new Set(await agencyCodes(prisma)));
  return validation.ok ? [] : validation.errors;
}

export async function upsertProcedure(prisma: PrismaClient, raw: unknown) {
  const agencies = new Set(await agencyCodes(prisma));
  const validation = validateProcedure(raw, agencies);
  if (!validation.ok) {
    throw new DomainError(
      'VALIDATION_FAILED',
      validation.errors.map((e) => `${e.path || 'input'}: ${e.message}`).join('; '),
      { errors: validation.errors },
    );
  }
  return saveProcedureDefinition(prisma, validation.definition);
}
