-- CreateEnum
CREATE TYPE "AdminLevel" AS ENUM ('COMMUNE', 'DISTRICT', 'PROVINCE', 'CENTRAL');

-- CreateEnum
CREATE TYPE "OnlineLevel" AS ENUM ('FULL', 'PARTIAL');

-- CreateEnum
CREATE TYPE "DossierStatus" AS ENUM ('IN_PROGRESS', 'WAITING_SUPPLEMENT', 'COMPLETED', 'REFUSED', 'WITHDRAWN', 'STOPPED');

-- CreateEnum
CREATE TYPE "StepStatus" AS ENUM ('PENDING', 'ACTIVE', 'WAITING_SUPPLEMENT', 'DONE', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "Outcome" AS ENUM ('EARLY', 'ON_TIME', 'LATE');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('ONLINE', 'COUNTER', 'POST');

-- CreateTable
CREATE TABLE "agency" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "AdminLevel" NOT NULL,
    "parent_code" TEXT,
    "endpoint_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agency_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "procedure" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "field" TEXT,
    "level" "AdminLevel",
    "online_level" "OnlineLevel" NOT NULL,
    "fee_vnd" INTEGER,
    "total_working_days" DOUBLE PRECISION NOT NULL,
    "receiving_agency_code" TEXT NOT NULL,
    "current_version" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "procedure_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "procedure_version" (
    "procedure_code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "procedure_version_pkey" PRIMARY KEY ("procedure_code","version")
);

-- CreateTable
CREATE TABLE "dossier" (
    "code" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "procedure_code" TEXT NOT NULL,
    "procedure_version" INTEGER NOT NULL,
    "receiving_agency_code" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "status" "DossierStatus" NOT NULL,
    "applicant_name" TEXT NOT NULL,
    "applicant_id_number" TEXT NOT NULL,
    "applicant_phone" TEXT,
    "applicant_email" TEXT,
    "form_data" JSONB,
    "lookup_key_hash" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "original_due_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "outcome" "Outcome",
    "current_agencies" TEXT[],
    "last_event_seq" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dossier_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "dossier_step" (
    "dossier_code" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "agency_code" TEXT NOT NULL,
    "status" "StepStatus" NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "due_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "result" JSONB,

    CONSTRAINT "dossier_step_pkey" PRIMARY KEY ("dossier_code","key")
);

-- CreateTable
CREATE TABLE "dossier_event" (
    "dossier_code" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "payload" JSONB NOT NULL,

    CONSTRAINT "dossier_event_pkey" PRIMARY KEY ("dossier_code","seq")
);

-- CreateTable
CREATE TABLE "receipt_sequence" (
    "agency_code" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "last_number" INTEGER NOT NULL,

    CONSTRAINT "receipt_sequence_pkey" PRIMARY KEY ("agency_code","day")
);

-- CreateTable
CREATE TABLE "calendar_day" (
    "date" TEXT NOT NULL,
    "working" BOOLEAN NOT NULL,
    "reason" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calendar_day_pkey" PRIMARY KEY ("date")
);

-- CreateTable
CREATE TABLE "calendar_revision" (
    "version" SERIAL NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changed_by" TEXT,
    "summary" TEXT,

    CONSTRAINT "calendar_revision_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE UNIQUE INDEX "dossier_workflow_id_key" ON "dossier"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "dossier_idempotency_key_key" ON "dossier"("idempotency_key");

-- CreateIndex
CREATE INDEX "dossier_status_due_at_idx" ON "dossier"("status", "due_at");

-- CreateIndex
CREATE INDEX "dossier_procedure_code_received_at_idx" ON "dossier"("procedure_code", "received_at");

-- CreateIndex
CREATE INDEX "dossier_receiving_agency_code_received_at_idx" ON "dossier"("receiving_agency_code", "received_at");

-- CreateIndex
CREATE INDEX "dossier_step_agency_code_status_idx" ON "dossier_step"("agency_code", "status");

-- AddForeignKey
ALTER TABLE "agency" ADD CONSTRAINT "agency_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "agency"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "procedure_version" ADD CONSTRAINT "procedure_version_procedure_code_fkey" FOREIGN KEY ("procedure_code") REFERENCES "procedure"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_step" ADD CONSTRAINT "dossier_step_dossier_code_fkey" FOREIGN KEY ("dossier_code") REFERENCES "dossier"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dossier_event" ADD CONSTRAINT "dossier_event_dossier_code_fkey" FOREIGN KEY ("dossier_code") REFERENCES "dossier"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
