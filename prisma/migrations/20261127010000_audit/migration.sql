-- Audit trail of mutations (graphql/audit-plugin.ts): ids and codes only, never personal data.

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "principal_id" TEXT,
    "role" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "request_id" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "error_code" TEXT,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_event_principal_id_occurred_at_idx" ON "audit_event"("principal_id", "occurred_at");

-- CreateIndex
CREATE INDEX "audit_event_action_occurred_at_idx" ON "audit_event"("action", "occurred_at");
