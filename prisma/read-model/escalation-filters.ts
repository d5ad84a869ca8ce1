// Which escalations the `escalations` list shows, as a Prisma `where` input its resolver spreads
// into its query beside the client's selection.
import type { Principal } from '../../domain/principal';
import type { Prisma } from '../generated/client/client';
import type { EscalationStatus } from '../generated/client/enums';

/** Supervisors and administrators see every escalation; an agency those it is responsible for or addressed. */
function escalationsVisibleTo(principal: Principal | null): Prisma.EscalationWhereInput {
  if (principal?.role !== 'AGENCY') return {};
  const agencyCode = principal.agencyCode ?? '';
  return { OR: [{ agencyCode }, { targetAgencyCode: agencyCode }] };
}

/** The `escalations` list's filter; every condition given must hold. */
export interface EscalationFilter {
  /** Any of these statuses. */
  status?: EscalationStatus[] | null;
  level?: number | null;
  /** The responsible agency. */
  agencyCode?: string | null;
  /** The agency the escalation is addressed to. */
  targetAgencyCode?: string | null;
  dossierCode?: string | null;
}

/** The escalations `principal` may read that match `filter`. */
export function escalationWhere(
  filter: EscalationFilter | null | undefined,
  principal: Principal | null,
): Prisma.EscalationWhereInput {
  const and: Prisma.EscalationWhereInput[] = [escalationsVisibleTo(principal)];
  if (filter?.status) and.push({ status: { in: filter.status } });
  if (filter?.level != null) and.push({ level: filter.level });
  if (filter?.agencyCode != null) and.push({ agencyCode: filter.agencyCode });
  if (filter?.targetAgencyCode != null) and.push({ targetAgencyCode: filter.targetAgencyCode });
  if (filter?.dossierCode != null) and.push({ dossierCode: filter.dossierCode });
  return { AND: and };
}
