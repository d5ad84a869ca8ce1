// The Decision 766/QĐ-TTg figures of a period and a unit (services/statistics/indicators-766.ts
// scores them; docs/indicators-766.md defines each one and says why). One statement: the unit's
// dossiers touched by the period are read once, with each dossier's outbox state to the national
// portal aggregated beside them, and the unit's procedures counted apart. Every value is bound.
//
//   received            received_at in [from, to)
//   receivedOnline      of those, channel ONLINE
//   synced              of those, with at least one event queued for the national portal and none
//                       left unsent (national_sync_outbox)
//   resolvedOnTime      COMPLETED with completed_at in [from, to) and outcome EARLY or ON_TIME (the
//                       workflow classifies against the legal due date, which moves by the working
//                       time spent waiting for the applicant's supplement, and never by an apology)
//   resolvedLate        COMPLETED in the period with outcome LATE
//   openOverdue         received before `to`, still open at `to` (not closed, or closed at or after
//                       it), with the legal due date before `to`; a dossier waiting for a supplement
//                       now has its clock stopped at the request: due before LEAST(to, requested)
//   processingMinutes   avg(processing_working_minutes) of the COMPLETED in the period
//   procedures / fullyOnline  the unit's procedures, and those offered fully online (online_level FULL)
import { Prisma } from '../generated/client/client';
import type { PrismaClient } from '../database';

export type IndicatorUnit = 'PROVINCE' | 'AGENCY' | 'PROCEDURE';

export interface Indicators766Query {
  from: Date;
  to: Date;
  unit: IndicatorUnit;
  /** The agency (receiving agency) or procedure code; none for PROVINCE. */
  code?: string;
}

export interface Indicators766Counts {
  received: number;
  receivedOnline: number;
  synced: number;
  resolvedOnTime: number;
  resolvedLate: number;
  openOverdue: number;
  averageProcessingMinutes: number | null;
  procedures: number;
  fullyOnlineProcedures: number;
}

function unitFilter(query: Indicators766Query, dossier: boolean): Prisma.Sql {
  if (query.unit === 'PROVINCE') return Prisma.sql`true`;
  if (query.unit === 'PROCEDURE')
    return dossier
      ? Prisma.sql`d.procedure_code = ${query.code}::text`
      : Prisma.sql`p.code = ${query.code}::text`;
  return dossier
    ? Prisma.sql`d.receiving_agency_code = ${query.code}::text`
    : Prisma.sql`p.receiving_agency_code = ${query.code}::text`;
}

/** The statement (exported so the benchmark can print and time it). */
export function indicators766Sql(query: Indicators766Query): Prisma.Sql {
  const { from, to } = query;
  const inPeriod = (column: Prisma.Sql) =>
    Prisma.sql`${column} >= ${from}::timestamptz AND ${column} < ${to}::timestamptz`;
  const received = inPeriod(Prisma.sql`d.received_at`);
  const resolved = Prisma.sql`d.status = 'COMPLETED' AND ${inPeriod(Prisma.sql`d.completed_at`)}`;
  const pausedAt = Prisma.sql`CASE WHEN d.status = 'WAITING_SUPPLEMENT' THEN (d.supplement ->> 'requestedAt')::timestamptz END`;
  const openAtEnd = Prisma.sql`(d.completed_at IS NULL OR d.completed_at >= ${to}::timestamptz)`;
  return Prisma.sql`
    SELECT
      count(*) FILTER (WHERE ${received})::int AS received,
      count(*) FILTER (WHERE ${received} AND d.channel = 'ONLINE')::int AS "receivedOnline",
      count(*) FILTER (WHERE ${received} AND q.dossier_code IS NOT NULL AND u.dossier_code IS NULL)::int AS synced,
      count(*) FILTER (WHERE ${resolved} AND d.outcome IN ('EARLY', 'ON_TIME'))::int AS "resolvedOnTime",
      count(*) FILTER (WHERE ${resolved} AND d.outcome = 'LATE')::int AS "resolvedLate",
      count(*) FILTER (WHERE ${openAtEnd} AND d.original_due_at < LEAST(${to}::timestamptz, ${pausedAt}))::int AS "openOverdue",
      (avg(d.processing_working_minutes) FILTER (WHERE ${resolved}))::float8 AS "averageProcessingMinutes",
      (SELECT count(*) FROM procedure p WHERE ${unitFilter(query, false)})::int AS procedures,
      (SELECT count(*) FROM procedure p WHERE ${unitFilter(query, false)} AND p.online_level = 'FULL')::int AS "fullyOnlineProcedures"
    FROM dossier d
    -- The dossiers with anything queued for the national portal (q), and those with something
    -- unsent (u, read from the partial index of pending rows, which stays small). Two sets of codes
    -- rather than one count per dossier: each parallel worker builds the hashed sets itself, and
    -- bare codes hash in a fraction of the memory, so they do not spill to disk.
    LEFT JOIN (SELECT DISTINCT o.dossier_code FROM national_sync_outbox o) q ON q.dossier_code = d.code
    LEFT JOIN (
      SELECT DISTINCT o.dossier_code FROM national_sync_outbox o WHERE o.delivered_at IS NULL
    ) u ON u.dossier_code = d.code
    WHERE ${unitFilter(query, true)} AND d.received_at < ${to}::timestamptz
      AND (d.received_at >= ${from}::timestamptz OR d.completed_at IS NULL OR d.completed_at >= ${from}::timestamptz)`;
}

export async function readIndicators766(
  prisma: PrismaClient,
  query: Indicators766Query,
): Promise<Indicators766Counts> {
  const [row] = await prisma.$queryRaw<Indicators766Counts[]>(indicators766Sql(query));
  return row;
}

/** Whether the agency or procedure a question names exists. */
export async function unitExists(prisma: PrismaClient, unit: 'AGENCY' | 'PROCEDURE', code: string) {
  const found =
    unit === 'AGENCY'
      ? await prisma.agency.count({ where: { code } })
      : await prisma.procedure.count({ where: { code } });
  return found > 0;
}
