// Reception's two prepared statements (services/reception/submit-dossier.ts decides around them).
// Submission is the busiest write, and one ORM round trip costs more CPU than either statement.
// - Everything reception reads before it registers a dossier, in ONE statement: the dossier an earlier
//   use of the idempotency key registered (if any), the procedure, the procedure version the workflow
//   will run (the earlier dossier's on a replay, else the latest), the supervising body of every
//   agency that version involves, and the latest calendar revision.
// - The new dossier and its steps, every one PENDING, in ONE statement: the dossier row and the steps
//   of its procedure version (read from `procedure_version` in place, not sent from here) commit
//   together, so no reader ever sees a dossier without its steps. The idempotency key is unique: when
//   a concurrent twin with the same key got there first, nothing is written and `registerDossier`
//   says so.
// - And, rarely, its undoing (`withdrawRegistration`): when the new dossier's workflow id turns out to
//   be another dossier's (services/reception/registration-mark.ts), the dossier and its steps go.
import type { ProcedureDefinition, SubmittedComponent } from '../../domain/procedure/types';
import type { SqlExecutor } from '../sql-executor';

/** What starting a dossier's workflow needs of its row (the Prisma `Dossier` is one). */
export interface StartableDossier {
  code: string;
  workflowId: string;
  /** With `submittedAt`, tells this dossier's workflow from another's with the same id (its memo). */
  idempotencyKey: string;
  submittedAt: Date;
  procedureCode: string;
  procedureVersion: number;
  receivedAt: Date;
  dueAt: Date;
  formData: unknown;
  /** What was handed in per document component (SubmittedComponent[] as stored); null when none was listed. */
  components?: unknown;
}

/** A registered dossier as reception answers it. */
export interface ReceivedDossier extends StartableDossier {
  receivingAgencyCode: string;
}

export interface EarlierDossier extends ReceivedDossier {
  applicantIdNumber: string;
}

export interface ReceptionContext {
  earlier?: EarlierDossier;
  /** The procedure asked for; absent when there is no such procedure. */
  procedure?: { code: string; receivingAgencyCode: string; totalWorkingDays: number };
  /** The earlier dossier's version on a replay; otherwise `version` if asked for, else the latest. */
  version?: { version: number; definition: ProcedureDefinition };
  /** Supervising body of each agency the version involves (its receiving agency and its steps'). */
  supervisors: Record<string, string | null>;
  calendarRevision: number;
}

interface Row extends Partial<EarlierDossier> {
  procedureReceivingAgencyCode: string | null;
  totalWorkingDays: number | null;
  version: number | null;
  definition: ProcedureDefinition | null;
  supervisors: Record<string, string | null> | null;
  calendarRevision: number | null;
}

// `(VALUES (1))` anchors the single answer row, so each part may be missing independently. The
// agencies are matched with `= ANY (ARRAY(...))`, an index lookup per code, never a scan of them all.
const RECEPTION_CONTEXT_SQL = `
  SELECT e.code, e.workflow_id AS "workflowId", e.idempotency_key AS "idempotencyKey", e.procedure_code AS "procedureCode", e.procedure_version AS "procedureVersion",
    e.receiving_agency_code AS "receivingAgencyCode", e.applicant_id_number AS "applicantIdNumber",
    e.submitted_at AS "submittedAt", e.received_at AS "receivedAt", e.due_at AS "dueAt", e.form_data AS "formData", e.components,
    p.receiving_agency_code AS "procedureReceivingAgencyCode", p.total_working_days AS "totalWorkingDays",
    v.version, v.definition,
    (SELECT json_object_agg(a.code, a.parent_code) FROM agency a
      WHERE a.code = ANY (ARRAY(SELECT v.definition ->> 'receivingAgencyCode'
                                UNION SELECT s ->> 'agencyCode' FROM jsonb_array_elements(v.definition -> 'steps') AS s))) AS supervisors,
    (SELECT max(r.version) FROM calendar_revision r) AS "calendarRevision"
  FROM (VALUES (1)) AS anchor (one)
  LEFT JOIN dossier e ON e.idempotency_key = $1
  LEFT JOIN procedure p ON p.code = $2
  LEFT JOIN LATERAL (
    SELECT pv.version, pv.definition FROM procedure_version pv
     WHERE pv.procedure_code = COALESCE(e.procedure_code, $2)
       AND pv.version = COALESCE(e.procedure_version, $3::int, pv.version)
     ORDER BY pv.version DESC LIMIT 1) AS v ON true`;

