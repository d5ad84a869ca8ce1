// The printed forms of a dossier: which exist, when each applies, and who may print which.
// Citizens (code and lookup key) and portals on their behalf get the papers addressed to the
// applicant; an agency gets the papers that concern its steps (the receiving desk: all of the
// dossier's); supervisors and administrators get everything, the register included.
import type { Principal } from '../../domain/principal';

export const DOSSIER_FORM_KINDS = [
  'receipt',
  'supplement-request',
  'refusal',
  'apology',
  'stop-notice',
  'control-sheet',
] as const;
export type DossierFormKind = (typeof DOSSIER_FORM_KINDS)[number];

export const isDossierFormKind = (kind: string): kind is DossierFormKind =>
  (DOSSIER_FORM_KINDS as readonly string[]).includes(kind);

const APPLICANT_FORMS = new Set<DossierFormKind>([
  'receipt',
  'supplement-request',
  'refusal',
  'apology',
  'stop-notice',
]);

/** What deciding applicability and access needs to know of a dossier. */
export interface DossierFormState {
  status: string;
  receivingAgencyCode: string;
  stepAgencies: string[];
  /** The agency that asked for the supplement, if one was asked for. */
  supplementAgency?: string;
  /** The agency that refused, if refused. */
  refusalAgency?: string;
  /** The agency of the latest apology letter, if any. */
  apologyAgency?: string;
}

/** Whether the form applies to the dossier as it stands; when not, why (FORM_NOT_APPLICABLE). */
export function notApplicableBecause(kind: DossierFormKind, d: DossierFormState): string | undefined {
  switch (kind) {
    case 'supplement-request':
      return d.supplementAgency ? undefined : 'No supplement was requested for this dossier';
    case 'refusal':
      return d.status === 'REFUSED' ? undefined : `The dossier is ${d.status}, not refused`;
    case 'apology':
      return d.apologyAgency ? undefined : 'No apology letter was issued for this dossier (it is not late)';
    case 'stop-notice':
      return d.status === 'STOPPED' || d.status === 'WITHDRAWN'
        ? undefined
        : `The dossier is ${d.status}, neither stopped nor withdrawn`;
    default:
      return undefined;
  }
}

/** The caller's right to the dossier at all; an agency with no part in it does not see it. */
export function seesDossier(principal: Principal | null, d: DossierFormState): boolean {
  if (!principal || principal.role !== 'AGENCY') return true;
  const agency = principal.agencyCode;
  return agency === d.receivingAgencyCode || (!!agency && d.stepAgencies.includes(agency));
}

/** Whether the caller (null: a citizen who gave the right lookup key) may print this form of the dossier. */
export function mayPrint(principal: Principal | null, kind: DossierFormKind, d: DossierFormState): boolean {
  if (!principal || principal.role === 'PORTAL') return APPLICANT_FORMS.has(kind);
  if (principal.role === 'SUPERVISOR' || principal.role === 'ADMIN') return true;
  const agency = principal.agencyCode;
  if (!agency || !seesDossier(principal, d)) return false;
  if (agency === d.receivingAgencyCode) return true;
  switch (kind) {
    case 'control-sheet':
      return true;
    case 'supplement-request':
      return d.supplementAgency === agency;
    case 'refusal':
      return d.refusalAgency === agency;
    case 'apology':
      return d.apologyAgency === agency;
    default:
      return false;
  }
}

/** The register of a desk: supervisors and administrators for any desk, an agency and its desk officers for their own. */
export function mayPrintRegister(principal: Principal | null, agencyCode: string): boolean {
  if (!principal) return false;
  if (principal.role === 'SUPERVISOR' || principal.role === 'ADMIN') return true;
  return (principal.role === 'AGENCY' || principal.role === 'DESK') && principal.agencyCode === agencyCode;
}

/** Where a form is served (relative to the API server). */
export const formPath = (dossierCode: string, kind: DossierFormKind) =>
  `/forms/${encodeURIComponent(dossierCode)}/${kind}.pdf`;

export interface FormLink {
  kind: DossierFormKind;
  /** Path on the API server; citizens add `?key=<lookup key>`. */
  url: string;
  /** The form applies to the dossier as it stands (else FORM_NOT_APPLICABLE). */
  available: boolean;
}

/** The dossier's forms this caller may print, each with its URL and whether it applies yet. */
export function formLinks(principal: Principal | null, code: string, d: DossierFormState): FormLink[] {
  return DOSSIER_FORM_KINDS.filter((kind) => mayPrint(principal, kind, d)).map((kind) => ({
    kind,
    url: formPath(code, kind),
    available: notApplicableBecause(kind, d) === undefined,
  }));
}
