// The national portal's outbox (national_sync_outbox, filled by dossier-projection.ts with each
// mapped event) as the delivery loop, the sync-state fields and reconciliation read and write it,
// and the status mapping administrators maintain (national_status_mapping). Per dossier the rows go
// out in event order: only the lowest undelivered row of a dossier (its head) is ever due.
import { Prisma } from '../generated/client/client';
import type { PrismaClient } from '../database';
import type { SyncDossierFacts } from '../../domain/national-portal/sync-dossier-facts';

/** A dossier's next row to deliver, with the dossier's facts the portal's record carries. */
export interface OutboxHead {
  dossierCode: string;
  eventSeq: number;
  eventType: string;
  statusCode: number;
  actor: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
  /** Some earlier row of this dossier reached the portal (so its record exists there). */
  deliveredBefore: boolean;
  dossier: SyncDossierFacts;
}

type HeadRow = Omit<OutboxHead, 'dossier'> & Omit<OutboxHead['dossier'], 'code'>;

/**
 * Up to `limit` dossiers' heads that are due (not refused, next attempt reached), oldest due first.
 * `codes`: only these dossiers.
 */
export async function dueOutboxHeads(
  prisma: PrismaClient,
  now: Date,
  limit: number,
  codes?: string[],
): Promise<OutboxHead[]> {
  const only = codes ? Prisma.sql`AND dossier_code = ANY(${codes}::text[])` : Prisma.empty;
  const rows = await prisma.$queryRaw<HeadRow[]>(Prisma.sql`
    SELECT h.dossier_code AS "dossierCode", h.event_seq AS "eventSeq", h.event_type AS "eventType",
      h.status_code AS "statusCode", h.actor, h.occurred_at AS "occurredAt", h.payload, h.attempts,
      EXISTS (SELECT 1 FROM national_sync_outbox o WHERE o.dossier_code = h.dossier_code
        AND o.delivered_at IS NOT NULL) AS "deliveredBefore",
      d.procedure_code AS "procedureCode", p.name AS "procedureName", p.field,
      d.applicant_name AS "applicantName", d.applicant_id_number AS "applicantIdNumber",
      d.applicant_email AS "applicantEmail", d.applicant_phone AS "applicantPhone", d.channel::text AS channel,
      d.received_at AS "receivedAt", d.due_at AS "dueAt", d.completed_at AS "completedAt",
      a.name AS "receivingAgencyName"
    FROM (
      SELECT DISTINCT ON (dossier_code) dossier_code, event_seq, event_type, status_code, actor, occurred_at,
        payload, attempts, next_attempt_at, refused
      FROM national_sync_outbox
      WHERE delivered_at IS NULL ${only}
      ORDER BY dossier_code, event_seq
    ) h
    JOIN dossier d ON d.code = h.dossier_code
    JOIN procedure p ON p.code = d.procedure_code
    JOIN agency a ON a.code = d.receiving_agency_code
    WHERE NOT h.refused AND h.next_attempt_at <= ${now}::timestamptz
    ORDER BY h.next_attempt_at, h.dossier_code
    LIMIT ${limit}`);
  return rows.map(
    ({
      procedureCode,
      procedureName,
      field,
      applicantName,
      applicantIdNumber,
      applicantEmail,
      applicantPhone,
      channel,
      receivedAt,
      dueAt,
      completedAt,
      receivingAgencyName,
      ...head
    }) => ({
      ...head,
      dossier: {
        code: head.dossierCode,
        procedureCode,
        procedureName,
        field,
        applicantName,
        applicantIdNumber,
        applicantEmail,
        applicantPhone,
        channel,
        receivedAt,
        dueAt,
        completedAt,
        receivingAgencyName,
      },
    }),
  );
}

