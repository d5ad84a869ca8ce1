// The writer: what the dossier workflow reports goes into the read model. Idempotent and order-safe:
// every update carries the sequence number of its last event; the dossier's projection (the row, its
// steps, escalations and apologies) is only written when that number is ahead of the row's, and
// events, notifications and the national portal's outbox are keyed (dossier, seq) so a retried
// write inserts nothing twice.
//
// One SQL statement per update, atomic by construction: this runs a dozen times per dossier, and a
// statement per step or escalation through the ORM was the engine's most expensive work. It goes
// through the worker's Prisma client (raw, every value a parameter), the one raw Prisma call here.
import type {
  ApologyState,
  DossierEventRecord,
  EscalationState,
  ReadModelUpdate,
  StepState,
} from '../../domain/contract/dossier-workflow';
import type { PrismaClient } from '../database';

/** Which events the applicant is told about (the outbox a notification sender drains). */
const NOTIFIED: Record<string, 'RECEIVED' | 'SUPPLEMENT_REQUESTED' | 'APOLOGY' | 'RESULT_READY'> = {
  DOSSIER_RECEIVED: 'RECEIVED',
  SUPPLEMENT_REQUESTED: 'SUPPLEMENT_REQUESTED',
  APOLOGY_ISSUED: 'APOLOGY',
  DOSSIER_COMPLETED: 'RESULT_READY',
  DOSSIER_REFUSED: 'RESULT_READY',
  DOSSIER_STOPPED: 'RESULT_READY',
};
type Notified = Pick<DossierEventRecord, 'seq' | 'payload'> & { kind: string };

/**
 * A column filled from a field of the records the workflow sends (a JSON array of them): the column,
 * the field, the field's SQL type as read from JSON, and what is stored when not the value as read.
 * `kept`: an upsert of the same row leaves it as first written.
 */
type Filled<Source> = [
  column: string,
  field: keyof Source & string,
  type: string,
  stored?: (value: string) => string,
  kept?: 'kept',
];
const as = (type: string) => (value: string) => `${value}::"${type}"`;

// Each child table's columns, written once: its INSERT list, the JSON record's definition, the
// values and the upsert's SET list in the statement below all come from these.
const EVENT_COLUMNS: Filled<DossierEventRecord>[] = [
  ['seq', 'seq', 'int'],
  ['type', 'type', 'text'],
  ['actor', 'actor', 'text'],
  ['occurred_at', 'occurredAt', 'timestamptz'],
  ['payload', 'payload', 'jsonb'],
];
const NOTIFICATION_COLUMNS: Filled<Notified>[] = [
  ['event_seq', 'seq', 'int'],
  ['kind', 'kind', 'text', as('NotificationKind')],
  ['payload', 'payload', 'jsonb'],
];
const STEP_COLUMNS: Filled<StepState>[] = [
  ['key', 'key', 'text', undefined, 'kept'],
  ['name', 'name', 'text'],
  ['agency_code', 'agencyCode', 'text'],
  ['mode', 'mode', 'text', as('StepMode')],
  ['status', 'status', 'text', as('StepStatus')],
  ['started_at', 'startedAt', 'timestamptz'],
  ['due_at', 'dueAt', 'timestamptz'],
  ['warned_at', 'warnedAt', 'timestamptz'],
  ['completed_at', 'completedAt', 'timestamptz'],
  ['late', 'late', 'boolean', (value) => `coalesce(${value}, false)`],
  ['paused_working_minutes', 'pausedMinutes', 'float8'],
  ['reference', 'reference', 'text'],
  ['failure', 'failure', 'text'],
  ['result', 'result', 'jsonb'],
];
const ESCALATION_COLUMNS: Filled<EscalationState>[] = [
  ['id', 'id', 'text', undefined, 'kept'],
  ['step_key', 'stepKey', 'text', undefined, 'kept'],
  ['reason', 'reason', 'text', as('EscalationReason'), 'kept'],
  ['agency_code', 'agencyCode', 'text', undefined, 'kept'],
  ['target_agency_code', 'targetAgencyCode', 'text'],
  ['level', 'level', 'int'],
  ['status', 'status', 'text', as('EscalationStatus')],
  ['raised_at', 'raisedAt', 'timestamptz', undefined, 'kept'],
  ['climb_at', 'climbAt', 'timestamptz'],
  ['climbed_at', 'climbedAt', 'timestamptz'],
  ['acknowledged_at', 'acknowledgedAt', 'timestamptz'],
  ['acknowledged_by', 'acknowledgedBy', 'text'],
  ['resolved_at', 'resolvedAt', 'timestamptz'],
  ['resolved_by', 'resolvedBy', 'text'],
  ['note', 'note', 'text'],
];
const APOLOGY_COLUMNS: Filled<ApologyState>[] = [
  ['id', 'id', 'text'],
  ['step_key', 'stepKey', 'text'],
  ['agency_code', 'agencyCode', 'text'],
  ['reason', 'reason', 'text'],
  ['previous_due_at', 'previousDueAt', 'timestamptz'],
  ['new_due_at', 'newDueAt', 'timestamptz'],
  ['issued_at', 'issuedAt', 'timestamptz'],
  ['issued_by', 'issuedBy', 'text'],
];

