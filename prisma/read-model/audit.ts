// The audit trail (`audit_event`), append-only: one row per mutation the API executed
// (graphql/plugins/audit.ts decides what a row says) and per codec call (api/codec-endpoint.ts).
// One prepared INSERT: every mutation pays for this row, so no ORM round trip with RETURNING.
import type { Principal } from '../../domain/principal';
import type { SqlExecutor } from '../sql-executor';

export type AuditOutcome = 'OK' | 'REFUSED' | 'FAILED';

export interface AuditEvent {
  /** The API key or account that acted (a person's name and title are stored too); null for an anonymous applicant or an unknown key. */
  principal: Principal | null;
  action: string;
  /** An id or a code, never personal data. */
  target: string | null;
  requestId: string;
  outcome: AuditOutcome;
  errorCode?: string;
}

const INSERT_AUDIT_EVENT = `
  INSERT INTO audit_event (principal_id, role, action, target, request_id, outcome, error_code, person_name, person_title)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

export async function insertAuditEvent(sql: SqlExecutor, event: AuditEvent): Promise<void> {
  await sql.query(
    INSERT_AUDIT_EVENT,
    [
      event.principal?.id ?? null,
      event.principal?.role ?? null,
      event.action,
      event.target,
      event.requestId,
      event.outcome,
      event.errorCode ?? null,
      event.principal?.person?.name ?? null,
      event.principal?.person?.title ?? null,
    ],
    { prepareAs: 'record_audit_event' },
  );
}
