// Who is calling the API. Every API key belongs to a principal with a role; AGENCY principals act
// for one agency. Anonymous callers have no principal.
import type { Actor } from './contract/dossier-workflow';

export type Role = 'PORTAL' | 'AGENCY' | 'SUPERVISOR' | 'ADMIN';

export interface Principal {
  /** The API key's id: recorded as the acting principal in the audit trail. */
  id: string;
  role: Role;
  agencyCode?: string;
  label?: string;
}

/** The actor the dossier workflow sees: anonymous callers act as the applicant themselves. */
export function actorOf(principal: Principal | null): Actor {
  if (!principal) return { kind: 'APPLICANT', id: 'applicant' };
  return {
    kind: principal.role,
    id: principal.id,
    ...(principal.agencyCode ? { agencyCode: principal.agencyCode } : {}),
  };
}
