// Writes a new dossier and its steps, every one PENDING, in ONE statement: the dossier row and the
// steps of its procedure version (read from `procedure_version` in place, not sent from here) commit
// together, so no reader ever sees a dossier without its steps. The idempotency key is unique: when a
// concurrent twin with the same key got there first, nothing is written and `registerDossier` says so.
import type { SqlExecutor } from '../../prisma/sql-executor';

export interface DossierRegistration {
  code: string;
  workflowId: string;
  idempotencyKey: string;
  procedureCode: string;
  procedureVersion: number;
  receivingAgencyCode: string;
  channel: 'ONLINE' | 'COUNTER' | 'POST';
  applicant: { name: string; idNumber: string; phone?: string | null; email?: string | null };
  formData: unknown;
  lookupKeyHash: string;
  submittedAt: Date;
  receivedAt: Date;
  dueAt: Date;
}

const REGISTER_DOSSIER_SQL = `
  WITH registered AS (
    INSERT INTO dossier (code, workflow_id, idempotency_key, procedure_code, procedure_version, receiving_agency_code,
      channel, status, applicant_name, applicant_id_number, applicant_phone, applicant_email, form_data, lookup_key_hash,
      submitted_at, received_at, due_at, original_due_at, current_agencies, last_event_seq, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7::"Channel", 'IN_PROGRESS'::"DossierStatus", $8, $9, $10, $11, $12::jsonb, $13,
      $14, $15, $16, $16, ARRAY[]::text[], 0, now())
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING code, procedure_code, procedure_version
  ), steps AS (
    INSERT INTO dossier_step (dossier_code, key, name, agency_code, mode, status)
    SELECT r.code, s ->> 'key', s ->> 'name', s ->> 'agencyCode', COALESCE(s ->> 'mode', 'MANUAL')::"StepMode", 'PENDING'::"StepStatus"
      FROM registered r
      JOIN procedure_version pv ON pv.procedure_code = r.procedure_code AND pv.version = r.procedure_version
      CROSS JOIN jsonb_array_elements(pv.definition -> 'steps') AS s
    ON CONFLICT DO NOTHING
  )
  SELECT code FROM registered`;

/** False when the idempotency key was taken meanwhile (by a concurrent twin): nothing was written. */
export async function registerDossier(sql: SqlExecutor, d: DossierRegistration): Promise<boolean> {
  const rows = await sql.query<{ code: string }>(
    REGISTER_DOSSIER_SQL,
    [
      d.code,
      d.workflowId,
      d.idempotencyKey,
      d.procedureCode,
      d.procedureVersion,
      d.receivingAgencyCode,
      d.channel,
      d.applicant.name,
      d.applicant.idNumber,
      d.applicant.phone ?? null,
      d.applicant.email ?? null,
      d.formData === undefined ? null : JSON.stringify(d.formData),
      d.lookupKeyHash,
      d.submittedAt,
      d.receivedAt,
      d.dueAt,
    ],
    { prepareAs: 'register_dossier' },
  );
  return rows.length > 0;
}
