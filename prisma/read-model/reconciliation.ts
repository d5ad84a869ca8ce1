// What reconciliation (services/reconcile.ts) reads of the read model to compare it with the
// workflows' history, and the one write it needs before replaying that history through the writer
// (dossier-projection.ts). Through Prisma: an operator's batch job, not a hot path.
import type { PrismaClient } from '../database';
import type { StartableDossier } from './reception';

/** The projection's state of a dossier, as compared with the workflow's latest recorded update. */
export interface ProjectedDossier {
  code: string;
  status: string;
  lastEventSeq: number;
  dueAt: Date;
  outcome: string | null;
}

/** Dossiers in code order, `limit` at a time after `after`; only `codes` when given. */
export function projectedDossiers(
  prisma: PrismaClient,
  page: { codes?: string[]; after?: string; limit: number },
): Promise<ProjectedDossier[]> {
  return prisma.dossier.findMany({
    where: page.codes ? { code: { in: page.codes } } : {},
    select: { code: true, status: true, lastEventSeq: true, dueAt: true, outcome: true },
    orderBy: { code: 'asc' },
    take: page.limit,
    ...(page.after ? { skip: 1, cursor: { code: page.after } } : {}),
  });
}

/** The sequence numbers of the dossier's recorded events. */
export async function recordedEventSeqs(prisma: PrismaClient, code: string): Promise<number[]> {
  const events = await prisma.dossierEvent.findMany({ where: { dossierCode: code }, select: { seq: true } });
  return events.map((e) => e.seq);
}

/** What starting the dossier's workflow needs (its submission stopped before it). */
export function startableDossier(prisma: PrismaClient, code: string): Promise<StartableDossier> {
  return prisma.dossier.findUniqueOrThrow({
    where: { code },
    select: {
      code: true,
      workflowId: true,
      idempotencyKey: true,
      submittedAt: true,
      procedureCode: true,
      procedureVersion: true,
      receivedAt: true,
      dueAt: true,
      formData: true,
      // As reception starts it: the workflow's input carries what was handed in.
      components: true,
    },
  });
}

/**
 * Lets the writer apply the dossier's recorded updates again from the first: it only moves the
 * projection forward, so a mismatch at the same sequence number needs this first.
 */
export async function rewindProjection(prisma: PrismaClient, code: string): Promise<void> {
  await prisma.dossier.update({ where: { code }, data: { lastEventSeq: 0 } });
}
