-- National public-service portal sync (integrations/national-portal/, docs/national-portal.md).
--
-- national_status_mapping: which engine event reports which national status code (1 new … 10
-- result returned). Data an administrator changes through GraphQL; events not listed are not sent.
CREATE TABLE "national_status_mapping" (
    "event_type" TEXT NOT NULL,
    "status_code" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_by" TEXT,
    CONSTRAINT "national_status_mapping_pkey" PRIMARY KEY ("event_type"),
    CONSTRAINT "national_status_mapping_code_check" CHECK ("status_code" BETWEEN 1 AND 10)
);

-- The defaults (docs/national-portal.md explains each line).
INSERT INTO "national_status_mapping" ("event_type", "status_code", "updated_by") VALUES
    ('DOSSIER_RECEIVED', 2, 'migration'),
    ('STEP_STARTED', 4, 'migration'),
    ('SUPPLEMENT_REQUESTED', 5, 'migration'),
    ('SUPPLEMENT_PROVIDED', 4, 'migration'),
    ('DOSSIER_COMPLETED', 9, 'migration'),
    ('DOSSIER_REFUSED', 3, 'migration'),
    ('DOSSIER_WITHDRAWN', 7, 'migration'),
    ('DOSSIER_STOPPED', 8, 'migration');

-- The outbox: one row per event the mapping names, inserted by the read-model projection in the
-- same statement as the event itself (prisma/read-model/dossier-projection.ts), keyed like the
-- event, so a retried projection inserts nothing twice. The delivery loop sends each dossier's rows
-- in event order and stamps them delivered; a refused row stops its dossier until it is resent.
CREATE TABLE "national_sync_outbox" (
    "dossier_code" TEXT NOT NULL,
    "event_seq" INTEGER NOT NULL,
    "event_type" TEXT NOT NULL,
    "status_code" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "refused" BOOLEAN NOT NULL DEFAULT false,
    "delivered_at" TIMESTAMPTZ(3),
    CONSTRAINT "national_sync_outbox_pkey" PRIMARY KEY ("dossier_code", "event_seq"),
    CONSTRAINT "national_sync_outbox_dossier_code_fkey" FOREIGN KEY ("dossier_code") REFERENCES "dossier"("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- What is still to send, in the order the loop takes it (partial: delivered rows are the bulk).
CREATE INDEX "national_sync_outbox_pending_idx" ON "national_sync_outbox" ("dossier_code", "event_seq")
  INCLUDE ("next_attempt_at", "refused") WHERE "delivered_at" IS NULL;
