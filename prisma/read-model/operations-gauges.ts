// What the operators' gauges count at scrape time (platform/observability/read-model-gauges.ts), in
// three statements that only touch open rows through their indexes: open dossiers by status and
// procedure and the late ones among them (`dossier(status, due_at)`), the open late steps of each
// agency (`dossier_step(agency_code, status)`), and the escalations not yet resolved by level and
// agency (`escalation(status, target_agency_code)`). Closed dossiers are not counted here: their
// number only grows, and a scan of them on every scrape would cost more as the years pass.
import type { SqlExecutor } from '../sql-executor';

export interface OperationsCounts {
  openDossiers: { status: string; procedure: string; count: number; late: number }[];
  lateSteps: { agency: string; count: number }[];
  openEscalations: { agency: string; level: number; status: string; count: number }[];
}

const OPEN_DOSSIERS_SQL = `
  SELECT status::text AS status, procedure_code AS procedure, count(*)::int AS count,
         (count(*) FILTER (WHERE status = 'IN_PROGRESS' AND due_at < $1))::int AS late
  FROM dossier WHERE status IN ('IN_PROGRESS', 'WAITING_SUPPLEMENT')
  GROUP BY status, procedure_code`;

// A step is late once its own deadline has passed while it is still in the agency's hands.
const LATE_STEPS_SQL = `
  SELECT s.agency_code AS agency, count(*)::int AS count
  FROM dossier_step s
  WHERE s.status IN ('ACTIVE', 'FAILED') AND s.due_at < $1
  GROUP BY s.agency_code`;

const OPEN_ESCALATIONS_SQL = `
  SELECT agency_code AS agency, level, status::text AS status, count(*)::int AS count
  FROM escalation WHERE status IN ('OPEN', 'ACKNOWLEDGED')
  GROUP BY agency_code, level, status`;

export async function operationsCounts(sql: SqlExecutor, now: Date): Promise<OperationsCounts> {
  const [openDossiers, lateSteps, openEscalations] = await Promise.all([
    sql.query<OperationsCounts['openDossiers'][number]>(OPEN_DOSSIERS_SQL, [now]),
    sql.query<OperationsCounts['lateSteps'][number]>(LATE_STEPS_SQL, [now]),
    sql.query<OperationsCounts['openEscalations'][number]>(OPEN_ESCALATIONS_SQL, []),
  ]);
  return { openDossiers, lateSteps, openEscalations };
}
