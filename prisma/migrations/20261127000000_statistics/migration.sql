-- Statistics (statistics/performance-stats.ts).

-- AlterTable: each completed dossier's processing time in working minutes (receipt to completion,
-- supplement pauses excluded), set by the workflow at completion; null before, or when unknown.
ALTER TABLE "dossier" ADD COLUMN     "processing_working_minutes" DOUBLE PRECISION;

-- CreateIndex: performanceStats selects the dossiers received in a period. The per-dossier step
-- lookups use dossier_step's primary key (dossier_code, key) and an agency's own view uses
-- dossier_step_agency_code_status_idx; apology letters are found by apology_letter_dossier_code_idx.
CREATE INDEX "dossier_received_at_idx" ON "dossier"("received_at");