/** The dossier's supplement rounds, from its events: each request and when it was provided. */
export async function supplementRounds(prisma: PrismaClient, dossierCode: string) {
  const events = await prisma.dossierEvent.findMany({
    where: { dossierCode, type: { in: ['SUPPLEMENT_REQUESTED', 'SUPPLEMENT_PROVIDED'] } },
    orderBy: { seq: 'asc' },
  });
  const rounds: {
    requestSeq: number;
    requestedBy: string;
    requestedAt: Date;
    items: string[];
    note: string | null;
    providedAt: Date | null;
  }[] = [];
  for (const e of events) {
    const payload = e.payload as Record<string, unknown>;
    if (e.type === 'SUPPLEMENT_REQUESTED')
      rounds.push({
        requestSeq: e.seq,
        requestedBy: e.actor,
        requestedAt: e.occurredAt,
        items: Array.isArray(payload.items) ? payload.items.map(String) : [],
        note: typeof payload.note === 'string' ? payload.note : null,
        providedAt: null,
      });
    else if (rounds.length) rounds[rounds.length - 1].providedAt = e.occurredAt;
  }
  return rounds;
}

export async function markDelivered(prisma: PrismaClient, dossierCode: string, eventSeq: number, at: Date) {
  await prisma.nationalSyncOutbox.update({
    where: { dossierCode_eventSeq: { dossierCode, eventSeq } },
    data: { deliveredAt: at, lastAttemptAt: at, attempts: { increment: 1 }, lastError: null },
  });
}

/** A failed attempt: retried at `nextAttemptAt`, or never by itself when `refused`. */
export async function markFailed(
  prisma: PrismaClient,
  row: { dossierCode: string; eventSeq: number },
  failure: { at: Date; error: string; nextAttemptAt: Date; refused: boolean },
) {
  await prisma.nationalSyncOutbox.update({
    where: { dossierCode_eventSeq: { dossierCode: row.dossierCode, eventSeq: row.eventSeq } },
    data: {
      attempts: { increment: 1 },
      lastAttemptAt: failure.at,
      lastError: failure.error.slice(0, 1000),
      nextAttemptAt: failure.nextAttemptAt,
      refused: failure.refused,
    },
  });
}

/** What a dossier's sync stands at (the Dossier.nationalSync field). */
export interface NationalSyncState {
  dossierCode: string;
  queued: number;
  delivered: number;
  pending: number;
  lastSentSeq: number | null;
  lastSentEventType: string | null;
  lastSentStatusCode: number | null;
  lastSentAt: Date | null;
  /** Of the pending head: how many attempts, the last error, refused, when next. */
  headSeq: number | null;
  attempts: number;
  lastError: string | null;
  refused: boolean;
  nextAttemptAt: Date | null;
}

const stateSql = (where: Prisma.Sql, extra: Prisma.Sql, limit: number) => Prisma.sql`
  SELECT o.dossier_code AS "dossierCode", count(*)::int AS queued,
    count(o.delivered_at)::int AS delivered, (count(*) - count(o.delivered_at))::int AS pending,
    max(o.event_seq) FILTER (WHERE o.delivered_at IS NOT NULL) AS "lastSentSeq",
    (array_agg(o.event_type ORDER BY o.event_seq DESC) FILTER (WHERE o.delivered_at IS NOT NULL))[1] AS "lastSentEventType",
    (array_agg(o.status_code ORDER BY o.event_seq DESC) FILTER (WHERE o.delivered_at IS NOT NULL))[1] AS "lastSentStatusCode",
    max(o.delivered_at) AS "lastSentAt",
    min(o.event_seq) FILTER (WHERE o.delivered_at IS NULL) AS "headSeq",
    COALESCE((array_agg(o.attempts ORDER BY o.event_seq) FILTER (WHERE o.delivered_at IS NULL))[1], 0) AS attempts,
    (array_agg(o.last_error ORDER BY o.event_seq) FILTER (WHERE o.delivered_at IS NULL))[1] AS "lastError",
    COALESCE(bool_or(o.refused) FILTER (WHERE o.delivered_at IS NULL), false) AS refused,
    (array_agg(o.next_attempt_at ORDER BY o.event_seq) FILTER (WHERE o.delivered_at IS NULL))[1] AS "nextAttemptAt"
  FROM national_sync_outbox o
  WHERE ${where}
  GROUP BY o.dossier_code
  ${extra}
  ORDER BY min(o.created_at) FILTER (WHERE o.delivered_at IS NULL), o.dossier_code
  LIMIT ${limit}`;

