-- performanceStats(groupBy: AGENCY) (statistics/performance-stats.ts; measured by bench/statistics.ts).
--
-- The agency figures count each (dossier, agency that handled a step of it) once, so the period's
-- dossiers are joined to their handled steps and grouped per dossier and agency. These two indexes
-- hold each side of that join in dossier code order with every column the join reads, so the
-- planner merges them and aggregates as they stream: no sort of the steps (millions a year), no
-- visit to either table (dossier codes are agency-date-number, so code order is not the heap's time
-- order and the primary key would read the dossiers at random). Over 1,000,000 dossiers they take
-- the statement from about 6 s to about 3 s (bench/statistics.ts). Partial and INCLUDE indexes are
-- not expressible in schema.prisma, so they live here only.

-- The handled steps (started_at set) with what their outcome needs.
CREATE INDEX "dossier_step_statistics_idx" ON "dossier_step" ("dossier_code", "agency_code")
  INCLUDE ("status", "due_at", "completed_at", "late") WHERE "started_at" IS NOT NULL;

-- The dossier columns of the agency figures, and received_at for the period.
CREATE INDEX "dossier_statistics_idx" ON "dossier" ("code")
  INCLUDE ("received_at", "status", "channel", "processing_working_minutes");
