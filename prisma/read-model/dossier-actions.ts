// What an action on a dossier checks in the read model before it goes to the workflow
// (services/actions/dossier-actions.ts): that the dossier exists, and its lookup key's hash for an
// anonymous applicant. Through Prisma: one primary-key read.
import type { PrismaClient } from '../database';

export function dossierForAction(
  prisma: PrismaClient,
  code: string,
): Promise<{ code: string; lookupKeyHash: string } | null> {
  return prisma.dossier.findUnique({ where: { code }, select: { code: true, lookupKeyHash: true } });
}
