// Writes what the dossier workflow reports into the read model. Idempotent and order-safe: every
// update carries the sequence number of its last event; the dossier's projection (the row, its
// steps, escalations and apologies) is only written when that number is ahead of the row's, and
// events and notifications are keyed (dossier, seq) so a retried write inserts nothing twice.
//
// One SQL statement per update, atomic by construction: this runs a dozen times per dossier, and
// a statement per step or escalation through the ORM was the engine's most expensive work.
import type { ReadModelUpdate } from '../domain/contract/dossier-workflow';
import type { PrismaClient } from '../prisma/database';

export interface ReadModelDeps {
  prisma: PrismaClient;
  /** Told after each applied update, e.g. to feed live subscriptions. */
  onApplied?: (update: ReadModelUpdate) => void;
}

/** Which events the applicant is told about (the outbox a notification sender drains). */
const NOTIFIED: Record<string, 'RECEIVED' | 'SUPPLEMENT_REQUESTED' | 'APOLOGY' | 'RESULT_READY'> = {
  DOSSIER_RECEIVED: 'RECEIVED',
  SUPPLEMENT_REQUESTED: 'SUPPLEMENT_REQUESTED',
  APOLOGY_ISSUED: 'APOLOGY',
  DOSSIER_COMPLETED: 'RESULT_READY',
  DOSSIER_REFUSED: 'RESULT_READY',
  DOSSIER_STOPPED: 'RESULT_READY',
};

const APPLY_UPDATE = `
WITH projected AS (
  UPDATE dossier SET
    status = $2::"DossierStatus", due_at = $3::timestamptz, original_due_at = $4::timestamptz,
    completed_at = $5::timestamptz, outcome = $6::"Outcome", status_reason = $7, late_step_key = $8,
    late_agency_code = $9, paused_working_minutes = $10, supplement = $11::jsonb,
    current_agencies = ARRAY(SELECT jsonb_array_elements_text($12::jsonb)), last_event_seq = $13, processing_working_minutes = $14,
    updated_at = now()
  WHERE code = $1 AND last_event_seq < $13
  RETURNING code
), events AS (
  INSERT INTO dossier_event (dossier_code, seq, type, actor, occurred_at, payload)
  SELECT $1, e.seq, e.type, e.actor, e."occurredAt", e.payload
  FROM jsonb_to_recordset($15::jsonb) AS e(seq int, type text, actor text, "occurredAt" timestamptz, payload jsonb)
  ON CONFLICT DO NOTHING
), notifications AS (
  INSERT INTO notification (dossier_code, event_seq, kind, payload)
  SELECT $1, n.seq, n.kind::"NotificationKind", n.payload
  FROM jsonb_to_recordset($16::jsonb) AS n(seq int, kind text, payload jsonb)
  ON CONFLICT DO NOTHING
), steps AS (
  INSERT INTO dossier_step (dossier_code, key, name, agency_code, mode, status, started_at, due_at, warned_at,
                            completed_at, late, paused_working_minutes, reference, failure, result)
  SELECT $1, s.key, s.name, s."agencyCode", s.mode::"StepMode", s.status::"StepStatus", s."startedAt", s."dueAt",
         s."warnedAt", s."completedAt", coalesce(s.late, false), s."pausedMinutes", s.reference, s.failure, s.result
  FROM jsonb_to_recordset($17::jsonb) AS s(key text, name text, "agencyCode" text, mode text, status text,
       "startedAt" timestamptz, "dueAt" timestamptz, "warnedAt" timestamptz, "completedAt" timestamptz, late boolean,
       "pausedMinutes" float8, reference text, failure text, result jsonb)
  WHERE EXISTS (SELECT 1 FROM projected)
  ON CONFLICT (dossier_code, key) DO UPDATE SET
    name = excluded.name, agency_code = excluded.agency_code, mode = excluded.mode, status = excluded.status,
    started_at = excluded.started_at, due_at = excluded.due_at, warned_at = excluded.warned_at,
    completed_at = excluded.completed_at, late = excluded.late, paused_working_minutes = excluded.paused_working_minutes,
    reference = excluded.reference, failure = excluded.failure, result = excluded.result
), escalations AS (
  INSERT INTO escalation (id, dossier_code, step_key, reason, agency_code, target_agency_code, level, status, raised_at,
                          climb_at, climbed_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, note)
  SELECT x.id, $1, x."stepKey", x.reason::"EscalationReason", x."agencyCode", x."targetAgencyCode", x.level,
         x.status::"EscalationStatus", x."raisedAt", x."climbAt", x."climbedAt", x."acknowledgedAt", x."acknowledgedBy",
         x."resolvedAt", x."resolvedBy", x.note
  FROM jsonb_to_recordset($18::jsonb) AS x(id text, "stepKey" text, reason text, "agencyCode" text, "targetAgencyCode" text,
       level int, status text, "raisedAt" timestamptz, "climbAt" timestamptz, "climbedAt" timestamptz,
       "acknowledgedAt" timestamptz, "acknowledgedBy" text, "resolvedAt" timestamptz, "resolvedBy" text, note text)
  WHERE EXISTS (SELECT 1 FROM projected)
  ON CONFLICT (id) DO UPDATE SET
    target_agency_code = excluded.target_agency_code, level = excluded.level, status = excluded.status,
    climb_at = excluded.climb_at, climbed_at = excluded.climbed_at, acknowledged_at = excluded.acknowledged_at,
    acknowledged_by = excluded.acknowledged_by, resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by,
    note = excluded.note
), apologies AS (
  INSERT INTO apology_letter (id, dossier_code, step_key, agency_code, reason, previous_due_at, new_due_at, issued_at, issued_by)
  SELECT a.id, $1, a."stepKey", a."agencyCode", a.reason, a."previousDueAt", a."newDueAt", a."issuedAt", a."issuedBy"
  FROM jsonb_to_recordset($19::jsonb) AS a(id text, "stepKey" text, "agencyCode" text, reason text,
       "previousDueAt" timestamptz, "newDueAt" timestamptz, "issuedAt" timestamptz, "issuedBy" text)
  WHERE EXISTS (SELECT 1 FROM projected)
  ON CONFLICT (id) DO NOTHING
)
SELECT count(*)::int AS applied FROM projected`;

