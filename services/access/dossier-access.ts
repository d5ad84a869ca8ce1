// Which dossiers a principal may read. An AGENCY key sees the dossiers its agency received or has
// (had) a step in; portals, supervisors and administrators see every dossier. As a Prisma filter,
// so single reads and lists (`dossier`, later `dossiers`) apply the same rule inside the query.
import type { Prisma } from '../../prisma/generated/client/client';
import type { Principal } from './principal';

/**
 * Combine with the caller's own `where`. A dossier outside the filter reads as absent (null), the
 * same answer as an unknown code, so an agency cannot learn which codes exist elsewhere.
 */
export function dossiersVisibleTo(principal: Principal | null): Prisma.DossierWhereInput {
  if (principal?.role !== 'AGENCY') return {};
  // An AGENCY key without an agency cannot be created; should one exist, it sees nothing.
  const agencyCode = principal.agencyCode ?? '';
  return { OR: [{ receivingAgencyCode: agencyCode }, { steps: { some: { agencyCode } } }] };
}