export async function nationalSyncState(
  prisma: PrismaClient,
  dossierCode: string,
): Promise<NationalSyncState | undefined> {
  const [row] = await prisma.$queryRaw<NationalSyncState[]>(
    stateSql(Prisma.sql`o.dossier_code = ${dossierCode}`, Prisma.empty, 1),
  );
  return row;
}

/**
 * Dossiers out of sync: a row refused, or a row still pending that was queued before `queuedBefore`
 * (a lag an operator should look at). Oldest pending first.
 */
export function dossiersOutOfSync(
  prisma: PrismaClient,
  query: { queuedBefore: Date; limit: number },
): Promise<NationalSyncState[]> {
  return prisma.$queryRaw<NationalSyncState[]>(
    stateSql(
      Prisma.sql`o.dossier_code IN (SELECT p.dossier_code FROM national_sync_outbox p WHERE p.delivered_at IS NULL
        AND (p.refused OR p.created_at < ${query.queuedBefore}::timestamptz))`,
      Prisma.empty,
      query.limit,
    ),
  );
}

/** Every dossier's last delivered sequence (reconciliation compares it with the portal's). */
export function deliveredHeads(
  prisma: PrismaClient,
  page: { after?: string; limit: number; codes?: string[] },
): Promise<{ dossierCode: string; lastSentSeq: number | null; pending: number }[]> {
  const after = page.after ? Prisma.sql`AND dossier_code > ${page.after}` : Prisma.empty;
  const only = page.codes ? Prisma.sql`AND dossier_code = ANY(${page.codes}::text[])` : Prisma.empty;
  return prisma.$queryRaw(Prisma.sql`
    SELECT dossier_code AS "dossierCode", max(event_seq) FILTER (WHERE delivered_at IS NOT NULL) AS "lastSentSeq",
      (count(*) - count(delivered_at))::int AS pending
    FROM national_sync_outbox WHERE true ${after} ${only}
    GROUP BY dossier_code ORDER BY dossier_code LIMIT ${page.limit}`);
}

/**
 * Sends again: the dossier's rows after `afterSeq` become undelivered (the portal lost them), and its
 * refused or waiting rows are due now. Returns the rows that will go out.
 */
export async function requeueDossier(
  prisma: PrismaClient,
  dossierCode: string,
  afterSeq: number | null,
  now: Date,
): Promise<number> {
  const [, pending] = await prisma.$transaction([
    prisma.nationalSyncOutbox.updateMany({
      where: { dossierCode, eventSeq: { gt: afterSeq ?? 0 }, deliveredAt: { not: null } },
      data: { deliveredAt: null },
    }),
    prisma.nationalSyncOutbox.updateMany({
      where: { dossierCode, deliveredAt: null },
      data: { refused: false, nextAttemptAt: now },
    }),
  ]);
  return pending.count;
}

export function statusMappings(prisma: PrismaClient) {
  return prisma.nationalStatusMapping.findMany({ orderBy: { eventType: 'asc' } });
}

export function upsertStatusMapping(
  prisma: PrismaClient,
  mapping: { eventType: string; statusCode: number; updatedBy: string | null },
) {
  return prisma.nationalStatusMapping.upsert({
    where: { eventType: mapping.eventType },
    create: mapping,
    update: { statusCode: mapping.statusCode, updatedBy: mapping.updatedBy, updatedAt: new Date() },
  });
}

/** Removes a line (that event is no longer sent); false when there was none. */
export async function deleteStatusMapping(prisma: PrismaClient, eventType: string): Promise<boolean> {
  const { count } = await prisma.nationalStatusMapping.deleteMany({ where: { eventType } });
  return count > 0;
}
