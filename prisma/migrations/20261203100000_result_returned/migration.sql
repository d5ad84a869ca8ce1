-- Handing the result back at the one-stop desk (recordResultReturned, domain/handover/result-return.ts):
-- when, to whom, and which officer recorded it. Written once per dossier by the desk, never by the
-- workflow's projection, which leaves these columns alone.
ALTER TABLE "dossier"
    ADD COLUMN "result_returned_at" TIMESTAMPTZ(3),
    ADD COLUMN "result_returned_to" TEXT,
    ADD COLUMN "result_returned_by" TEXT;

-- "Result returned" is national status 10 (docs/national-portal.md); administrators may change it
-- like any other line. An installation that already mapped the event keeps its own line.
INSERT INTO "national_status_mapping" ("event_type", "status_code", "updated_by") VALUES
    ('RESULT_RETURNED', 10, 'migration')
ON CONFLICT ("event_type") DO NOTHING;