/** `INSERT INTO <table> (dossier_code, …) SELECT $1, … FROM` the JSON array `records` (`r`). */
function insertRecords<Source>(table: string, columns: Filled<Source>[], records: string): string {
  const fields = columns.map(([, field, type]) => `"${field}" ${type}`);
  const values = columns.map(([, field, , stored]) => (stored ? stored(`r."${field}"`) : `r."${field}"`));
  return `INSERT INTO ${table} (dossier_code, ${columns.map(([column]) => column).join(', ')})
  SELECT $1, ${values.join(', ')}
  FROM jsonb_to_recordset(${records}::jsonb) AS r(${fields.join(', ')})`;
}

/** An upsert's SET list: every column not kept takes the value being inserted. */
const rewritten = <Source>(columns: Filled<Source>[]) =>
  columns
    .filter(([, , , , kept]) => !kept)
    .map(([column]) => `${column} = excluded.${column}`)
    .join(', ');

// Events and notifications are recorded even when the projection is already ahead; the projection's
// rows (the dossier's, its steps', escalations' and letters') only when this update moved it.
const APPLY_UPDATE = `
WITH projected AS (
  UPDATE dossier SET
    status = $2::"DossierStatus", due_at = $3::timestamptz, original_due_at = $4::timestamptz,
    completed_at = $5::timestamptz, outcome = $6::"Outcome", status_reason = $7, late_step_key = $8,
    late_agency_code = $9, paused_working_minutes = $10, supplement = $11::jsonb,
    current_agencies = ARRAY(SELECT jsonb_array_elements_text($12::jsonb)), last_event_seq = $13,
    processing_working_minutes = $14, updated_at = now()
  WHERE code = $1 AND last_event_seq < $13
  RETURNING code, receiving_agency_code
), events AS (
  ${insertRecords('dossier_event', EVENT_COLUMNS, '$15')}
  ON CONFLICT DO NOTHING
), notifications AS (
  ${insertRecords('notification', NOTIFICATION_COLUMNS, '$16')}
  ON CONFLICT DO NOTHING
), national_outbox AS (
  -- The national portal's outbox, in the same statement as the events: an event the status
  -- mapping names is queued for the portal exactly when it is recorded (docs/national-portal.md).
  INSERT INTO national_sync_outbox (dossier_code, event_seq, event_type, status_code, actor, occurred_at, payload)
  SELECT $1, r.seq, r.type, m.status_code, r.actor, r."occurredAt", r.payload
  FROM jsonb_to_recordset($15::jsonb) AS r(seq int, type text, actor text, "occurredAt" timestamptz, payload jsonb)
  JOIN national_status_mapping m ON m.event_type = r.type
  ON CONFLICT DO NOTHING
), steps AS (
  ${insertRecords('dossier_step', STEP_COLUMNS, '$17')}
  WHERE EXISTS (SELECT 1 FROM projected)
  ON CONFLICT (dossier_code, key) DO UPDATE SET ${rewritten(STEP_COLUMNS)}
), escalations AS (
  ${insertRecords('escalation', ESCALATION_COLUMNS, '$18')}
  WHERE EXISTS (SELECT 1 FROM projected)
  ON CONFLICT (id) DO UPDATE SET ${rewritten(ESCALATION_COLUMNS)}
), apologies AS (
  ${insertRecords('apology_letter', APOLOGY_COLUMNS, '$19')}
  WHERE EXISTS (SELECT 1 FROM projected)
  ON CONFLICT (id) DO NOTHING
)
SELECT receiving_agency_code AS "receivingAgencyCode" FROM projected`;

function parameters({ state, events }: ReadModelUpdate): unknown[] {
  const lateStep = state.steps.find((s) => s.key === state.lateStepKey);
  const notified: Notified[] = events
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

/**
 * What the row the update was written to says beyond the update, returned by the same statement so the
 * live events need no read of their own.
 */
export interface AppliedDossier {
  /** The agency whose desk received the dossier (the workflow's state does not carry it). */
  receivingAgencyCode: string;
}

/** Writes the update; null when a newer state was already there (its events are still recorded). */
export async function applyDossierUpdate(
  prisma: PrismaClient,
  update: ReadModelUpdate,
): Promise<AppliedDossier | null> {
  const [applied] = await prisma.$queryRawUnsafe<AppliedDossier[]>(APPLY_UPDATE, ...parameters(update));
  return applied ?? null;
}
