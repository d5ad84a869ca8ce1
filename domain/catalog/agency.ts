// Shape of an agency in the catalog, as pinned by `upsertAgency(input: { code, name, level,
// parentCode, endpointUrl })`. Agency codes prefix receipt codes `AGENCY-YYMMDD-NNNN`, so they must not
// contain "-" (the separator) and are kept short and ASCII.
import type { AdminLevel } from '../procedure/types';

export const AGENCY_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,15}$/;

export interface AgencyInput {
  code: string;
  /** Official name in Vietnamese. */
  name: string;
  level: AdminLevel;
  /** The supervising body: where escalations climb at level 2. */
  parentCode?: string;
  endpointUrl?: string;
}

/** Directory for `validateProcedure`, built from a list of agencies. */
export function agencyDirectory(agencies: ReadonlyArray<Pick<AgencyInput, 'code'>>): Set<string> {
  return new Set(agencies.map((a) => a.code));
}
