// What an action on a dossier checks in the read model before it goes to the workflow
// (services/actions/dossier-actions.ts, graphql/act-on-dossier.ts): that the dossier exists, its
// lookup key's hash for an anonymous applicant, and which dossier an escalation is about. Through
// Prisma: one primary-key read each.
import type { PrismaClient } from '../database';

export function dossierForAction(
  prisma: PrismaClient,
  code: string,
): Promise<{ code: string; lookupKeyHash: string } | null> {
  return prisma.dossier.findUnique({ where: { code }, select: { code: true, lookupKeyHash: true } });
}

/** The dossier an escalation was raised about; null when there is no such escalation. */
export async function escalationDossierCode(
  prisma: PrismaClient,
  escalationId: string,
): Promise<string | null> {
  const escalation = await prisma.escalation.findUnique({
    where: { id: escalationId },
    select: { dossierCode: true },
  });
  return escalation?.dossierCode ?? null;
}