export interface ContextRequest {
  /** Null when there is no submission to replay (reconciliation). */
  idempotencyKey: string | null;
  procedureCode: string;
  /** A pinned version (a dossier's own); the latest when absent. */
  version?: number;
}

export async function readReceptionContext(
  sql: SqlExecutor,
  request: ContextRequest,
): Promise<ReceptionContext> {
  const [row] = await sql.query<Row>(
    RECEPTION_CONTEXT_SQL,
    [request.idempotencyKey, request.procedureCode, request.version ?? null],
    {
      prepareAs: 'reception_context',
    },
  );
  return {
    earlier: row.code
      ? {
          code: row.code,
          workflowId: row.workflowId!,
          idempotencyKey: row.idempotencyKey!,
          procedureCode: row.procedureCode!,
          procedureVersion: row.procedureVersion!,
          receivingAgencyCode: row.receivingAgencyCode!,
          applicantIdNumber: row.applicantIdNumber!,
          submittedAt: row.submittedAt!,
          receivedAt: row.receivedAt!,
          dueAt: row.dueAt!,
          formData: row.formData ?? null,
          components: row.components ?? null,
        }
      : undefined,
    procedure:
      row.procedureReceivingAgencyCode !== null
        ? {
            code: request.procedureCode,
            receivingAgencyCode: row.procedureReceivingAgencyCode,
            totalWorkingDays: row.totalWorkingDays!,
          }
        : undefined,
    version:
      row.version !== null && row.definition
        ? { version: row.version, definition: row.definition }
        : undefined,
    supervisors: row.supervisors ?? {},
    calendarRevision: row.calendarRevision ?? 0,
  };
}

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
  components: SubmittedComponent[] | null;
  registerVolume: string;
  registerNumber: number;
  lookupKeyHash: string;
  submittedAt: Date;
  receivedAt: Date;
  dueAt: Date;
}

const REGISTER_DOSSIER_SQL = `
  WITH registered AS (
    INSERT INTO dossier (code, workflow_id, idempotency_key, procedure_code, procedure_version, receiving_agency_code,
      channel, status, applicant_name, applicant_id_number, applicant_phone, applicant_email, form_data, lookup_key_hash,
      submitted_at, received_at, due_at, original_due_at, current_agencies, last_event_seq, updated_at,
      components, register_volume, register_number)
    VALUES ($1, $2, $3, $4, $5, $6, $7::"Channel", 'IN_PROGRESS'::"DossierStatus", $8, $9, $10, $11, $12::jsonb, $13,
      $14, $15, $16, $16, ARRAY[]::text[], 0, now(), $17::jsonb, $18, $19)
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
      d.components === null ? null : JSON.stringify(d.components),
      d.registerVolume,
      d.registerNumber,
    ],
    { prepareAs: 'register_dossier' },
  );
  return rows.length > 0;
}

// The dossier's steps go first: their foreign key restricts deleting the dossier. One statement, so
// one transaction: the dossier and its steps disappear together or not at all. Matching the
// idempotency key too makes sure only the row this submission inserted is removed.
const WITHDRAW_REGISTRATION_SQL = `
  WITH withdrawn_steps AS (
    DELETE FROM dossier_step s USING dossier d
     WHERE s.dossier_code = d.code AND d.code = $1 AND d.idempotency_key = $2
  )
  DELETE FROM dossier WHERE code = $1 AND idempotency_key = $2`;

/**
 * Undoes `registerDossier` for a dossier whose workflow could not be started as its own (its id was
 * taken): everything registration wrote for it, the dossier row and its steps. The receipt number
 * stays used, a gap, as when a concurrent twin wins the insert.
 */
export async function withdrawRegistration(
  sql: SqlExecutor,
  dossier: { code: string; idempotencyKey: string },
): Promise<void> {
  await sql.query(WITHDRAW_REGISTRATION_SQL, [dossier.code, dossier.idempotencyKey]);
}
