// Procedure definitions are versioned and immutable: every change is a new version, and a running
// dossier keeps the version it started with. Re-sending an identical definition creates nothing.
import { DomainError } from '../../domain/errors';
import { validateProcedure } from '../../domain/procedure/validate';
import type { PrismaClient } from '../../prisma/database';
import { agencyCodes, saveProcedureDefinition } from '../../prisma/read-model/catalog';

/** The engine's rules, against the agencies that exist now. */
const validate = async (prisma: PrismaClient, raw: unknown) =>
  validateProcedure(raw, new Set(await agencyCodes(prisma)));

/** What is wrong with a definition, as publishing it would say, without saving anything. */
export async function procedureProblems(prisma: PrismaClient, raw: unknown) {
  const validation = await validate(prisma, raw);
  return validation.ok ? [] : validation.errors;
}

export async function upsertProcedure(prisma: PrismaClient, raw: unknown) {
  const validation = await validate(prisma, raw);
  if (!validation.ok) {
    throw new DomainError(
      'VALIDATION_FAILED',
      validation.errors.map((e) => `${e.path || 'input'}: ${e.message}`).join('; '),
      { errors: validation.errors },
    );
  }
  return saveProcedureDefinition(prisma, validation.definition);
}
