-- The read path (BENCHMARKS.md, "Read path").
--
-- `dossiers(filter: { late: true })` lists, newest received first, the dossiers overdue now
-- (IN_PROGRESS past due_at) or completed LATE. "Now" cannot be in an index predicate, so this
-- partial index holds the candidates (every IN_PROGRESS dossier and the LATE completions) in the
-- list's order; the planner proves the filter implies the predicate and walks it backwards,
-- skipping only the in-progress dossiers not yet due, instead of walking every dossier received
-- (which, in a province where most dossiers are on time, means reading most of the table).
-- Not expressible in schema.prisma (no partial indexes), so it lives here only.
CREATE INDEX "dossier_late_candidates_idx" ON "dossier" ("received_at" DESC, "code" DESC)
  WHERE "status" = 'IN_PROGRESS' OR ("status" = 'COMPLETED' AND "outcome" = 'LATE');
