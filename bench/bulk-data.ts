// Read-model rows for the read-path and statistics benchmarks, generated directly in PostgreSQL with
// INSERT ... SELECT generate_series (NOT through workflows: no Temporal history exists for them).
// Distributions: procedures of the sample catalog, received over the last 365 days; older dossiers
// mostly closed (COMPLETED 92%, REFUSED 4%, WITHDRAWN 2%, STOPPED 1%, still open and overdue 1%),
// the last 60 days mostly open (IN_PROGRESS 50%, WAITING_SUPPLEMENT 10%, COMPLETED 40%); completed
// ones EARLY 30% / ON_TIME 55% / LATE 15%; every dossier has its procedure's steps.
// What the statistics read is filled in as the workflow would: a LATE dossier's lateness is
// attributed to its first step (the one marked late), a completed one records its working minutes,
// a WAITING_SUPPLEMENT one its supplement request, and half the LATE ones got an apology letter from
// the late step's agency (otherwise lateAttributed, apologies and the averages would all be 0/null).
import { deriveLookupKey, hashLookupKey } from '../services/reception/lookup-key';
import type { BenchStack } from './stack';
import { LOOKUP_SECRET } from './stack';

export const BULK_PREFIX = 'BULK-';

export interface BulkSample {
  codes: string[];
  lookupKeys: string[];
}

