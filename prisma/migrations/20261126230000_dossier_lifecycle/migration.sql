-- CreateEnum
CREATE TYPE "StepMode" AS ENUM ('SYSTEM', 'MANUAL');

-- CreateEnum
CREATE TYPE "EscalationReason" AS ENUM ('STEP_OVERDUE', 'DOSSIER_OVERDUE', 'INTEGRATION_FAILURE');

-- CreateEnum
CREATE TYPE "EscalationStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('RECEIVED', 'SUPPLEMENT_REQUESTED', 'APOLOGY', 'RESULT_READY');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('PORTAL', 'AGENCY', 'SUPERVISOR', 'ADMIN');

-- AlterTable
ALTER TABLE "dossier" ADD COLUMN     "status_reason" TEXT,
ADD COLUMN     "late_step_key" TEXT,
ADD COLUMN     "late_agency_code" TEXT,
ADD COLUMN     "paused_working_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "supplement" JSONB;

-- AlterTable
ALTER TABLE "dossier_step" ADD COLUMN     "mode" "StepMode" NOT NULL DEFAULT 'MANUAL',
ADD COLUMN     "warned_at" TIMESTAMPTZ(3),
ADD COLUMN     "late" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "paused_working_minutes" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "reference" TEXT,
ADD COLUMN     "failure" TEXT;

-- CreateTable
CREATE TABLE "escalation" (
    "id" TEXT NOT NULL,
    "dossier_code" TEXT NOT NULL,
    "step_key" TEXT,
    "reason" "EscalationReason" NOT NULL,
    "agency_code" TEXT NOT NULL,
    "target_agency_code" TEXT,
    "level" INTEGER NOT NULL,
    "status" "EscalationStatus" NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "climb_at" TIMESTAMPTZ(3),
    "climbed_at" TIMESTAMPTZ(3),
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" TEXT,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,
    "note" TEXT,

    CONSTRAINT "escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "apology_letter" (
    "id" TEXT NOT NULL,
    "dossier_code" TEXT NOT NULL,
    "step_key" TEXT NOT NULL,
    "agency_code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "previous_due_at" TIMESTAMPTZ(3) NOT NULL,
    "new_due_at" TIMESTAMPTZ(3) NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "issued_by" TEXT NOT NULL,

    CONSTRAINT "apology_letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "dossier_code" TEXT NOT NULL,
    "event_seq" INTEGER NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("dossier_code","event_seq")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "agency_code" TEXT,
    "label" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_hash_key" ON "api_key"("hash");

-- CreateIndex
CREATE INDEX "escalation_dossier_code_idx" ON "escalation"("dossier_code");

-- CreateIndex
CREATE INDEX "escalation_status_target_agency_code_idx" ON "escalation"("status", "target_agency_code");

-- CreateIndex
CREATE INDEX "apology_letter_dossier_code_idx" ON "apology_letter"("dossier_code");

-- CreateIndex
CREATE INDEX "notification_sent_at_idx" ON "notification"("sent_at");

-- AddForeignKey
ALTER TABLE "escalation" ADD CONSTRAINT "escalation_dossier_code_fkey" FOREIGN KEY ("dossier_code") REFERENCES "dossier"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "apology_letter" ADD CONSTRAINT "apology_letter_dossier_code_fkey" FOREIGN KEY ("dossier_code") REFERENCES "dossier"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_dossier_code_fkey" FOREIGN KEY ("dossier_code") REFERENCES "dossier"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