function parameters({ state, events }: ReadModelUpdate): unknown[] {
  const lateStep = state.steps.find((s) => s.key === state.lateStepKey);
  const notified = events
    .filter((e) => NOTIFIED[e.type])
    .map((e) => ({ seq: e.seq, kind: NOTIFIED[e.type], payload: { type: e.type, ...e.payload } }));
  return [
    state.dossierCode,
    state.status,
    state.dueAt,
    state.originalDueAt,
    state.completedAt ?? null,
    state.outcome ?? null,
    state.statusReason ?? null,
    state.lateStepKey ?? null,
    lateStep?.agencyCode ?? null,
    state.pausedMinutes,
    state.supplement ? JSON.stringify(state.supplement) : null,
    JSON.stringify(state.currentAgencies),
    state.lastEventSeq,
    state.processingWorkingMinutes ?? null,
    JSON.stringify(events),
    JSON.stringify(notified),
    JSON.stringify(state.steps),
    JSON.stringify(state.escalations),
    JSON.stringify(state.apologies),
  ];
}

export const createReadModelActivities = ({ prisma, onApplied }: ReadModelDeps) => ({
  async applyReadModelUpdate(update: ReadModelUpdate): Promise<boolean> {
    const [{ applied }] = await prisma.$queryRawUnsafe<{ applied: number }[]>(
      APPLY_UPDATE,
      ...parameters(update),
    );
    // Zero: a newer state is already there (the events were still recorded, idempotently).
    if (applied) onApplied?.(update);
    return applied > 0;
  },
});
