// The public tracking view of one dossier (what `trackDossier` shows the applicant), read in ONE SQL
// statement: the dossier, its steps and apology letters, the names of the agencies involved and the
// procedure's name. Tracking is the busiest anonymous read; five ORM round trips per lookup cost
// four times the CPU of this one (BENCHMARKS.md, "Read path"). Only public columns are selected:
// the applicant's personal data is never read here.
import type { SupplementState } from '../../domain/contract/dossier-workflow';
import type { DossierStatus, Outcome, StepStatus } from '../generated/client/enums';
import type { SqlExecutor } from '../sql-executor';

export interface PublicAgency {
  code: string;
  name: string;
}
export interface PublicStep {
  key: string;
  name: string;
  agencyCode: string;
  agencyName: string;
  status: StepStatus;
  startedAt: Date | null;
  dueAt: Date | null;
  completedAt: Date | null;
}
export interface PublicApology {
  agencyCode: string;
  agencyName: string;
  reason: string;
  previousDueAt: Date;
  newDueAt: Date;
  issuedAt: Date;
}
export interface PublicSupplement {
  items: string[];
  requestedAt: Date;
  expiresAt: Date | null;
  providedAt: Date | null;
}
export interface PublicDossier {
  code: string;
  procedureCode: string;
  procedureName: string;
  status: DossierStatus;
  receivedAt: Date;
  dueAt: Date;
  originalDueAt: Date;
  completedAt: Date | null;
  outcome: Outcome | null;
  currentAgencies: PublicAgency[];
  steps: PublicStep[];
  apologies: PublicApology[];
  supplement: PublicSupplement | null;
}

interface Row extends Omit<PublicDossier, 'steps' | 'apologies' | 'supplement'> {
  lookupKeyHash: string;
  supplement: SupplementState | null;
  // Nested rows come back as JSON, so their timestamps are strings.
  steps: Array<Record<keyof PublicStep, string | null>>;
  apologies: Array<Record<keyof PublicApology, string>>;
}

// Step order as the agencies' views show it: started first, in the order they started; then by key.
const PUBLIC_DOSSIER_SQL = `
  SELECT d.code, d.lookup_key_hash AS "lookupKeyHash", d.procedure_code AS "procedureCode",
    COALESCE(pv.definition ->> 'name', d.procedure_code) AS "procedureName",
    d.status, d.received_at AS "receivedAt", d.due_at AS "dueAt", d.original_due_at AS "originalDueAt",
    d.completed_at AS "completedAt", d.outcome, d.supplement,
    (SELECT COALESCE(json_agg(json_build_object('code', c.code, 'name', COALESCE(a.name, c.code)) ORDER BY c.ord), '[]')
       FROM unnest(d.current_agencies) WITH ORDINALITY AS c(code, ord) LEFT JOIN agency a ON a.code = c.code) AS "currentAgencies",
    (SELECT COALESCE(json_agg(json_build_object('key', s.key, 'name', s.name, 'agencyCode', s.agency_code,
              'agencyName', COALESCE(a.name, s.agency_code), 'status', s.status, 'startedAt', s.started_at,
              'dueAt', s.due_at, 'completedAt', s.completed_at) ORDER BY s.started_at ASC NULLS LAST, s.key ASC), '[]')
       FROM dossier_step s LEFT JOIN agency a ON a.code = s.agency_code WHERE s.dossier_code = d.code) AS steps,
    (SELECT COALESCE(json_agg(json_build_object('agencyCode', l.agency_code, 'agencyName', COALESCE(a.name, l.agency_code),
              'reason', l.reason, 'previousDueAt', l.previous_due_at, 'newDueAt', l.new_due_at, 'issuedAt', l.issued_at)
              ORDER BY l.issued_at ASC), '[]')
       FROM apology_letter l LEFT JOIN agency a ON a.code = l.agency_code WHERE l.dossier_code = d.code) AS apologies
  FROM dossier d
  LEFT JOIN procedure_version pv ON pv.procedure_code = d.procedure_code AND pv.version = d.procedure_version
  WHERE d.code = $1`;

/** The dossier's public view with its stored lookup-key hash (for the caller to check), or undefined. */
export async function readPublicDossier(
  sql: SqlExecutor,
  code: string,
): Promise<{ view: PublicDossier; lookupKeyHash: string } | undefined> {
  const [row] = await sql.query<Row>(PUBLIC_DOSSIER_SQL, [code], { prepareAs: 'public_dossier_view' });
  if (!row) return undefined;
  const { lookupKeyHash, supplement, steps, apologies, ...dossier } = row;
  const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
  return {
    lookupKeyHash,
    view: {
      ...dossier,
      steps: steps.map((s) => ({
        key: s.key!,
        name: s.name!,
        agencyCode: s.agencyCode!,
        agencyName: s.agencyName!,
        status: s.status as StepStatus,
        startedAt: date(s.startedAt),
        dueAt: date(s.dueAt),
        completedAt: date(s.completedAt),
      })),
      apologies: apologies.map((a) => ({
        ...a,
        previousDueAt: new Date(a.previousDueAt),
        newDueAt: new Date(a.newDueAt),
        issuedAt: new Date(a.issuedAt),
      })),
      supplement: supplement
        ? {
            items: supplement.items,
            requestedAt: new Date(supplement.requestedAt),
            expiresAt: date(supplement.expiresAt),
            providedAt: date(supplement.providedAt),
          }
        : null,
    },
  };
}