export async function generateDossiers(
  stack: BenchStack,
  count: number,
  log: (l: string) => void,
): Promise<BulkSample> {
  const t0 = Date.now();
  const sql = stack.db.sql;
  // One session, so setseed() makes the data the same on every run.
  await sql.withSession(async (session) => {
    await session.query(`SELECT setseed(0.4242)`);
    await session.query(
      `
    WITH procs AS (
      SELECT p.code, p.receiving_agency_code, p.total_working_days, p.current_version AS version,
             v.definition->'steps'->0->>'key' AS first_step_key, v.definition->'steps'->0->>'agencyCode' AS first_step_agency,
             (row_number() OVER (ORDER BY p.code))::int - 1 AS idx
        FROM procedure p JOIN procedure_version v ON v.procedure_code = p.code AND v.version = p.current_version
       WHERE p.code NOT LIKE 'BENCH%'
    ), n AS (SELECT count(*)::int AS n FROM procs),
    raw AS (
      SELECT g, random() AS r_age, random() AS r_status, random() AS r_outcome, random() AS r_offset, random() AS r_chan
        FROM generate_series(1, $1::int) g
    ),
    shaped AS (
      SELECT raw.*, pr.code AS procedure_code, pr.version, pr.receiving_agency_code, pr.total_working_days,
             pr.first_step_key, pr.first_step_agency,
             now() - (r_age * interval '365 days') AS received_at,
             CASE WHEN r_age > 60.0 / 365 THEN
                    CASE WHEN r_status < 0.92 THEN 'COMPLETED' WHEN r_status < 0.96 THEN 'REFUSED'
                         WHEN r_status < 0.98 THEN 'WITHDRAWN' WHEN r_status < 0.99 THEN 'STOPPED' ELSE 'IN_PROGRESS' END
                  ELSE
                    CASE WHEN r_status < 0.5 THEN 'IN_PROGRESS' WHEN r_status < 0.6 THEN 'WAITING_SUPPLEMENT' ELSE 'COMPLETED' END
             END AS status
        FROM raw CROSS JOIN n JOIN procs pr ON pr.idx = (raw.g::bigint * 7919) % n.n  -- bigint: g * 7919 overflows int past 271,000
    ),
    dated AS (
      SELECT shaped.*, received_at + (total_working_days * 1.4) * interval '1 day' AS due_at,
             CASE WHEN status <> 'COMPLETED' THEN NULL WHEN r_outcome < 0.30 THEN 'EARLY' WHEN r_outcome < 0.85 THEN 'ON_TIME' ELSE 'LATE' END AS outcome
        FROM shaped
    ),
    finished AS (
      SELECT dated.*,
             CASE outcome WHEN 'EARLY' THEN due_at - (1 + r_offset * 3) * interval '1 day'
                          WHEN 'ON_TIME' THEN date_trunc('day', due_at) + r_offset * (due_at - date_trunc('day', due_at))
                          WHEN 'LATE' THEN due_at + (0.1 + r_offset * 10) * interval '1 day' END AS completed_at
        FROM dated
    ),
    -- Codes shaped like real receipt codes (receiving agency, local day, daily sequence), so code
    -- order is not time order, while the rows are inserted in time order like real receptions.
    coded AS (
      SELECT finished.*, '${BULK_PREFIX}' || receiving_agency_code || '-' || to_char(received_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-'
               || lpad((row_number() OVER (PARTITION BY receiving_agency_code, (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date ORDER BY received_at))::text, 4, '0') AS code
        FROM finished
    )
    INSERT INTO dossier (code, workflow_id, idempotency_key, procedure_code, procedure_version, receiving_agency_code, channel, status,
      applicant_name, applicant_id_number, applicant_phone, lookup_key_hash, submitted_at, received_at, due_at, original_due_at,
      completed_at, outcome, current_agencies, last_event_seq, updated_at,
      late_step_key, late_agency_code, processing_working_minutes, supplement)
    SELECT code, 'dossier/' || code, 'bulk-' || g,
      procedure_code, version, receiving_agency_code,
      (CASE WHEN r_chan < 0.6 THEN 'ONLINE' WHEN r_chan < 0.95 THEN 'COUNTER' ELSE 'POST' END)::"Channel",
      status::"DossierStatus", 'Người nộp ' || g, lpad((g * 37)::text, 12, '0'), '09' || lpad((g % 100000000)::text, 8, '0'),
      md5(g::text), received_at, received_at, due_at, due_at, completed_at, outcome::"Outcome",
      CASE WHEN status IN ('IN_PROGRESS') THEN ARRAY[receiving_agency_code] ELSE ARRAY[]::text[] END,
      5, now(),
      CASE WHEN outcome = 'LATE' THEN first_step_key END, CASE WHEN outcome = 'LATE' THEN first_step_agency END,
      -- Working minutes: elapsed days x 5/7 working days x 8 hours.
      CASE WHEN status = 'COMPLETED' THEN extract(epoch FROM completed_at - received_at) / 86400 * 5 / 7 * 480 END,
      CASE WHEN status = 'WAITING_SUPPLEMENT' THEN jsonb_build_object('stepKey', first_step_key, 'items', jsonb_build_array('Bản sao'),
        'requestedAt', received_at + r_offset * (now() - received_at), 'requestedBy', 'bench', 'expiresAt', now() + interval '15 days') END
    FROM coded ORDER BY received_at`,
      [count],
    );
    await session.query(
      `
    INSERT INTO dossier_step (dossier_code, key, name, agency_code, mode, status, started_at, due_at, completed_at, late)
    SELECT d.code, s->>'key', s->>'name', s->>'agencyCode', (s->>'mode')::"StepMode",
           (CASE WHEN d.status = 'COMPLETED' THEN 'DONE' WHEN d.status IN ('REFUSED','WITHDRAWN','STOPPED') THEN 'CANCELLED'
                 WHEN d.status = 'WAITING_SUPPLEMENT' AND ord = 1 THEN 'WAITING_SUPPLEMENT'
                 WHEN ord = 1 THEN 'ACTIVE' ELSE 'PENDING' END)::"StepStatus",
           CASE WHEN d.status = 'COMPLETED' OR ord = 1 THEN d.received_at END,
           CASE WHEN d.status = 'COMPLETED' OR ord = 1 THEN d.received_at + (s->>'workingDays')::float * 1.4 * interval '1 day' END,
           CASE WHEN d.status = 'COMPLETED' THEN d.completed_at END,
           coalesce(d.outcome = 'LATE', false) AND ord = 1
      FROM dossier d
      JOIN procedure_version v ON v.procedure_code = d.procedure_code AND v.version = d.procedure_version
      CROSS JOIN LATERAL jsonb_array_elements(v.definition->'steps') WITH ORDINALITY AS st(s, ord)
     WHERE d.code LIKE '${BULK_PREFIX}%'`,
    );
    await session.query(
      `
    INSERT INTO apology_letter (id, dossier_code, step_key, agency_code, reason, previous_due_at, new_due_at, issued_at, issued_by)
    SELECT 'apology-' || d.code, d.code, d.late_step_key, d.late_agency_code, 'Quá tải hồ sơ', d.due_at, d.completed_at,
           d.due_at - interval '1 hour', 'bench'
      FROM dossier d
     WHERE d.code LIKE '${BULK_PREFIX}%' AND d.outcome = 'LATE' AND right(d.code, 1) IN ('0', '2', '4', '6', '8')`,
    );
  });
  // A sample of dossiers (every step-th in generation order, so all agencies and days) gets real
  // lookup keys, so trackDossier can be asked about them.
  const sampleSize = Math.min(1000, count);
  const step = Math.max(1, Math.floor(count / sampleSize));
  const sample = await sql.query<{ code: string }>(
    `SELECT code FROM (SELECT code, row_number() OVER (ORDER BY length(idempotency_key), idempotency_key) AS n FROM dossier WHERE code LIKE '${BULK_PREFIX}%') s
      WHERE (n - 1) % $1 = 0 ORDER BY n LIMIT $2`,
    [step, sampleSize],
  );
  const codes = sample.map((r) => r.code);
  const lookupKeys = codes.map((c) => deriveLookupKey(LOOKUP_SECRET, c));
  await sql.query(
    `UPDATE dossier d SET lookup_key_hash = s.h FROM unnest($1::text[], $2::text[]) AS s(code, h) WHERE d.code = s.code`,
    [codes, lookupKeys.map(hashLookupKey)],
  );
  await sql.exec('VACUUM ANALYZE dossier');
  await sql.exec('VACUUM ANALYZE dossier_step');
  await sql.exec('VACUUM ANALYZE apology_letter');
  const [size] = await sql.query<{ n: string; bytes: string }>(
    `SELECT (SELECT count(*) FROM dossier)::text AS n, pg_database_size(current_database())::text AS bytes`,
  );
  log(
    `bulk data: ${size.n} dossiers in the read model, generated with SQL (not through workflows) in ${((Date.now() - t0) / 1000).toFixed(1)} s; database ${(Number(size.bytes) / 2 ** 20).toFixed(0)} MiB`,
  );
  return { codes, lookupKeys };
}
