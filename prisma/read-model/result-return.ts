// The desk's hand-back of a result (services/handover/record-result-returned.ts): the dossier as the
// rule needs it, and the record itself. One statement writes the dossier's columns, the event in its
// trail and the national portal's outbox row, so the three never disagree; the status and "not yet
// returned" conditions are in its WHERE, so two desks recording at once record once.
import { RESULT_RETURNED_EVENT, RESULT_RETURNED_SEQ } from '../../domain/handover/result-return';
import type { Principal } from '../../domain/principal';
import type { PrismaClient } from '../database';
import type { SqlExecutor } from '../sql-executor';
import { dossiersVisibleTo } from './dossier-filters';

export interface HandoverDossier {
  code: string;
  status: string;
  receivingAgencyCode: string;
  completedAt: Date | null;
  resultReturnedAt: Date | null;
  resultReturnedTo: string | null;
}

/** The dossier if `principal` may read it (a desk: one its agency received), else null. */
export function dossierForHandover(
  prisma: PrismaClient,
  code: string,
  principal: Principal | null,
): Promise<HandoverDossier | null> {
  return prisma.dossier.findFirst({
    where: { AND: [{ code }, dossiersVisibleTo(principal)] },
    select: {
      code: true,
      status: true,
      receivingAgencyCode: true,
      completedAt: true,
      resultReturnedAt: true,
      resultReturnedTo: true,
    },
  });
}

const RECORD_SQL = `
  WITH marked AS (
    UPDATE dossier SET result_returned_at = $2::timestamptz, result_returned_to = $3,
      result_returned_by = $4, updated_at = now()
    WHERE code = $1 AND result_returned_at IS NULL
      AND status::text = ANY (SELECT jsonb_array_elements_text($7::jsonb))
    RETURNING code
  ), event AS (
    INSERT INTO dossier_event (dossier_code, seq, type, actor, occurred_at, payload)
    SELECT code, ${RESULT_RETURNED_SEQ}, '${RESULT_RETURNED_EVENT}', $5, $2::timestamptz, $6::jsonb FROM marked
    ON CONFLICT DO NOTHING
  ), national_outbox AS (
    -- Queued for the portal exactly when recorded, like the workflow's events (dossier-projection.ts).
    INSERT INTO national_sync_outbox (dossier_code, event_seq, event_type, status_code, actor, occurred_at, payload)
    SELECT marked.code, ${RESULT_RETURNED_SEQ}, m.event_type, m.status_code, $5, $2::timestamptz, $6::jsonb
    FROM marked JOIN national_status_mapping m ON m.event_type = '${RESULT_RETURNED_EVENT}'
    ON CONFLICT DO NOTHING
  )
  SELECT count(*)::int AS recorded FROM marked`;

export interface ResultReturnRecord {
  code: string;
  returnedAt: Date;
  returnedTo: string;
  /** The officer's name (or the API key's label) as the register prints it. */
  recordedBy: string;
  /** The actor label of the trail (`DESK:<agency>:<principal id>`). */
  actor: string;
  /** The event's payload: never the collector's name (personal data stays in the dossier row). */
  payload: Record<string, unknown>;
  /** Statuses the dossier must be in. */
  readyStatuses: readonly string[];
}

/** Records the hand-back; false when the dossier was not ready or already returned (nothing written). */
export async function recordResultReturn(sql: SqlExecutor, r: ResultReturnRecord): Promise<boolean> {
  const [row] = await sql.query<{ recorded: number }>(
    RECORD_SQL,
    [
      r.code,
      r.returnedAt.toISOString(),
      r.returnedTo,
      r.recordedBy,
      r.actor,
      JSON.stringify(r.payload),
      JSON.stringify(r.readyStatuses),
    ],
    { prepareAs: 'record_result_return' },
  );
  return row.recorded > 0;
}
