// Who is calling the API. Systems (portals, agency systems) authenticate with API keys; people sign
// in with accounts (a cookie session). Either way the caller is a principal with a role; AGENCY and
// DESK principals act for one agency. A principal from an account also carries the person: their
// name and title are recorded with what they do and printed in the forms' signature blocks.
// Anonymous callers have no principal.
import type { Actor } from './contract/dossier-workflow';

export type Role = 'PORTAL' | 'AGENCY' | 'DESK' | 'SUPERVISOR' | 'ADMIN';
export const ROLES: readonly Role[] = ['PORTAL', 'AGENCY', 'DESK', 'SUPERVISOR', 'ADMIN'];
/** The roles that belong to one agency: AGENCY officers (its steps) and DESK officers (its one-stop desk). */
export const AGENCY_ROLES: readonly Role[] = ['AGENCY', 'DESK'];

/** The person behind an account: what the trail records and the forms print. */
export interface Person {
  username: string;
  name: string;
  /** Chức vụ, e.g. "Chuyên viên". */
  title: string;
}

export interface Principal {
  /** The API key's id or the account's id: recorded as the acting principal in the audit trail. */
  id: string;
  role: Role;
  agencyCode?: string;
  label?: string;
  /** Present when a person signed in with an account; absent for API keys. */
  person?: Person;
}

/** The actor the dossier workflow sees: anonymous callers act as the applicant themselves. */
export function actorOf(principal: Principal | null): Actor {
  if (!principal) return { kind: 'APPLICANT', id: 'applicant' };
  return {
    kind: principal.role,
    id: principal.id,
    ...(principal.agencyCode ? { agencyCode: principal.agencyCode } : {}),
    ...(principal.person ? { person: { name: principal.person.name, title: principal.person.title } } : {}),
  };
}

/** How an actor appears in the trail: role, agency and principal id, never a person's name. */
export const actorLabel = (a: Actor) => [a.kind, a.agencyCode, a.id].filter(Boolean).join(':');
