// Which dossiers and steps a list shows, as Prisma `where` inputs: the GraphQL resolvers spread them
// into their queries (`dossier`, `dossiers`, `agencyInbox`, `dossierUpdated`) beside the client's selection.
import type { Principal } from '../../domain/principal';
import type { PrismaClient } from '../database';
import type { Prisma } from '../generated/client/client';
import type { DossierStatus, StepStatus } from '../generated/client/enums';

/**
 * Which dossiers a principal may read. An AGENCY caller sees the dossiers its agency received or has
 * (had) a step in; a DESK caller (the agency's one-stop desk) the dossiers its agency received;
 * portals, supervisors and administrators see every dossier. Combine with the
 * caller's own `where`: a dossier outside it reads as absent (null), the same answer as an unknown
 * code, so an agency cannot learn which codes exist elsewhere.
 */
export function dossiersVisibleTo(principal: Principal | null): Prisma.DossierWhereInput {
  if (principal?.role === 'DESK') return { receivingAgencyCode: principal.agencyCode ?? '' };
  if (principal?.role !== 'AGENCY') return {};
  // An AGENCY key without an agency cannot be created; should one exist, it sees nothing.
  const agencyCode = principal.agencyCode ?? '';
  return { OR: [{ receivingAgencyCode: agencyCode }, { steps: { some: { agencyCode } } }] };
}

/** The last event's sequence number of a dossier the principal may read; null when it may not, or there is none. */
export async function visibleDossierSeq(
  prisma: PrismaClient,
  code: string,
  principal: Principal | null,
): Promise<number | null> {
  const dossier = await prisma.dossier.findFirst({
    where: { AND: [{ code }, dossiersVisibleTo(principal)] },
    select: { lastEventSeq: true },
  });
  return dossier?.lastEventSeq ?? null;
}

/** The `dossiers` list's filter; every condition given must hold. */
export interface DossierFilter {
  /** Any of these statuses. */
  status?: DossierStatus[] | null;
  /** Dossiers the agency received or has (had) a step in. */
  agencyCode?: string | null;
  procedureCode?: string | null;
  /** true: overdue now or completed LATE; false: every other dossier. */
  late?: boolean | null;
  /** Received at or after (inclusive). */
  receivedFrom?: Date | null;
  /** Received before (exclusive). */
  receivedTo?: Date | null;
  /** Due before this instant (exclusive). */
  dueBefore?: Date | null;
  /** true: handed back at the desk; false: not yet. */
  resultReturned?: boolean | null;
}

/** The dossiers `principal` may read that match `filter`, with lateness judged at `now`. */
export function dossierWhere(
  filter: DossierFilter | null | undefined,
  principal: Principal | null,
  now: Date,
): Prisma.DossierWhereInput {
  const and: Prisma.DossierWhereInput[] = [dossiersVisibleTo(principal)];
  if (filter?.status) and.push({ status: { in: filter.status } });
  if (filter?.procedureCode != null) and.push({ procedureCode: filter.procedureCode });
  if (filter?.agencyCode != null) {
    const agencyCode = filter.agencyCode;
    and.push({ OR: [{ receivingAgencyCode: agencyCode }, { steps: { some: { agencyCode } } }] });
  }
  if (filter?.receivedFrom || filter?.receivedTo) {
    and.push({
      receivedAt: {
        ...(filter.receivedFrom ? { gte: filter.receivedFrom } : {}),
        ...(filter.receivedTo ? { lt: filter.receivedTo } : {}),
      },
    });
  }
  if (filter?.dueBefore) and.push({ dueAt: { lt: filter.dueBefore } });
  if (filter?.resultReturned != null)
    and.push({ resultReturnedAt: filter.resultReturned ? { not: null } : null });
  if (filter?.late != null) {
    // Completed dossiers always carry an outcome, so NOT needs no care for NULLs here.
    const late: Prisma.DossierWhereInput = {
      OR: [
        { status: 'IN_PROGRESS', dueAt: { lt: now } },
        { status: 'COMPLETED', outcome: 'LATE' },
      ],
    };
    and.push(filter.late ? late : { NOT: late });
  }
  return { AND: and };
}

/** An agency's inbox: its steps in any of `status`. */
export function inboxWhere(
  principal: Principal | null,
  status: readonly StepStatus[],
): Prisma.DossierStepWhereInput {
  // Only AGENCY keys reach the inbox (its authScopes); one without an agency sees nothing.
  return { agencyCode: principal?.agencyCode ?? '', status: { in: [...status] } };
}
